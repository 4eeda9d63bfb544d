// Guesses the role of each column (PRODUCT.md section 2) from its name, unit and type.
// Names come in many languages and styles, so matching is on lower-case words with a
// keyword list per role; the engineer can always override with --map ROLE=COLUMN.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/roles.h"
#include "data/table.h"

namespace twinbench {

struct RoleCandidate {
    std::string name;
    std::string unit;
    ColumnType type = ColumnType::numeric;
    bool is_time_axis = false;
    bool zero_one_only = false;  // numeric column holding only 0 and 1
    // Categorical columns: distinct labels per row. Near 1 it is an identifier (serial or
    // product number), not a grade.
    double distinct_fraction = 0.0;
    std::size_t distinct_levels = 0;
};

// The candidate of a parsed or stored column (distinct labels, 0/1-only values).
RoleCandidate role_candidate(const Column& column, bool is_time_axis);

// The furnace line's roles (PRODUCT.md section 2) from names, units and types: one role per
// column; unique roles (all but factor) go to the best-scoring column.
std::vector<Role> detect_roles(const std::vector<RoleCandidate>& columns);

}  // namespace twinbench
