// Writing instants for people and files: ISO 8601 in UTC, or local wall-clock time in the
// dataset's zone (what the plant's clocks showed).
#pragma once

#include <string>

namespace twinbench {

// "2026-03-29T01:30:00Z"; milliseconds only when they are not zero; "" for NaN.
std::string format_utc_iso(double utc_seconds);
// "2026-03-29 03:30:00 CEST" in the IANA zone ("" or "UTC" = UTC).
std::string format_local(double utc_seconds, const std::string& time_zone);
// The clock's present instant to the second, "2026-12-07T08:40:12Z" (when a row was
// imported, a recommendation approved).
std::string now_utc_iso();

}  // namespace twinbench
