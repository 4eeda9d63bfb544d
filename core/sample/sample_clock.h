// Time handling for the reference plant: instants are UTC seconds since 1970 (int64);
// "wall" seconds are local clock readings counted the same way (as if the local clock
// were UTC). Formatting is done by hand because 130 000 rows per file have to be
// written in a fraction of a second, and the local offset is looked up in the IANA
// database (Howard Hinnant's date/tz) with a cache of the current DST period.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace twinbench::sample {

using UtcSeconds = std::int64_t;

struct CivilTime {
    int year = 1970;
    int month = 1;   // 1..12
    int day = 1;     // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int weekday = 4;  // 0 = Sunday ... 6 = Saturday
};

CivilTime civil_from_seconds(std::int64_t seconds);
std::int64_t seconds_from_civil(int year, int month, int day, int hour = 0, int minute = 0,
                                int second = 0);

// "2026-02-16T00:00", "2026-02-16 00:00" or with ":SS"; nullopt when malformed or not a
// real calendar date.
std::optional<std::int64_t> parse_wall_time(std::string_view text);

// The local clock of one IANA zone. Not thread-safe (it caches the current DST period).
class LocalClock {
public:
    // Throws twinbench::UsageError when the zone is unknown.
    explicit LocalClock(const std::string& zone_name);

    const std::string& zone_name() const { return zone_name_; }
    std::int64_t offset_seconds(UtcSeconds t) const;
    std::int64_t to_wall(UtcSeconds t) const { return t + offset_seconds(t); }
    // Wall time to UTC: a time inside the spring-forward gap is moved forward by the gap
    // (as clocks do); a repeated autumn time resolves to its first occurrence.
    UtcSeconds to_utc(std::int64_t wall) const;

private:
    std::string zone_name_;
    const date::time_zone* zone_ = nullptr;
    mutable UtcSeconds cache_begin_ = 1;
    mutable UtcSeconds cache_end_ = 0;
    mutable std::int64_t cache_offset_ = 0;
};

// Appenders (no allocation beyond the string's growth).
void append_dmy_hms(std::string& out, std::int64_t wall);      // 16.02.2026 09:41:00
void append_dmy_hm(std::string& out, std::int64_t wall);       // 16.02.2026 09:41
void append_iso_space_hm(std::string& out, std::int64_t wall); // 2026-02-16 09:41
void append_iso_offset(std::string& out, UtcSeconds t, std::int64_t offset_seconds);
                                                                // 2026-02-16T09:41:00+01:00
void append_iso_utc(std::string& out, UtcSeconds t);           // 2026-02-16T08:41:00Z

std::string format_iso_utc(UtcSeconds t);
std::string format_dmy_hms(std::int64_t wall);

}  // namespace twinbench::sample
