// The simulated time series of a what-if as CSV (`simulate --csv`): one row per step,
// local time in the plant's zone and UTC, baseline and scenario side by side, units in
// the headers, so that a spreadsheet can continue where Twinbench stops.
#pragma once

#include <string>

#include "sim/twin_what_if.h"
#include "sim/what_if.h"

namespace twinbench {

// Throws ProjectError when the file cannot be written.
void write_series_csv(const std::string& path, const WhatIfResult& result,
                      const std::string& time_zone);

// The same for the twin of any process: every signal of the simulated frames (controls as
// set, disturbances as recorded, the modelled outputs), baseline then scenario, named
// "baseline NAME [unit]"; per-item data get a row number in place of the times.
void write_series_csv(const std::string& path, const TwinWhatIfResult& result,
                      const std::string& time_zone);

}  // namespace twinbench
