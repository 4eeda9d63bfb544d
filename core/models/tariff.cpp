#include "models/tariff.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include <date/tz.h>

#include "common/error.h"

namespace twinbench {
namespace {

constexpr std::array<const char*, 7> day_names{{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}};

[[noreturn]] void bad_tariff(const std::string& reason) {
    throw BadInputError(FileLocation{"tariff", 0, 0}, reason);
}

const nlohmann::json& member(const nlohmann::json& json, const char* key) {
    if (!json.is_object() || !json.contains(key)) bad_tariff(std::string("missing key '") + key + "'");
    return json.at(key);
}

double number_member(const nlohmann::json& json, const char* key) {
    const auto& v = member(json, key);
    if (!v.is_number()) bad_tariff(std::string("'") + key + "' is not a number");
    return v.get<double>();
}

std::string string_member(const nlohmann::json& json, const char* key) {
    const auto& v = member(json, key);
    if (!v.is_string()) bad_tariff(std::string("'") + key + "' is not a string");
    return v.get<std::string>();
}

}  // namespace

int tariff_clock_minutes(const std::string& hh_mm) {
    int h = -1;
    int m = -1;
    char tail = 0;
    if (hh_mm.size() != 5 || std::sscanf(hh_mm.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || m < 0 ||
        m > 59 || h * 60 + m > 24 * 60) {
        bad_tariff("clock time '" + hh_mm + "' is not HH:MM between 00:00 and 24:00");
    }
    return h * 60 + m;
}

std::string tariff_clock_text(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

TimeOfUseTariff::TimeOfUseTariff(TariffSettings settings) { set_settings(std::move(settings)); }

void TimeOfUseTariff::set_settings(TariffSettings settings) {
    const auto price_ok = [](double p) { return std::isfinite(p) && p >= 0.0; };
    if (!price_ok(settings.peak_price_per_kwh) || !price_ok(settings.offpeak_price_per_kwh)) {
        bad_tariff("prices must be finite and not negative");
    }
    const auto clock_ok = [](int m) { return m >= 0 && m <= 24 * 60; };
    if (!clock_ok(settings.peak_start_min) || !clock_ok(settings.peak_end_min)) {
        bad_tariff("peak window clock times must lie between 00:00 and 24:00");
    }
    const date::time_zone* zone = nullptr;
    try {
        zone = date::locate_zone(settings.time_zone);
    } catch (const std::exception&) {
        bad_tariff("unknown time zone '" + settings.time_zone + "' (use an IANA name such as Europe/Berlin)");
    }
    settings_ = std::move(settings);
    zone_ = zone;
}

bool TimeOfUseTariff::is_peak(double utc_seconds) const {
    const auto s = static_cast<std::int64_t>(std::floor(utc_seconds));
    const date::sys_seconds tp{std::chrono::seconds{s}};
    // Wall clock in the plant's zone: DST shifts the window with the clock.
    const auto local = zone_->to_local(tp);
    const auto day = date::floor<date::days>(local);
    const date::weekday wd{day};
    const auto day_index = static_cast<std::size_t>((wd.c_encoding() + 6) % 7);  // Monday = 0
    if (!settings_.peak_days[day_index]) return false;
    const auto minute = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(local - day).count());
    const int start = settings_.peak_start_min;
    const int end = settings_.peak_end_min;
    if (start < end) return minute >= start && minute < end;
    if (start > end) return minute >= start || minute < end;
    return false;
}

double TimeOfUseTariff::price_at(double utc_seconds) const {
    return is_peak(utc_seconds) ? settings_.peak_price_per_kwh : settings_.offpeak_price_per_kwh;
}

TariffCost TimeOfUseTariff::cost(const std::vector<double>& utc_seconds, const std::vector<double>& kwh) const {
    if (utc_seconds.size() != kwh.size()) throw std::invalid_argument("tariff cost: times and energies differ in length");
    TariffCost c;
    for (std::size_t i = 0; i < kwh.size(); ++i) {
        if (std::isnan(utc_seconds[i]) || std::isnan(kwh[i])) {
            ++c.skipped;
            continue;
        }
        if (is_peak(utc_seconds[i])) {
            c.peak_kwh += kwh[i];
            c.peak_cost += kwh[i] * settings_.peak_price_per_kwh;
        } else {
            c.offpeak_kwh += kwh[i];
            c.offpeak_cost += kwh[i] * settings_.offpeak_price_per_kwh;
        }
    }
    c.total = c.peak_cost + c.offpeak_cost;
    return c;
}

nlohmann::json to_json(const TimeOfUseTariff& tariff) {
    const auto& s = tariff.settings();
    nlohmann::json days = nlohmann::json::array();
    for (std::size_t d = 0; d < 7; ++d)
        if (s.peak_days[d]) days.push_back(day_names[d]);
    return {{"time_zone", s.time_zone},
            {"currency", s.currency},
            {"peak_price_per_kwh", s.peak_price_per_kwh},
            {"offpeak_price_per_kwh", s.offpeak_price_per_kwh},
            {"peak_start", tariff_clock_text(s.peak_start_min)},
            {"peak_end", tariff_clock_text(s.peak_end_min)},
            {"peak_days", days}};
}

TimeOfUseTariff tariff_from_json(const nlohmann::json& json) {
    TariffSettings s;
    s.time_zone = string_member(json, "time_zone");
    s.currency = string_member(json, "currency");
    s.peak_price_per_kwh = number_member(json, "peak_price_per_kwh");
    s.offpeak_price_per_kwh = number_member(json, "offpeak_price_per_kwh");
    s.peak_start_min = tariff_clock_minutes(string_member(json, "peak_start"));
    s.peak_end_min = tariff_clock_minutes(string_member(json, "peak_end"));
    const auto& days = member(json, "peak_days");
    if (!days.is_array()) bad_tariff("'peak_days' is not an array of day names");
    s.peak_days.fill(false);
    for (const auto& d : days) {
        bool found = false;
        for (std::size_t k = 0; k < 7 && d.is_string(); ++k) {
            if (d.get<std::string>() == day_names[k]) {
                s.peak_days[k] = true;
                found = true;
            }
        }
        if (!found) bad_tariff("'peak_days' entry " + d.dump() + " is not one of Mon..Sun");
    }
    return TimeOfUseTariff(std::move(s));
}

}  // namespace twinbench
