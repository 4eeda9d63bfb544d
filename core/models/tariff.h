// Time-of-use electricity tariff (PRODUCT.md section 1): a peak and an off-peak price per
// kWh, the peak window as local clock times [start, end) on chosen weekdays, evaluated in
// the plant's IANA time zone so that DST changes move the window with the wall clock, as
// the utility's bill does. Editable by the user and stored as JSON in the project.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace date {
class time_zone;
}

namespace twinbench {

struct TariffSettings {
    std::string time_zone = "Europe/Berlin";
    std::string currency = "EUR";
    double peak_price_per_kwh = 0.29;
    double offpeak_price_per_kwh = 0.19;
    // Local minutes after midnight. start > end wraps over midnight (22:00-06:00);
    // start == end means no peak window at all.
    int peak_start_min = 7 * 60;
    int peak_end_min = 20 * 60;
    // Monday first. Each local minute is judged by its own weekday (a window wrapping
    // over midnight into Saturday is off-peak on Saturday), as bills count it.
    std::array<bool, 7> peak_days{{true, true, true, true, true, false, false}};
};

struct TariffCost {
    double total = 0.0;
    double peak_cost = 0.0;
    double offpeak_cost = 0.0;
    double peak_kwh = 0.0;
    double offpeak_kwh = 0.0;
    std::size_t skipped = 0;  // intervals with a missing (NaN) time or energy
};

class TimeOfUseTariff {
public:
    // Throws BadInputError (file "tariff") for an unknown zone, negative or non-finite
    // prices and clock times outside 00:00..24:00.
    explicit TimeOfUseTariff(TariffSettings settings = {});

    const TariffSettings& settings() const { return settings_; }
    // Edits re-validate (and re-resolve the zone) through the constructor.
    void set_settings(TariffSettings settings);

    bool is_peak(double utc_seconds) const;
    double price_at(double utc_seconds) const;
    // Sum of kwh[i] * price_at(times[i]). The caller passes the time that decides the
    // price of each interval (its start for historian rows stamped at the start, its
    // start = stamp - step for meters stamped at the end). Throws std::invalid_argument
    // when the series differ in length.
    TariffCost cost(const std::vector<double>& utc_seconds, const std::vector<double>& kwh) const;

private:
    TariffSettings settings_;
    const date::time_zone* zone_ = nullptr;  // resolved once: locate_zone is a search
};

// "HH:MM" <-> minutes after midnight (24:00 allowed as an end). Throws BadInputError.
int tariff_clock_minutes(const std::string& hh_mm);
std::string tariff_clock_text(int minutes);

// {"time_zone", "currency", "peak_price_per_kwh", "offpeak_price_per_kwh",
//  "peak_start": "07:00", "peak_end": "20:00", "peak_days": ["Mon", ...]}
nlohmann::json to_json(const TimeOfUseTariff& tariff);
// Throws BadInputError naming the missing or mistyped key.
TimeOfUseTariff tariff_from_json(const nlohmann::json& json);

}  // namespace twinbench
