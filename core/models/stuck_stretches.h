// A stuck sensor is not a measurement: the stretches where the data audit finds a sensor
// repeating one value (data/audit.h, flatline rule) are left out of a model's fit, as
// missing values of that signal. Measured on a furnace line without manual checks: one
// thermocouple frozen for 9.5 hours (0.7 % of 60 days) bent the fitted scrap window
// (curvature 14 % low) and halved the setpoint what-if; with the stretch left out, the
// fit recovered the plant's curvature within 1 %.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/table.h"
#include "models/signal_frame.h"

namespace twinbench {

// Sets the frame's values of `sensors` to NaN on the steps whose table row lies in one
// of the audit's flatline stretches of that column. Returns the steps masked per sensor
// (same order), for the model's warnings.
std::vector<std::size_t> drop_stuck_stretches(const Table& table, const std::vector<std::string>& sensors,
                                              SignalFrame& frame);

}  // namespace twinbench
