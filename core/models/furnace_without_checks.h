// The furnace line without manual core-temperature checks (no soft sensor to estimate the
// part core temperature): scrap and the parts' heat from what is measured. The core
// temperature's physics, core = Tf - (Tf - Tamb) exp(-r / theta) with r the minutes a part
// spends per metre of furnace (1 / line speed), stays the model's backbone; only its
// heating constant theta (minutes per metre) has to be learnt from what the plant meters:
// the energy (every step, the parts' heat grows with how far their core is heated) and the
// scrap (a window in the core temperature).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/table.h"
#include "models/energy_model.h"
#include "models/model_fitting.h"
#include "models/signal_frame.h"

namespace twinbench {

// The derived signal of the furnace's scrap model without manual checks: the natural log
// of the minutes a part spends per metre of furnace (residence time = furnace length x
// 1 / line speed). A part cures by time at temperature, and a few degrees hotter do the
// same cure in a fixed fraction of the time (the time-temperature shift of Arrhenius
// kinetics, as in Hollomon and Jaffe's tempering parameter), so the furnace temperature
// at which scrap is least moves with the log of the residence time, not with the time.
inline constexpr std::string_view log_residence_signal_name = "ln residence time per furnace metre";
// The minutes per metre themselves, the form of projects fitted before the log form; their
// stored scrap models still read it.
inline constexpr std::string_view residence_signal_name = "residence time per furnace metre";

bool is_residence_signal(std::string_view name);
// The value of a residence signal for a line speed; NaN while the line stands.
double residence_signal_value(std::string_view name, double speed_m_per_min);
// And its estimate of the part core temperature from the physics (no checks to calibrate it).
inline constexpr std::string_view core_proxy_signal_name = "core temperature from the physics";

// The parts' heating constants theta (minutes per metre of furnace), one per material grade
// (a denser or thicker part heats more slowly); one for all where no material is mapped.
struct FurnaceReadingModel;  // models/furnace_reading_smoother.h
struct FurnaceTwin;          // models/furnace_template_parts.h
struct FurnaceColumns;       // models/furnace_output_models.h

struct PartHeating {
    std::vector<std::string> grade_labels;
    std::vector<double> theta_min_per_m;  // per grade label
    double theta_any_grade_min_per_m = 0.0;  // one constant for all: rows of an unknown grade

    double theta_for(std::string_view grade_label) const;  // any-grade value for unknown labels
    // Per row, from the grade label index of each row into `labels` (-1 or NaN: unknown).
    template <typename Index>
    std::vector<double> theta_per_row(const std::vector<Index>& grade, const std::vector<std::string>& labels) const {
        std::vector<double> by_label(labels.size());
        for (std::size_t g = 0; g < labels.size(); ++g) by_label[g] = theta_for(labels[g]);
        std::vector<double> out(grade.size(), theta_any_grade_min_per_m);
        for (std::size_t k = 0; k < grade.size(); ++k)
            if (grade[k] >= 0 && static_cast<std::size_t>(grade[k]) < labels.size())
                out[k] = by_label[static_cast<std::size_t>(grade[k])];
        return out;
    }
};
nlohmann::json to_json(const PartHeating& heating);
PartHeating part_heating_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception

// Core temperature per step from the physics, theta per step (min per metre); NaN where an
// input is missing or the line stands (speed <= 0).
std::vector<double> core_temperature_from_physics(const std::vector<double>& furnace_degC,
                                                  const std::vector<double>& ambient_degC,
                                                  const std::vector<double>& speed_m_per_min,
                                                  const std::vector<double>& theta_min_per_m);

// The heating constants the metered energy supports best: the physics energy model fitted
// with the parts' heat on the core temperature from the physics, one constant searched for
// the least training error, then one per grade around it. Only kept where that model also
// predicts the hold-out better than the parts' heat on the furnace temperature.
struct EnergyHeatingConstant {
    bool found = false;
    PartHeating heating;
    EnergyFit fit;                  // the energy model on the physics core, when found
    nlohmann::json search;          // [{grade, theta_min_per_m, train_rmse}], for the record
    std::string why_not;            // when not found
};

// Needs furnace_temp, ambient_temp and speed; `furnace_only` is the energy model with the
// parts' heat on the furnace temperature (what the physics has to beat on the hold-out).
EnergyHeatingConstant energy_heating_constant(const Table& table, const EnergyFitOptions& options,
                                              const EnergyFit& furnace_only);

// How the scrap fit without checks read the furnace temperature: smoothed through the
// furnace model, with the noise it estimated, or the readings' running median. Stored with
// the fit (its JSON's "furnace_reading") so that a replay on recorded rows reads the
// furnace as the fit did, without deciding again.
struct FurnaceReadingChoice {
    bool smoothed = false;
    double reading_sd_degC = 0.0;  // the smoother's, when smoothed
    double wander_sd_degC = 0.0;   // per step
    std::size_t spikes = 0;        // readings the smoother left out
    std::string why;
};
nlohmann::json to_json(const FurnaceReadingChoice& choice);
// Absent or unreadable: the running median (what fits before the smoother read).
FurnaceReadingChoice furnace_reading_choice_from_json(const nlohmann::json& j);

// The furnace temperature the scrap model without checks reads, from the readings in
// columns.furnace: smoothed through the furnace model (setpoint, parts per step and
// ambient from `columns`) where that follows the furnace within the readings' noise
// (smoothing_beats_running_median), else their 11-reading running median. What the fit
// reads; `chosen`: which, with its figures.
std::vector<double> furnace_temperature_for_scrap(const SignalFrame& frame, const FurnaceColumns& columns,
                                                  const FurnaceReadingModel* model, FurnaceReadingChoice& chosen);
// The same reading of the furnace by a fit's stored choice (smoothed with the noise the fit
// estimated, through its furnace model): a replay of the fitted scrap model on recorded
// rows (explain). Throws ModelError when the choice was smoothing and the frame lacks a
// signal the smoother reads.
std::vector<double> furnace_temperature_as_fitted(const SignalFrame& frame, const FurnaceColumns& columns,
                                                  const FurnaceTwin& furnace, const FurnaceReadingChoice& chosen);

// Scrap from the measured process (furnace temperature, residence time, humidity, wear,
// grade) or from the core temperature's physics, the generic binomial family either way.
// `energy_heating` (may be null): the energy's heating constants, tried first.
// `furnace_model` (may be null): the fitted furnace dynamics, through which the furnace
// readings are smoothed (furnace_reading_smoother.h); without it, or for a second-order
// furnace, an 11-minute running median of them.
ModelSummary direct_defect_summary(const Table& table, const std::string& zone, double lag_min,
                                   const std::string& why_not_process, const PartHeating* energy_heating,
                                   const FurnaceReadingModel* furnace_model = nullptr);

}  // namespace twinbench
