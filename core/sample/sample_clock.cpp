#include "sample/sample_clock.h"

#include <date/tz.h>

#include <chrono>
#include <cstdlib>
#include <exception>

#include "common/error.h"

namespace twinbench::sample {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<std::int64_t>(y - era * 400);
    const std::int64_t mp = (m + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

void put2(std::string& out, int v) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
}

void put4(std::string& out, int v) {
    if (v < 0 || v > 9999) {
        out += std::to_string(v);
        return;
    }
    put2(out, v / 100);
    put2(out, v % 100);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return days[month - 1];
}

}  // namespace

CivilTime civil_from_seconds(std::int64_t seconds) {
    const std::int64_t z0 = floor_div(seconds, 86400);
    const std::int64_t sod = seconds - z0 * 86400;
    CivilTime c;
    c.hour = static_cast<int>(sod / 3600);
    c.minute = static_cast<int>((sod % 3600) / 60);
    c.second = static_cast<int>(sod % 60);
    c.weekday = static_cast<int>(z0 >= -4 ? (z0 + 4) % 7 : (z0 + 5) % 7 + 6);
    const std::int64_t z = z0 + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
    return c;
}

std::int64_t seconds_from_civil(int year, int month, int day, int hour, int minute, int second) {
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::optional<std::int64_t> parse_wall_time(std::string_view text) {
    // yyyy-mm-ddTHH:MM[:SS]
    if (text.size() != 16 && text.size() != 19) {
        return std::nullopt;
    }
    const char* s = text.data();
    const int digit_pos[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15};
    for (int p : digit_pos) {
        if (!is_digit(s[p])) {
            return std::nullopt;
        }
    }
    if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':') {
        return std::nullopt;
    }
    auto num = [&](int pos, int len) {
        int v = 0;
        for (int i = 0; i < len; ++i) {
            v = v * 10 + (s[pos + i] - '0');
        }
        return v;
    };
    int second = 0;
    if (text.size() == 19) {
        if (s[16] != ':' || !is_digit(s[17]) || !is_digit(s[18])) {
            return std::nullopt;
        }
        second = num(17, 2);
    }
    const int year = num(0, 4), month = num(5, 2), day = num(8, 2);
    const int hour = num(11, 2), minute = num(14, 2);
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
        minute > 59 || second > 59) {
        return std::nullopt;
    }
    return seconds_from_civil(year, month, day, hour, minute, second);
}

LocalClock::LocalClock(const std::string& zone_name) : zone_name_(zone_name) {
    try {
        zone_ = date::locate_zone(zone_name);
    } catch (const std::exception& e) {
        throw UsageError("unknown time zone '" + zone_name + "': " + e.what());
    }
}

std::int64_t LocalClock::offset_seconds(UtcSeconds t) const {
    if (t >= cache_begin_ && t < cache_end_) {
        return cache_offset_;
    }
    const date::sys_seconds tp{std::chrono::seconds{t}};
    const date::sys_info info = zone_->get_info(tp);
    cache_begin_ = info.begin.time_since_epoch().count();
    cache_end_ = info.end.time_since_epoch().count();
    cache_offset_ = info.offset.count();
    return cache_offset_;
}

UtcSeconds LocalClock::to_utc(std::int64_t wall) const {
    const date::local_seconds tp{std::chrono::seconds{wall}};
    const date::local_info info = zone_->get_info(tp);
    // unique: first is the only period; nonexistent: first is the period before the
    // gap, so the clock reading is interpreted as if the change had not happened yet,
    // which lands after the gap; ambiguous: first is the earlier occurrence.
    return wall - info.first.offset.count();
}

void append_dmy_hm(std::string& out, std::int64_t wall) {
    const CivilTime c = civil_from_seconds(wall);
    put2(out, c.day);
    out.push_back('.');
    put2(out, c.month);
    out.push_back('.');
    put4(out, c.year);
    out.push_back(' ');
    put2(out, c.hour);
    out.push_back(':');
    put2(out, c.minute);
}

void append_dmy_hms(std::string& out, std::int64_t wall) {
    append_dmy_hm(out, wall);
    out.push_back(':');
    put2(out, civil_from_seconds(wall).second);
}

void append_iso_space_hm(std::string& out, std::int64_t wall) {
    const CivilTime c = civil_from_seconds(wall);
    put4(out, c.year);
    out.push_back('-');
    put2(out, c.month);
    out.push_back('-');
    put2(out, c.day);
    out.push_back(' ');
    put2(out, c.hour);
    out.push_back(':');
    put2(out, c.minute);
}

namespace {

void append_iso_core(std::string& out, std::int64_t wall) {
    const CivilTime c = civil_from_seconds(wall);
    put4(out, c.year);
    out.push_back('-');
    put2(out, c.month);
    out.push_back('-');
    put2(out, c.day);
    out.push_back('T');
    put2(out, c.hour);
    out.push_back(':');
    put2(out, c.minute);
    out.push_back(':');
    put2(out, c.second);
}

}  // namespace

void append_iso_offset(std::string& out, UtcSeconds t, std::int64_t offset_seconds) {
    append_iso_core(out, t + offset_seconds);
    const std::int64_t a = std::llabs(offset_seconds);
    out.push_back(offset_seconds < 0 ? '-' : '+');
    put2(out, static_cast<int>(a / 3600));
    out.push_back(':');
    put2(out, static_cast<int>((a % 3600) / 60));
}

void append_iso_utc(std::string& out, UtcSeconds t) {
    append_iso_core(out, t);
    out.push_back('Z');
}

std::string format_iso_utc(UtcSeconds t) {
    std::string s;
    append_iso_utc(s, t);
    return s;
}

std::string format_dmy_hms(std::int64_t wall) {
    std::string s;
    append_dmy_hms(s, wall);
    return s;
}

}  // namespace twinbench::sample
