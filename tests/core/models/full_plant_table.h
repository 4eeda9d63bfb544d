// A reference-plant run as one historian table with every role the models read
// (setpoint, furnace, ambient, speed, humidity, wear, produced, scrap, energy, state,
// material carried forward, daily manual core checks): what fit_all_models sees after
// importing the sample plant, without the planted export defects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/table.h"
#include "sample/plant_export.h"
#include "sample/reference_plant.h"
#include "support/plant_run_table.h"

namespace twinbench::test {

struct FullPlantCase {
    SampleScenario scenario;
    PlantRun run;
    Table table;
};

inline Table full_plant_table(const SampleScenario& scenario, const PlantRun& run) {
    const std::size_t n = run.steps();
    Table t;
    t.name = "historian";
    t.time_s.resize(n);
    std::vector<double> produced(n), scrap(n);
    Column state;
    state.name = state.header = "Line state";
    state.type = ColumnType::categorical;
    state.role = Role::state;
    state.levels = {"RUN", "STOP", "MAINT"};  // LineState order
    state.codes.resize(n);
    Column material;
    material.name = material.header = "Material grade";
    material.type = ColumnType::categorical;
    material.role = Role::material;
    material.aligned_from = "batches";
    material.levels = {"A", "B", "C"};
    material.codes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        t.time_s[i] = static_cast<double>(run.time_utc(i));
        produced[i] = run.produced[i];
        scrap[i] = run.scrap[i];
        state.codes[i] = static_cast<std::int32_t>(run.state[i]);
        material.codes[i] = scenario.inputs.grade[i];
    }
    t.columns.push_back(
        numeric_column("Furnace setpoint", Role::setpoint, run.setpoint_effective_degC));
    t.columns.push_back(
        numeric_column("Furnace temperature", Role::furnace_temp, run.furnace_measured_degC));
    t.columns.push_back(
        numeric_column("Ambient temperature", Role::ambient_temp, run.ambient_measured_degC));
    t.columns.push_back(numeric_column("Line speed", Role::speed, run.speed_actual_m_per_min));
    t.columns.push_back(
        numeric_column("Relative humidity", Role::humidity, run.humidity_measured_pct));
    t.columns.push_back(numeric_column("Conveyor wear", Role::factor, run.wear_pct));
    t.columns.push_back(numeric_column("Parts produced", Role::produced, produced));
    t.columns.push_back(numeric_column("Parts scrapped", Role::scrap, scrap));
    t.columns.push_back(numeric_column("Energy", Role::energy, run.energy_measured_kwh));
    t.columns.push_back(std::move(state));
    t.columns.push_back(std::move(material));
    Column checks =
        numeric_column("Core temperature", Role::core_temp_check,
                       daily_checks(run, scenario.truth.manual_check_noise_sd_degC, scenario.seed));
    checks.aligned_from = "manual_checks";
    t.columns.push_back(std::move(checks));
    return t;
}

inline FullPlantCase full_plant_case(std::uint64_t seed, int days) {
    SampleOptions options;
    options.days = days;
    options.seed = seed;
    FullPlantCase c{make_sample_scenario(options), {}, {}};
    c.run = simulate_plant(c.scenario.truth, c.scenario.inputs, c.scenario.seed);
    c.table = full_plant_table(c.scenario, c.run);
    return c;
}

}  // namespace twinbench::test
