// How names typed in a rule are matched to columns, roles and state values, and which
// name to suggest when one does not match (common/name_suggestion.h, shared with the KPI
// expressions).
#include "data/condition_parser.h"

#include <algorithm>
#include <cctype>

#include "common/name_suggestion.h"

namespace twinbench::condition_detail {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string normalize(std::string_view s) {
    return normalize_name(s);
}

std::string suggest(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::string best = closest_name(typed, candidates);
    return best.empty() ? std::string{} : "did you mean '" + best + "'?";
}

std::string suggest_or_list(std::string_view typed, const std::vector<std::string>& candidates) {
    std::string hint = suggest(typed, candidates);
    if (!hint.empty() || candidates.empty()) return hint;
    constexpr std::size_t shown = 12;
    // A role named like its column ("humidity" for "Humidity") is listed once.
    std::vector<std::string> names;
    for (const auto& c : candidates)
        if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return normalize_name(n) == normalize_name(c); }))
            names.push_back(c);
    hint = "the names it knows are ";
    for (std::size_t i = 0; i < names.size() && i < shown; ++i) hint += (i ? ", '" : "'") + names[i] + "'";
    if (names.size() > shown) hint += " and " + std::to_string(names.size() - shown) + " more";
    return hint;
}

}  // namespace twinbench::condition_detail
