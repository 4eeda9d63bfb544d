// The names an engineer reads for the terms the furnace template stores: patsy's syntax
// made plain and the template's parameter keys in words, for the Models page and the
// report. The stored names stay as they are (the project file and the CLI's JSON keep
// them); only what is shown changes.
//
//   "I(core_temp ** 2)"    -> "Core temperature²"
//   "Material grade[T.B]"  -> "Material grade = B"
//   "Line speed:core_temp" -> "Line speed × Core temperature"
//   "(Intercept)"          -> "Intercept"
//   "tau"                  -> "Time constant"
//   "base[RUN]"            -> "Base load = RUN"
#pragma once

#include <string>
#include <string_view>

namespace twinbench {

// A name it does not know comes back unchanged.
std::string readable_term_name(std::string_view stored_name);

}  // namespace twinbench
