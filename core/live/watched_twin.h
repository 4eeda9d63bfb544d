// What the twin alongside watches for a dataset (issue 16): the GraphTwin `watch`, the
// divergence monitor and a training session hand to LiveTwin, the same for all three.
//
// The process graph's own output models, plus, where the furnace template simulates the
// line, the template's typed models (furnace_output_models.h), each compared with the
// column that measures it:
//
//   furnace temperature  its output is the measured column
//   core temperature     the soft sensor's estimate, run on continuously from the recorded
//                        furnace temperature, speed and ambient; the manual checks (the
//                        core_temp_check column) correct it as a lab value corrects any
//                        sparse output, with the bias walk and check noise `fit` measured
//                        (GraphTwin::measured_column names the checks column)
//   scrap, energy        compared with the columns mapped to the scrap and energy roles,
//                        and named after them (OutputModel::renamed): the Live page, the
//                        rules and the alerts speak of "Parts scrapped", not "scrap"
//
// An output no column of the followed frame measures (no checks column, a meter unmapped)
// is still estimated, for the models downstream, but compared with nothing, and said so in
// `unwatched`.
//
// A model of the template whose inputs are not all columns of the live rows or outputs of
// the template models before it (a column the stored fit names that the dataset no longer
// has) is left out with the reason, instead of failing the whole monitor.
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

// The frame the twin alongside follows for `watch`: the study's history (the graph's
// signals) plus the columns the furnace template's models read and are measured by (line
// state, wear, the scrap and energy columns, the manual checks) where the table has them.
SignalFrame watch_history(const TwinStudy& study);

// `history`: the frame the live twin follows (watch_history(study) for `watch`; a training
// session's plant frame); a template model is watched only when it finds there every input
// it reads. Never throws for a template model it cannot watch (said in `unwatched`); the
// LiveTwin built from an empty twin throws ModelError as before.
WatchedTwin watched_twin(const TwinStudy& study, const SignalFrame& history);

}  // namespace twinbench
