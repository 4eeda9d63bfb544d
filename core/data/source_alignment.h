// Brings a sparse source (manual checks, batch list, maintenance log) onto the rows of
// the main source by time, so models see one table:
// - a source with a second timestamp column (start + end) is a list of intervals: rows
//   inside an interval take its values, other rows are missing;
// - categorical columns of a source without an end time hold their last value (as-of),
//   as a batch list does;
// - numeric columns land on the nearest main row within half a sampling step and are
//   missing elsewhere, as manual checks are.
#pragma once

#include "data/table.h"

namespace twinbench {

// Appends the aligned columns of `sparse` (except its time column) to `main`. Names that
// already exist in main get " (<source name>)" appended.
void align_source_onto(Table& main, const Table& sparse);

}  // namespace twinbench
