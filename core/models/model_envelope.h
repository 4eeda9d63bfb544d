// "Inside the data" or "extrapolating by X": every stored model carries the operating
// envelope of its inputs over the rows it was fitted on (the `envelope` array of its fit
// JSON: input, column, unit, min, max; the throughput model's `speed_envelope`). Before a
// prediction is trusted, each input value is compared with that range; beyond it the
// model extrapolates, and how far (in the input's unit and as a share of the fitted range)
// tells the engineer how much to discount the answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench {

struct EnvelopeInput {
    std::string input;   // "setpoint", "furnace_temp", "core_temp", "Line speed", ...
    std::string column;  // source column ("" when derived)
    std::string unit;    // "" when the stored model does not say
    double min = 0.0, max = 0.0;
};

struct EnvelopeCheck {
    std::string input, unit;
    double value = 0.0;
    double min = 0.0, max = 0.0;
    bool inside = true;
    double beyond = 0.0;            // distance outside the range, in the input's unit (0 inside)
    double beyond_share_pct = 0.0;  // beyond / (max - min) * 100 (infinite for a single value)
    std::string side;               // "" inside, "above" the max or "below" the min
    // "inside the data" or "extrapolating by 4.5 °C (22 % of the range) above the max 180 °C"
    std::string message;
};

struct ModelEnvelope {
    std::vector<EnvelopeInput> inputs;

    // From one model's stored JSON. Throws ModelError when the JSON has no envelope or an
    // entry lacks input/min/max numbers, naming what is wrong.
    static ModelEnvelope from_model_json(const nlohmann::json& model);

    // One check per given value, in the given order. An input is found by its name or by
    // its column; an unknown one throws ModelError listing the inputs the model knows.
    // A NaN value throws too (there is nothing to compare).
    std::vector<EnvelopeCheck> check(
        const std::vector<std::pair<std::string, double>>& values) const;
};

}  // namespace twinbench
