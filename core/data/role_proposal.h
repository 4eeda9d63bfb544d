// The roles the importer proposes for a dataset's columns (PRODUCT.md sections 2 and 4),
// each with a one-line reason an engineer can check: "changes in 37 steps and holds
// between them: set by an operator -> control". A proposal is a suggestion: --map and the
// `roles` command override it.
//
// 1. The furnace roles (role_detection.h) keep priority where the dataset looks like the
//    furnace line: a temperature or setpoint column named for a furnace or oven (furnace,
//    oven, Ofen, kiln, four, horno, curing), or a line speed (in m/min or named for a
//    line, belt or conveyor) with a temperature or temperature setpoint and no column
//    naming other equipment (dryer, extruder...). Without a line speed a temperature
//    setpoint is the furnace's only when named so. Elsewhere only the furnace roles that mean the
//    same in any process stay: time, state, material, defect, energy, factor (wear),
//    core_temp_check (a manual check of a part's core temperature) and produced with scrap when
//    both are found; a dryer's "Inlet air temp SP" is a control, its "Outlet air temp" an output by
//    the rules below.
// 2. Every other column gets a generic role (control, disturbance, output) or none:
//    - a second date/time column, a constant, a column with too few values, a counter
//      (1, 2, 3, ...) or a value that only accumulates (a clock, a running total) -> none,
//      whatever its name;
//    - numeric: what its name and unit say (role_vocabulary.h); else how it moves
//      (column_movement.h): steps -> control; in data without a time axis, values with no
//      memory from row to row are properties of each record -> disturbance, with a time
//      axis they are noise on a measurement -> output; a smooth or noisy signal that
//      follows the steps of a control (step_following.h) -> output; otherwise smooth drift
//      -> disturbance and a noisy signal -> output;
//    - 0/1 flags: their name, else none (beside a defect outcome they are its failure
//      modes, which must not predict it);
//    - categorical: an identifier (a different label in most rows) or more than 20 labels
//      -> none; a label of a side file (operator, comment, maintenance kind) -> none unless
//      named like a grade or product; else its name (recipe -> control; calendar, grade,
//      product, load -> disturbance); else labels that change rarely (at most 1 row in 10)
//      -> disturbance; per-item records -> disturbance; labels that change at most rows of
//      a time series -> none.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/roles.h"
#include "data/table.h"

namespace twinbench {

struct RoleProposal {
    Role role = Role::none;
    std::string reason;  // evidence -> role, one line
};

// How many rows of each source the movement rules look at: a few months of minutes.
inline constexpr std::size_t role_evidence_rows = 200000;

// sources: the dataset's sources, the main (densest, timed) one first, each with its rows
// in time order; the movement rules read the first max_rows rows of each (the GUI preview
// passes its 5,000). Each column's `role` must be Role::time for its source's time axis
// (as parse_file and Project::read_source give it) and is otherwise ignored. Returns one
// proposal per column of each source, in the same order.
std::vector<std::vector<RoleProposal>> propose_roles(const std::vector<const Table*>& sources,
                                                     std::size_t max_rows = role_evidence_rows);

// Whether the columns look like the furnace line (see 1. above).
bool looks_like_furnace_line(const std::vector<const Table*>& sources);

}  // namespace twinbench
