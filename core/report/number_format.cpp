#include "report/number_format.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace twinbench::report {
namespace {

const char* const not_available = "\xE2\x80\x93";  // en dash

// Inserts thousands separators into the integer part of a plain decimal string.
std::string group_thousands(const std::string& s) {
    const std::size_t start = (!s.empty() && s[0] == '-') ? 1 : 0;
    std::size_t end = s.find('.');
    if (end == std::string::npos) end = s.size();
    std::string out = s.substr(0, start);
    const std::string digits = s.substr(start, end - start);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out + s.substr(end);
}

}  // namespace

int decimals_for(double v, int significant) {
    if (!std::isfinite(v) || v == 0.0) return std::max(0, significant - 1);
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
    return std::clamp(significant - 1 - magnitude, 0, 12);
}

std::string format_fixed(double v, int decimals) {
    if (!std::isfinite(v)) return not_available;
    std::string s = fmt::format("{:.{}f}", v, std::max(0, decimals));
    // "-0.00" reads as a sign error in a review meeting.
    if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return group_thousands(s);
}

std::string format_significant(double v, int significant) {
    if (!std::isfinite(v)) return not_available;
    const double a = std::abs(v);
    if (a != 0.0 && (a < 1e-4 || a >= 1e9)) return fmt::format("{:.{}e}", v, significant - 1);
    return format_fixed(v, decimals_for(v, significant));
}

int decimals_for_error(double std_error) {
    if (!std::isfinite(std_error) || std_error <= 0.0) return -1;
    return decimals_for(std_error, 2);
}

std::string format_estimate(double estimate, double std_error) {
    const int d = decimals_for_error(std_error);
    if (d < 0) return format_significant(estimate, 4);
    const double a = std::abs(estimate);
    if (a != 0.0 && (a < 1e-4 || a >= 1e9)) return format_significant(estimate, 4);
    return format_fixed(estimate, d);
}

std::string format_count(double n) {
    return format_fixed(n, 0);
}

std::string format_percent(double fraction, int decimals) {
    if (!std::isfinite(fraction)) return not_available;
    return format_fixed(100.0 * fraction, decimals) + " %";
}

Cell count_cell(double n) {
    return {format_count(n), n};
}

Cell fixed_cell(double v, int decimals) {
    return {format_fixed(v, decimals), v};
}

Cell significant_cell(double v, int significant) {
    return {format_significant(v, significant), v};
}

}  // namespace twinbench::report
