// Case-insensitive comparison of ASCII text (tokens such as "NaN", "#N/A", "true"): file
// contents are compared byte for byte, so no locale can make "I" and "i" differ.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace twinbench {

inline bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// Lower case of the ASCII letters only: bytes of UTF-8 or Latin-1 letters are kept as they
// are whatever the locale (the workbench's Qt sets the user's).
inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace twinbench
