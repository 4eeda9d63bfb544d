#include "models/model_envelope.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

std::string with_unit(double v, const std::string& unit) {
    return unit.empty() ? fmt::format("{:.4g}", v) : fmt::format("{:.4g} {}", v, unit);
}

double number_field(const nlohmann::json& entry, const char* key, const std::string& input) {
    if (!entry.contains(key) || !entry[key].is_number())
        throw ModelError(fmt::format(
            "stored model: envelope entry '{}' has no number '{}'; refit the models with "
            "twinbench-cli fit",
            input, key));
    return entry[key].get<double>();
}

std::string string_field(const nlohmann::json& entry, const char* key) {
    return entry.contains(key) && entry[key].is_string() ? entry[key].get<std::string>()
                                                         : std::string();
}

}  // namespace

ModelEnvelope ModelEnvelope::from_model_json(const nlohmann::json& model) {
    ModelEnvelope env;
    if (model.contains("envelope") && model["envelope"].is_array()) {
        for (const auto& e : model["envelope"]) {
            EnvelopeInput in;
            in.input = string_field(e, "input");
            if (in.input.empty())
                throw ModelError(
                    "stored model: an envelope entry has no input name; refit the models");
            in.column = string_field(e, "column");
            in.unit = string_field(e, "unit");
            in.min = number_field(e, "min", in.input);
            in.max = number_field(e, "max", in.input);
            env.inputs.push_back(std::move(in));
        }
    }
    if (model.contains("speed_envelope") && model["speed_envelope"].is_object()) {
        const auto& e = model["speed_envelope"];
        EnvelopeInput in{"speed", "", "m/min", number_field(e, "min", "speed"),
                         number_field(e, "max", "speed")};
        if (model.contains("columns") && model["columns"].is_object())
            in.column = string_field(model["columns"], "speed");
        env.inputs.push_back(std::move(in));
    }
    if (env.inputs.empty())
        throw ModelError(
            "stored model has no operating envelope (no 'envelope' array): it cannot tell whether "
            "a "
            "prediction extrapolates; refit the models with twinbench-cli fit");
    return env;
}

std::vector<EnvelopeCheck> ModelEnvelope::check(
    const std::vector<std::pair<std::string, double>>& values) const {
    std::vector<EnvelopeCheck> out;
    for (const auto& [name, value] : values) {
        const EnvelopeInput* in = nullptr;
        for (const auto& i : inputs)
            if (i.input == name) in = &i;
        if (in == nullptr)
            for (const auto& i : inputs)
                if (!i.column.empty() && i.column == name) in = &i;
        if (in == nullptr) {
            std::string known;
            for (const auto& i : inputs) known += (known.empty() ? "" : ", ") + i.input;
            throw ModelError(fmt::format(
                "the model has no input '{}' in its envelope (it knows: {})", name, known));
        }
        if (std::isnan(value))
            throw ModelError(fmt::format("no value for input '{}' to compare", name));
        EnvelopeCheck c;
        c.input = in->input;
        c.unit = in->unit;
        c.value = value;
        c.min = in->min;
        c.max = in->max;
        if (value > in->max) {
            c.side = "above";
            c.beyond = value - in->max;
        } else if (value < in->min) {
            c.side = "below";
            c.beyond = in->min - value;
        }
        c.inside = c.side.empty();
        const double range = in->max - in->min;
        c.beyond_share_pct = c.inside      ? 0.0
                             : range > 0.0 ? 100.0 * c.beyond / range
                                           : std::numeric_limits<double>::infinity();
        if (c.inside) {
            c.message = "inside the data";
        } else {
            const std::string share =
                std::isfinite(c.beyond_share_pct)
                    ? fmt::format(" ({:.0f} % of the range)", c.beyond_share_pct)
                    : std::string(" (the data had a single value)");
            c.message =
                fmt::format("extrapolating by {}{} {} the {} {}", with_unit(c.beyond, c.unit),
                            share, c.side, c.side == "above" ? "max" : "min",
                            with_unit(c.side == "above" ? in->max : in->min, c.unit));
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace twinbench
