#include "common/name_suggestion.h"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace twinbench {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string normalize_name(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool space = c == '_' || std::isspace(static_cast<unsigned char>(c));
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::string key = normalize_name(typed);
    // One or two letters are too short to tell a typo from a different name ('D' vs 'A').
    const std::size_t limit = key.size() < 3 ? 0 : std::clamp<std::size_t>(key.size() / 3, 1, 4);
    std::size_t best = limit + 1, best_exact = 0;
    std::string best_name;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(key, normalize_name(c));
        // Ties go to the spelling closest to what was typed, case included.
        const std::size_t exact = edit_distance(typed, c);
        if (d < best || (d == best && exact < best_exact))
            best = d, best_exact = exact, best_name = c;
    }
    return best_name;
}

}  // namespace twinbench
