// Identification of the second-order (two-lag) furnace model on the rows the first-order
// fit used: ARX(2) equation error and the first-order fit as start values, output-error
// refinement, delta-method standard errors, hold-out metrics. Internal to
// furnace_temperature_model.cpp.
#pragma once

#include <cstddef>
#include <vector>

#include "models/furnace_series.h"
#include "models/furnace_temperature_model.h"

namespace twinbench {

// Never throws for lack of identifiability: an unusable fit comes back with fitted false
// and the reason in note.
FurnaceSecondOrderFit fit_furnace_second_order(const FurnaceSeries& s,
                                               const std::vector<std::size_t>& train_pairs,
                                               const std::vector<std::size_t>& test_pairs,
                                               const std::vector<Segment>& train_segments,
                                               const std::vector<Segment>& test_segments,
                                               const FurnaceTemperatureModel& first_order,
                                               const FurnaceFitOptions& options);

}  // namespace twinbench
