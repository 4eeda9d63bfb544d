// --map ROLE=COLUMN as `import` and `roles` take it.
#pragma once

#include <string>
#include <utility>

#include "data/roles.h"

namespace twinbench::cli {

// Throws UsageError (exit 2) naming the argument when it is not ROLE=COLUMN or the role is
// unknown (the message lists the roles).
std::pair<Role, std::string> parse_mapping(const std::string& text);

}  // namespace twinbench::cli
