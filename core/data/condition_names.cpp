// How names typed in a rule are matched to columns, roles and state values, and which
// name to suggest when one does not match (common/name_suggestion.h, shared with the KPI
// expressions).
#include "data/condition_parser.h"

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

}  // namespace twinbench::condition_detail
