// What every model does first: find the column of a role, or tell the engineer which role
// to map. One message shape for all models, so the CLI and the GUI read alike.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/error.h"
#include "data/table.h"

namespace twinbench {

// The column mapped to `role`, or ModelError: "<model> needs <what> (role <role>): map a
// column with --map <role>=COLUMN". `what` defaults to "a <role> column".
inline const Column& require_role(const Table& table, Role role, std::string_view model, std::string_view what = {}) {
    if (const Column* c = table.find_role(role)) return *c;
    const std::string_view name = role_name(role);
    const std::string needs = what.empty() ? fmt::format("a {} column", name) : std::string(what);
    throw ModelError(fmt::format("{} needs {} (role {}): map a column to {} with --map {}=COLUMN", model, needs, name, name,
                                 name));
}

}  // namespace twinbench
