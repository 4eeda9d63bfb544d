#include "data/timestamp_parser.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

namespace twinbench {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

constexpr std::array<double, 10> powers_of_ten{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

// Forward-only reader over one trimmed cell. Kept trivially small so the compiler can keep
// the pointers in registers: this runs once per cell on columns of millions of rows.
struct Cursor {
    const char* p;
    const char* end;

    bool done() const { return p == end; }
    bool at(char c) const { return p != end && *p == c; }
    bool eat(char c) {
        if (p == end || *p != c) return false;
        ++p;
        return true;
    }
    // Greedy: "123" read as (1, 2) yields 12 and leaves '3' for the caller to reject.
    bool number(int min_digits, int max_digits, int& value) {
        int n = 0;
        int v = 0;
        while (n < max_digits && p != end && is_digit(*p)) {
            v = v * 10 + (*p - '0');
            ++p;
            ++n;
        }
        value = v;
        return n >= min_digits;
    }
    // Digits after a decimal point. Digits beyond nanoseconds are accepted but ignored:
    // a double holding seconds since 1970 cannot keep them anyway.
    bool fraction(double& value) {
        std::uint32_t digits = 0;
        int kept = 0;
        const char* start = p;
        while (p != end && is_digit(*p)) {
            if (kept < 9) {
                digits = digits * 10 + static_cast<std::uint32_t>(*p - '0');
                ++kept;
            }
            ++p;
        }
        value = static_cast<double>(digits) / powers_of_ten[static_cast<std::size_t>(kept)];
        return p != start;
    }
    void skip_spaces() {
        while (p != end && *p == ' ') ++p;
    }
};

struct CivilFields {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    double fraction = 0.0;
    int offset_seconds = 0;
    bool has_offset = false;
};

bool parse_date(Cursor& c, TimestampFormat format, CivilFields& f) {
    char sep = '-';
    bool year_first = false;
    bool month_first = false;
    switch (format) {
        case TimestampFormat::iso8601:
            year_first = true;
            sep = '-';
            break;
        case TimestampFormat::ymd_slash:
            year_first = true;
            sep = '/';
            break;
        case TimestampFormat::dmy_dot:
            sep = '.';
            break;
        case TimestampFormat::dmy_slash:
            sep = '/';
            break;
        case TimestampFormat::dmy_dash:
            sep = '-';
            break;
        case TimestampFormat::mdy_slash:
            sep = '/';
            month_first = true;
            break;
        default:
            return false;
    }
    if (year_first)
        return c.number(4, 4, f.year) && c.eat(sep) && c.number(1, 2, f.month) && c.eat(sep) &&
               c.number(1, 2, f.day);
    int a = 0;
    int b = 0;
    if (!(c.number(1, 2, a) && c.eat(sep) && c.number(1, 2, b) && c.eat(sep) &&
          c.number(4, 4, f.year)))
        return false;
    f.month = month_first ? a : b;
    f.day = month_first ? b : a;
    return true;
}

// "Z", "+01:00", "+0100", "+01", optionally after spaces ("... 02:30:00 +0100").
bool parse_offset(Cursor& c, CivilFields& f) {
    const Cursor saved = c;
    c.skip_spaces();
    if (c.eat('Z') || c.eat('z')) {
        f.has_offset = true;
        return true;
    }
    int sign = 0;
    if (c.eat('+'))
        sign = 1;
    else if (c.eat('-'))
        sign = -1;
    if (sign == 0) {
        c = saved;  // not an offset; the caller rejects whatever is left
        return true;
    }
    int hours = 0;
    int minutes = 0;
    if (!c.number(2, 2, hours)) return false;
    if (c.eat(':')) {
        if (!c.number(2, 2, minutes)) return false;
    } else if (!c.done()) {
        if (!c.number(2, 2, minutes)) return false;
    }
    // Real offsets stay within +-14 h; 18 h is the widest any library writes.
    if (hours > 18 || minutes > 59) return false;
    f.offset_seconds = sign * (hours * 3600 + minutes * 60);
    f.has_offset = true;
    return true;
}

// 12-hour clocks appear in US-style exports ("3/29/2026 2:30 PM"); never in ISO.
bool parse_meridiem(Cursor& c, CivilFields& f) {
    const Cursor saved = c;
    c.skip_spaces();
    if (c.done()) {
        c = saved;
        return true;
    }
    const char first = *c.p;
    const bool pm = first == 'P' || first == 'p';
    if (!pm && first != 'A' && first != 'a') {
        c = saved;
        return true;
    }
    ++c.p;
    if (!(c.eat('M') || c.eat('m'))) return false;
    if (f.hour < 1 || f.hour > 12) return false;
    if (pm && f.hour != 12) f.hour += 12;
    if (!pm && f.hour == 12) f.hour = 0;
    return true;
}

bool parse_time(Cursor& c, bool iso, CivilFields& f) {
    if (!(c.number(1, 2, f.hour) && c.eat(':') && c.number(2, 2, f.minute))) return false;
    if (c.eat(':')) {
        if (!c.number(2, 2, f.second)) return false;
        if (c.at('.') || c.at(',')) {
            ++c.p;
            if (!c.fraction(f.fraction)) return false;
        }
    }
    if (!(iso ? parse_offset(c, f) : parse_meridiem(c, f))) return false;
    if (f.minute > 59 || f.second > 59) return false;
    // 24:00 closes a day ("end of day" readings); only the exact instant is meaningful.
    if (f.hour == 24) return f.minute == 0 && f.second == 0 && f.fraction == 0.0;
    return f.hour <= 23;
}

bool valid_date(const CivilFields& f) {
    // The four-digit years of the proleptic Gregorian calendar: open ends such as
    // 9999-12-31 and old placeholders such as 1899-12-30 are dates too (placeholder_date).
    if (f.year < 1 || f.year > 9999) return false;
    const date::year_month_day ymd{date::year{f.year}, date::month{static_cast<unsigned>(f.month)},
                                   date::day{static_cast<unsigned>(f.day)}};
    return ymd.ok();
}

bool parse_civil(std::string_view cell, TimestampFormat format, CivilFields& f) {
    Cursor c{cell.data(), cell.data() + cell.size()};
    if (!parse_date(c, format, f)) return false;
    const bool iso = format == TimestampFormat::iso8601;
    if (!c.done()) {
        if (iso && (c.at('T') || c.at('t')))
            ++c.p;
        else if (c.at(' '))
            c.skip_spaces();
        else
            return false;
        if (!parse_time(c, iso, f) || !c.done()) return false;
    }
    return valid_date(f);
}

double civil_to_seconds(const CivilFields& f) {
    const date::sys_days days{date::year{f.year} / date::month{static_cast<unsigned>(f.month)} /
                              date::day{static_cast<unsigned>(f.day)}};
    // hour == 24 rolls over to the next day by plain arithmetic, year 9999 included.
    const std::int64_t whole = std::int64_t{days.time_since_epoch().count()} * seconds_per_day +
                               f.hour * 3600 + f.minute * 60 + f.second - f.offset_seconds;
    return static_cast<double>(whole) + f.fraction;
}

// Epoch ranges are narrow on purpose: [1e8, 1e10) s is 1973..2286, [1e11, 1e13) ms is
// 1973..2286 too, and the gap between them keeps the two readings disjoint. Counters and
// small integers fall outside and are therefore never taken for time.
std::optional<ParsedTimestamp> parse_epoch(std::string_view cell, bool millis) {
    std::uint64_t whole = 0;
    std::size_t i = 0;
    while (i < cell.size() && is_digit(cell[i])) {
        if (i >= 13) return std::nullopt;
        whole = whole * 10 + static_cast<std::uint64_t>(cell[i] - '0');
        ++i;
    }
    if (i == 0) return std::nullopt;
    double fraction = 0.0;
    if (i < cell.size() && cell[i] == '.') {
        Cursor c{cell.data() + i + 1, cell.data() + cell.size()};
        if (!c.fraction(fraction) || !c.done()) return std::nullopt;
    } else if (i != cell.size()) {
        return std::nullopt;
    }
    const std::uint64_t lo = millis ? 100'000'000'000ULL : 100'000'000ULL;
    const std::uint64_t hi = millis ? 10'000'000'000'000ULL : 10'000'000'000ULL;
    if (whole < lo || whole >= hi) return std::nullopt;
    ParsedTimestamp out;
    out.has_offset = true;
    out.seconds = millis ? static_cast<double>(whole / 1000) +
                               (static_cast<double>(whole % 1000) + fraction) / 1000.0
                         : static_cast<double>(whole) + fraction;
    return out;
}

constexpr std::array<TimestampFormat, 8> all_formats{
    TimestampFormat::iso8601,       TimestampFormat::dmy_dot,      TimestampFormat::mdy_slash,
    TimestampFormat::dmy_slash,     TimestampFormat::dmy_dash,     TimestampFormat::ymd_slash,
    TimestampFormat::epoch_seconds, TimestampFormat::epoch_millis,
};

bool is_epoch(TimestampFormat format) {
    return format == TimestampFormat::epoch_seconds || format == TimestampFormat::epoch_millis;
}

}  // namespace

std::string_view timestamp_format_name(TimestampFormat format) {
    switch (format) {
        case TimestampFormat::iso8601:
            return "yyyy-mm-ddTHH:MM:SS (ISO 8601)";
        case TimestampFormat::dmy_dot:
            return "dd.mm.yyyy HH:MM:SS";
        case TimestampFormat::dmy_slash:
            return "dd/mm/yyyy HH:MM:SS";
        case TimestampFormat::mdy_slash:
            return "mm/dd/yyyy HH:MM:SS";
        case TimestampFormat::dmy_dash:
            return "dd-mm-yyyy HH:MM:SS";
        case TimestampFormat::ymd_slash:
            return "yyyy/mm/dd HH:MM:SS";
        case TimestampFormat::epoch_seconds:
            return "epoch seconds";
        case TimestampFormat::epoch_millis:
            return "epoch milliseconds";
    }
    return "unknown";
}

std::optional<ParsedTimestamp> parse_timestamp(std::string_view cell, TimestampFormat format) {
    cell = trim(cell);
    if (cell.empty()) return std::nullopt;
    if (is_epoch(format)) return parse_epoch(cell, format == TimestampFormat::epoch_millis);
    CivilFields f;
    if (!parse_civil(cell, format, f)) return std::nullopt;
    ParsedTimestamp out;
    out.seconds = civil_to_seconds(f);
    out.has_offset = f.has_offset;
    out.end_of_day = f.hour == 24;
    return out;
}

PlaceholderDate placeholder_date(double civil_seconds) {
    // Every real reading falls between these (1900-01-02 and 2099-12-31, exclusive): the
    // common cell needs two comparisons, not a calendar conversion.
    constexpr double after_first = -2208902400.0, before_last = 4102358400.0;
    if (civil_seconds >= after_first && civil_seconds < before_last) return PlaceholderDate::none;
    if (!std::isfinite(civil_seconds)) return PlaceholderDate::none;
    const auto days = static_cast<std::int64_t>(std::floor(civil_seconds / static_cast<double>(seconds_per_day)));
    const date::year_month_day ymd{date::sys_days{date::days{days}}};
    const int y = static_cast<int>(ymd.year());
    const unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const auto is = [&](int year, unsigned month, unsigned day) { return y == year && m == month && d == day; };
    if (y >= 9999 || is(2099, 12, 31) || is(2999, 12, 31) || is(3000, 1, 1) || is(4712, 12, 31))
        return PlaceholderDate::open_end;
    if (is(1899, 12, 30) || is(1899, 12, 31) || is(1900, 1, 1) || is(1753, 1, 1) || is(1, 1, 1))
        return PlaceholderDate::empty_date;
    return PlaceholderDate::none;
}

bool is_open_end_utc(double utc_seconds) {
    constexpr double widest_offset_s = 14 * 3600.0;
    return placeholder_date(utc_seconds - widest_offset_s) == PlaceholderDate::open_end ||
           placeholder_date(utc_seconds + widest_offset_s) == PlaceholderDate::open_end;
}

std::optional<TimestampFormatGuess> detect_timestamp_format(
    std::span<const std::string_view> samples) {
    TimestampFormatTally tally;
    for (const std::string_view cell : samples) tally.add(cell);
    return tally.result();
}

static_assert(TimestampFormatTally::format_count == all_formats.size());

void TimestampFormatTally::add(std::string_view raw) {
    const std::string_view cell = trim(raw);
    if (cell.empty()) return;
    ++non_empty_;
    for (std::size_t k = 0; k < all_formats.size(); ++k) {
        const TimestampFormat format = all_formats[k];
        if (is_epoch(format)) {
            if (parse_epoch(cell, format == TimestampFormat::epoch_millis)) ++matches_[k];
            continue;
        }
        CivilFields f;
        if (!parse_civil(cell, format, f)) continue;
        ++matches_[k];
        if (f.day > 12) saw_day_over_12_[k] = true;
    }
}

std::optional<TimestampFormatGuess> TimestampFormatTally::result() const {
    if (non_empty_ == 0) return std::nullopt;

    // all_formats lists mdy_slash before dmy_slash, so a tie (nothing told them apart)
    // goes to mm/dd, the usual reading of '/' in the exports we see.
    std::size_t best = 0;
    for (std::size_t k = 1; k < all_formats.size(); ++k)
        if (matches_[k] > matches_[best]) best = k;
    if (matches_[best] * 10 < non_empty_ * 9) return std::nullopt;

    TimestampFormatGuess guess;
    guess.format = all_formats[best];
    guess.match_fraction = static_cast<double>(matches_[best]) / static_cast<double>(non_empty_);
    switch (guess.format) {
        case TimestampFormat::dmy_slash:
        case TimestampFormat::mdy_slash: {
            const auto index_of = [](TimestampFormat format) {
                return static_cast<std::size_t>(
                    std::find(all_formats.begin(), all_formats.end(), format) -
                    all_formats.begin());
            };
            guess.day_month_ambiguous = matches_[index_of(TimestampFormat::dmy_slash)] ==
                                        matches_[index_of(TimestampFormat::mdy_slash)];
            break;
        }
        case TimestampFormat::dmy_dot:
        case TimestampFormat::dmy_dash:
            guess.day_month_ambiguous = !saw_day_over_12_[best];
            break;
        default:
            break;
    }
    return guess;
}

struct LocalTimeResolver::Impl {
    std::string name;
    const date::time_zone* zone = nullptr;  // nullptr: UTC, no lookups at all
    // Local-time span [cache_begin, cache_end) known to map uniquely with cache_offset, so
    // a long column needs a tz lookup only around transitions.
    std::int64_t cache_begin = 0;
    std::int64_t cache_end = 0;
    std::int64_t cache_offset = 0;
    bool has_previous = false;
    double previous_local = 0.0;
    // UTC instant of the transition whose repeated hour has been seen going round a second
    // time; rows in that hour now take the standard (later) reading.
    std::int64_t second_pass_transition = std::numeric_limits<std::int64_t>::min();
};

LocalTimeResolver::LocalTimeResolver(const std::string& time_zone) {
    auto impl = std::make_unique<Impl>();
    if (time_zone.empty() || time_zone == "UTC") {
        impl->name = "UTC";
    } else {
        try {
            impl->zone = date::locate_zone(time_zone);
        } catch (const std::exception&) {
            throw std::invalid_argument("unknown time zone '" + time_zone + "'");
        }
        impl->name = time_zone;
    }
    impl_ = impl.release();
}

LocalTimeResolver::~LocalTimeResolver() {
    delete impl_;
}

LocalTimeResolver::LocalTimeResolver(LocalTimeResolver&& other) noexcept
    : impl_(std::exchange(other.impl_, nullptr)) {}

LocalTimeResolver& LocalTimeResolver::operator=(LocalTimeResolver&& other) noexcept {
    std::swap(impl_, other.impl_);
    return *this;
}

const std::string& LocalTimeResolver::time_zone() const {
    return impl_->name;
}

LocalTimeResolver::Result LocalTimeResolver::resolve(double local_seconds) {
    Impl& s = *impl_;
    Result result;
    result.utc_seconds = local_seconds;
    // Far outside any date the parser produces: nothing sensible to look up.
    if (!s.zone || !std::isfinite(local_seconds) || std::fabs(local_seconds) > 1e14) return result;

    const double floor_local = std::floor(local_seconds);
    const double fraction = local_seconds - floor_local;
    const auto whole = static_cast<std::int64_t>(floor_local);

    std::int64_t offset = 0;
    if (whole >= s.cache_begin && whole < s.cache_end) {
        offset = s.cache_offset;
    } else {
        const auto info = s.zone->get_info(date::local_seconds{std::chrono::seconds{whole}});
        const std::int64_t first_offset = info.first.offset.count();
        switch (info.result) {
            case date::local_info::unique: {
                offset = first_offset;
                // Two days inside the period's edges: no neighbouring offset (at most +-26 h
                // apart) can claim those local times, so they are unique without a lookup.
                s.cache_begin =
                    info.first.begin.time_since_epoch().count() + offset + 2 * seconds_per_day;
                s.cache_end =
                    info.first.end.time_since_epoch().count() + offset - 2 * seconds_per_day;
                s.cache_offset = offset;
                break;
            }
            case date::local_info::nonexistent:
                // Reading it with the offset in force before the gap shifts it forward by the
                // gap: 02:30 on a spring-forward night becomes 03:30 of the new offset.
                offset = first_offset;
                result.status = LocalTimeStatus::nonexistent;
                break;
            case date::local_info::ambiguous: {
                const std::int64_t transition = info.first.end.time_since_epoch().count();
                const std::int64_t second_offset = info.second.offset.count();
                const std::int64_t repeated_begin = transition + second_offset;
                const std::int64_t repeated_end = transition + first_offset;
                // Only a step back from inside the repeated hour is the clock being turned back;
                // a jump back from later rows is unsorted data, not a second pass.
                if (s.second_pass_transition != transition && s.has_previous &&
                    s.previous_local >= static_cast<double>(repeated_begin) &&
                    s.previous_local < static_cast<double>(repeated_end) &&
                    local_seconds <= s.previous_local)
                    s.second_pass_transition = transition;
                const bool second = s.second_pass_transition == transition;
                offset = second ? second_offset : first_offset;
                result.status =
                    second ? LocalTimeStatus::ambiguous_second : LocalTimeStatus::ambiguous_first;
                break;
            }
        }
    }
    result.utc_seconds = static_cast<double>(whole - offset) + fraction;
    s.has_previous = true;
    s.previous_local = local_seconds;
    return result;
}

std::size_t fix_end_of_day_midnights(std::vector<double>& local_seconds) {
    auto& t = local_seconds;
    const std::size_t n = t.size();
    std::vector<double> steps;
    steps.reserve(n);
    for (std::size_t i = 1; i < n; ++i) {
        const double d = t[i] - t[i - 1];
        if (std::isfinite(d) && d > 0.0) steps.push_back(d);
    }
    if (steps.empty()) return 0;
    const auto mid = steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2);
    std::nth_element(steps.begin(), mid, steps.end());
    const double step = *mid;
    // Daily or coarser data has no within-day step for a corrected midnight to run on.
    const auto day = static_cast<double>(seconds_per_day);
    if (step >= day) return 0;

    std::size_t moved = 0;
    for (std::size_t i = 1; i < n; ++i) {
        const double value = t[i];
        const double previous = t[i - 1];
        if (!std::isfinite(value) || !std::isfinite(previous) || value >= previous) continue;
        if (std::fmod(value, day) != 0.0) continue;
        const double candidate = value + day;
        // The mislabelled reading sits one usual step after the 23:45-style row before it.
        const double gap = candidate - previous;
        if (gap <= 0.0 || gap > 1.5 * step) continue;
        // ...and must not overtake the next row: a repeated day ("00:00, 00:15" of the same
        // date again) is not an end-of-day label. A gap after it is allowed.
        std::size_t next = i + 1;
        while (next < n && !std::isfinite(t[next])) ++next;
        if (next < n && t[next] <= candidate) continue;
        t[i] = candidate;
        ++moved;
    }
    return moved;
}

std::string system_time_zone() {
    try {
        if (const date::time_zone* zone = date::current_zone()) return std::string{zone->name()};
    } catch (...) {
        // No tz database or an unrecognised /etc/localtime: UTC is the safe reading.
    }
    return "UTC";
}

}  // namespace twinbench
