// Timestamp cells as plants export them (years 0001 to 9999): ISO 8601 (with or without offset), dd.mm.yyyy,
// dd/mm/yyyy, mm/dd/yyyy, yyyy/mm/dd, with HH:MM[:SS[.fff]], and epoch seconds/millis.
// Naive local times are turned into UTC with an IANA time zone, handling DST: the repeated
// hour in autumn is resolved by row order, the missing hour in spring is shifted and
// reported.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace twinbench {

enum class TimestampFormat {
    iso8601,        // 2026-03-29T02:30:00, 2026-03-29 02:30, ...Z, ...+01:00
    dmy_dot,        // 29.03.2026 02:30[:00]
    dmy_slash,      // 29/03/2026 02:30
    mdy_slash,      // 03/29/2026 02:30 (also 3/29/2026 2:30 PM)
    dmy_dash,       // 29-03-2026 02:30
    ymd_slash,      // 2026/03/29 02:30
    epoch_seconds,  // 1774744200 (UTC)
    epoch_millis,   // 1774744200000 (UTC)
};

// "dd.mm.yyyy HH:MM:SS" etc., for import reports and the GUI preview.
std::string_view timestamp_format_name(TimestampFormat format);

struct TimestampFormatGuess {
    TimestampFormat format = TimestampFormat::iso8601;
    // True when no sample could tell dd/mm from mm/dd (every day and month <= 12).
    bool day_month_ambiguous = false;
    // Fraction of the non-empty samples that parse with this format.
    double match_fraction = 0.0;
};

// Which format fits the sample cells of one column (empty cells are skipped). Returns
// nullopt when fewer than 90 % of the non-empty samples parse with any one format or
// when there are no non-empty samples. Day/month order is decided by any value > 12;
// if none, dd/mm is preferred for '.', mm/dd for '/' and day_month_ambiguous is set.
std::optional<TimestampFormatGuess> detect_timestamp_format(
    std::span<const std::string_view> samples);

// detect_timestamp_format one cell at a time: a whole column of millions of cells is
// checked without holding them, and the caller may stop (cancel) between cells.
// result() over the cells added equals detect_timestamp_format over the same cells.
class TimestampFormatTally {
  public:
    static constexpr std::size_t format_count = 8;  // the formats of TimestampFormat
    void add(std::string_view cell);
    std::optional<TimestampFormatGuess> result() const;

  private:
    std::array<std::size_t, format_count> matches_{};
    // A day above 12 is the only thing that tells dd/mm from mm/dd.
    std::array<bool, format_count> saw_day_over_12_{};
    std::size_t non_empty_ = 0;
};

// One parsed cell. Naive local times have has_offset == false and are "seconds since
// 1970 as if the wall clock were UTC"; absolute times (offset, Z, epoch) are UTC.
struct ParsedTimestamp {
    double seconds = 0.0;  // whole and fractional seconds
    bool has_offset = false;
    bool end_of_day = false;  // the cell said 24:00 (already rolled over to next 00:00)
};

// Parses one cell with a known format; nullopt when the cell does not fit it or is not a
// real date (Feb 30, hour 25...). Leading/trailing spaces are ignored.
std::optional<ParsedTimestamp> parse_timestamp(std::string_view cell, TimestampFormat format);

// Dates that stand for "no date" in exports, at any time of their day: an open end
// ("valid until further notice": any day of 9999, 2099-12-31, 2999-12-31, 3000-01-01,
// Oracle's 4712-12-31) or an empty date cell the exporting program turned into a date
// (Excel's day zero 1899-12-30 and 1899-12-31, 1900-01-01, SQL Server's 1753-01-01,
// .NET's 0001-01-01). `civil_seconds`: a parsed cell's seconds (naive local or UTC).
enum class PlaceholderDate { none, open_end, empty_date };
PlaceholderDate placeholder_date(double civil_seconds);
// The same question for a UTC time whose zone is no longer known: an open end in any
// zone (offsets stay within 14 h).
bool is_open_end_utc(double utc_seconds);

// What happened to one local time on its way to UTC.
enum class LocalTimeStatus {
    exact,
    ambiguous_first,   // in the repeated autumn hour, read as the first (summer-time) pass
    ambiguous_second,  // in the repeated autumn hour, read as the second pass
    nonexistent,       // in the skipped spring hour: shifted forward by the gap
};

// Converts naive local wall-clock seconds to UTC in row order. Stateful: inside the
// repeated autumn hour, a time that goes backwards relative to the previous row means the
// clock has been turned back, so it and the rest of that hour take the standard offset.
// "Backwards" includes repeating the previous time (hourly data: 02:00, 02:00), and only
// counts when the previous row is itself inside the repeated hour (unsorted data elsewhere
// does not flip the reading). A moved-from resolver may only be destroyed or assigned to.
class LocalTimeResolver {
  public:
    // time_zone: IANA name ("Europe/Berlin"), "UTC", or "" for UTC. Throws
    // std::invalid_argument for an unknown zone, with the name in the message. time_zone()
    // then reports "UTC" for "".
    explicit LocalTimeResolver(const std::string& time_zone);
    ~LocalTimeResolver();
    LocalTimeResolver(LocalTimeResolver&&) noexcept;
    LocalTimeResolver& operator=(LocalTimeResolver&&) noexcept;

    struct Result {
        double utc_seconds = 0.0;
        LocalTimeStatus status = LocalTimeStatus::exact;
    };
    Result resolve(double local_seconds);

    const std::string& time_zone() const;

  private:
    struct Impl;
    Impl* impl_;
};

// Some historians label the end-of-day reading "00:00" with the day it closes (it follows
// 23:45 of the same date) instead of the next date. Where a time exactly at midnight
// jumps back by about a day and adding 24 h makes the sequence run on at its usual step,
// add the day. Works on naive local seconds before DST resolution. Returns how many rows
// were moved. The fixed row must be at most 1.5 usual steps (median positive difference)
// after the row before it and before the next row; NaN rows are left alone; data whose
// usual step is a day or more is never touched.
std::size_t fix_end_of_day_midnights(std::vector<double>& local_seconds);

// The machine's IANA zone name, "UTC" if it cannot be told.
std::string system_time_zone();

}  // namespace twinbench
