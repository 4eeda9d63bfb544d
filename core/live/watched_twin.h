// What the twin alongside watches for a dataset (issue 16): the GraphTwin `watch`, the
// divergence monitor and a training session hand to LiveTwin, the same for all three.
//
// The process graph's own output models, plus, where the furnace template simulates the
// line, the template's typed models (furnace_output_models.h) that can be watched from
// the rows a running plant sends:
//
//   furnace temperature  watched: its model reads the setpoint, the parts produced and
//                        the ambient temperature, and its output is the measured column
//   core temperature     not watched: the soft sensor is an estimate; its only
//                        measurements are sparse manual checks in a column of their own,
//                        and the energy and scrap models read the estimate, not the checks
//   scrap, energy        watched when the column they are measured in carries their
//                        output's name and every input they read is a column of the
//                        rows; otherwise not, and said why
//
// A model of the template whose inputs are not all columns of the live rows (a column
// the stored fit names that the dataset no longer has, the core temperature estimate)
// is left out with the reason, instead of failing the whole monitor.
#pragma once

#include <string>
#include <vector>

#include "sim/graph_twin.h"
#include "sim/twin_study.h"

namespace twinbench {

struct WatchedTwin {
    GraphTwin twin;                      // what LiveTwin follows
    std::vector<std::string> unwatched;  // "<output>: why it is not watched", one per output
};

// Never throws for a template model it cannot watch (said in `unwatched`); the LiveTwin
// built from an empty twin throws ModelError as before.
WatchedTwin watched_twin(const TwinStudy& study);

}  // namespace twinbench
