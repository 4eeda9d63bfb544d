#include "common/time_format.h"

#include <chrono>
#include <cmath>

#include <date/date.h>
#include <date/tz.h>

namespace twinbench {
namespace {

using Millis = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

Millis to_time_point(double utc_seconds) {
    return Millis(std::chrono::milliseconds(std::llround(utc_seconds * 1000.0)));
}

}  // namespace

std::string format_utc_iso(double utc_seconds) {
    if (!std::isfinite(utc_seconds)) return {};
    const auto tp = to_time_point(utc_seconds);
    if (tp.time_since_epoch().count() % 1000 == 0)
        return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(tp));
    return date::format("%FT%TZ", tp);
}

std::string format_local(double utc_seconds, const std::string& time_zone) {
    if (!std::isfinite(utc_seconds)) return {};
    const auto tp = std::chrono::time_point_cast<std::chrono::seconds>(to_time_point(utc_seconds));
    if (time_zone.empty() || time_zone == "UTC") return date::format("%F %T UTC", tp);
    try {
        return date::format("%F %T %Z", date::make_zoned(time_zone, tp));
    } catch (const std::exception&) {
        return date::format("%F %T UTC", tp);
    }
}

std::string now_utc_iso() {
    return date::format("%FT%TZ", std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace twinbench
