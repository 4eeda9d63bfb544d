// What a fitted model found, in plain words, before any term table: "Residual moisture is
// lowest at 191 °C Inlet air temp SP (2.41 %)", "Gas energy rises by 3.2 kWh as Feed rate
// goes from 800 to 1200 kg/h". Read off the model itself, whatever its family: each input is
// swept over the range the model was trained on (its operating envelope) with the other
// inputs held where the process usually runs, and the model simulates the output (a dynamic
// model long enough to settle). The same sentences head the Models page's card and the
// report's model section.
#pragma once

#include <string>
#include <vector>

#include "data/table.h"
#include "models/output_model.h"
#include "models/signal_frame.h"

namespace twinbench {

struct ModelFinding {
    std::string input;
    std::string sentence;
    // How much the output moves over the input's envelope (its unit; a 0/1 or count
    // output: its rate in percentage points): the findings come largest first.
    double effect = 0.0;
    // Numeric inputs with an inside optimum: where the output is lowest (or highest).
    bool has_optimum = false;
    double optimum_input = 0.0;
    double optimum_output = 0.0;
};

// history: the frame the model was fitted on (its signals give the usual values and the
// categorical levels). Inputs the model does not move (less than a thousandth of the
// output's level) are left out.
std::vector<ModelFinding> model_findings(const OutputModel& model, const SignalFrame& history);

// The same on the table the model was fitted on (the history frame of its signals); none
// when one of them is no longer in the table (renamed since the fit).
std::vector<ModelFinding> model_findings(const OutputModel& model, const Table& table, const std::string& time_zone);

}  // namespace twinbench
