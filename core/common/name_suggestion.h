// Which known name a mistyped one most likely meant, for the "did you mean ...?" hints of
// every place where the engineer types names: condition rules, KPI expressions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace twinbench {

// "Furnace_Temp " and "furnace temp" name the same thing to a person typing: lower case,
// '_' and runs of white space become one space, no space at either end.
std::string normalize_name(std::string_view s);

// The candidate closest to what was typed (edit distance after normalize_name, ties to the
// spelling closest case included), or "" when none is close enough to be a typo rather
// than a different name: one or two letters never are.
std::string closest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace twinbench
