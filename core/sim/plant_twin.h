// The fitted plant as one flat set of numbers that the simulator steps through: the
// furnace dynamics, the part core temperature physics (soft sensor), the scrap model, the
// energy balance and the wear / maintenance law, each with the covariance of its
// parameters so that Monte Carlo runs can draw plausible alternatives.
//
// A twin is rebuilt from the models a `fit` stored in the project (their JSON, see
// core/models/model_fitting.cpp), so a simulation never refits and always uses exactly
// the numbers the engineer saw. twin_from_truth (truth_twin.h) builds the same structure
// from the reference plant's true parameters, which lets tests run the optimiser on the
// true model.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "models/furnace_output_models.h"
#include "models/furnace_template_parts.h"
#include "models/furnace_without_checks.h"
#include "models/output_model.h"
#include "models/tariff.h"

namespace twinbench {

struct PlantTwin {
    // The furnace template's typed models the parts below come from, built once per study
    // (twin_from_fit_json; empty in a twin built otherwise, e.g. from the reference plant's
    // truth, whose parts are exact). The parts are copies of the models' and what the
    // simulator steps through; a Monte Carlo run (monte_carlo.h) writes the models' draws
    // into its copy of them, so a part's parameters are changed through its model, never in
    // place. A perturbed twin keeps the models as fitted, for their reports and trust
    // verdicts.
    FurnaceOutputModels models;
    FurnaceTwin furnace;
    CoreTwin core;
    DefectTwin defect;
    EnergyTwin energy;
    ThroughputTwin throughput;
    TariffSettings tariff;
    std::string running_label;      // state label of a running line
    std::string maintenance_label;  // state label of maintenance ("" = none)
    std::string wear_column;        // data column of the conveyor wear ("" = none)
    // Furnace setpoint the line holds during maintenance, by minute since its start in
    // 10-minute bins (from the data: cleaning at standby, then warm-up); empty = the
    // operator setpoint is kept.
    std::vector<double> maintenance_setpoint_degC;
    double maintenance_setpoint_bin_min = 10.0;
    std::vector<std::string> warnings;  // models that are missing and what that costs
};

// From the `models` object of the fit JSON (keys temperature, defect, energy, throughput).
// temperature and throughput are required (ModelError naming what to fit or map);
// without defect or energy the scrap or energy KPIs are NaN, with a warning.
PlantTwin twin_from_fit_json(const nlohmann::json& models, const std::string& time_zone);

}  // namespace twinbench
