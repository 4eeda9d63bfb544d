#include "cli/role_mapping.h"

#include "common/error.h"

namespace twinbench::cli {

std::pair<Role, std::string> parse_mapping(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError("--map takes ROLE=COLUMN, e.g. --map furnace_temp=\"Zone 2 [°C]\"; got '" +
                         text + "'");
    const auto role = role_from_name(text.substr(0, eq));
    if (!role) {
        std::string names;
        for (const Role r : all_roles)
            if (r != Role::none) names += (names.empty() ? "" : ", ") + std::string(role_name(r));
        throw UsageError("--map: unknown role '" + text.substr(0, eq) + "' (roles: " + names +
                         ", or none)");
    }
    return {*role, text.substr(eq + 1)};
}

}  // namespace twinbench::cli
