#include "sim/furnace_scrap_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/defect_model.h"
#include "models/furnace_output_models.h"

namespace twinbench {
namespace {

const Column& column_of(const Table& table, const std::string& name) {
    const Column* c = table.find(name);
    if (c == nullptr)
        throw ModelError(fmt::format("the stored scrap model reads '{}', which the dataset no longer has; run fit again",
                                     name));
    return *c;
}

// A column as one signal of a frame whose steps are the table's rows. A batch list aligned
// onto the rows carries its grade forward until the next batch, as the fit's working
// table has it.
FrameSignal row_signal(const Column& c) {
    FrameSignal s;
    s.name = c.name;
    s.unit = c.unit;
    if (c.type != ColumnType::categorical) {
        if (c.type != ColumnType::numeric && c.type != ColumnType::boolean)
            throw ModelError(fmt::format("the stored scrap model reads '{}' as a number; run fit again", c.name));
        s.values = c.values;
        return s;
    }
    s.type = ColumnType::categorical;
    s.levels = c.levels;
    s.values.assign(c.size(), std::numeric_limits<double>::quiet_NaN());
    const bool carry = !c.aligned_from.empty();
    double last = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c.codes[i] >= 0) last = c.codes[i];
        s.values[i] = c.codes[i] >= 0 ? c.codes[i] : carry ? last : std::numeric_limits<double>::quiet_NaN();
    }
    return s;
}

void add_input(std::vector<std::string>& inputs, const std::string& name) {
    if (!name.empty() && std::find(inputs.begin(), inputs.end(), name) == inputs.end()) inputs.push_back(name);
}

}  // namespace

FurnaceScrapRows furnace_scrap_rows(const Table& table, const FurnaceScrapOutputModel& scrap) {
    const DefectTwin& defect = scrap.defect();
    if (defect.direct)
        throw ModelError("the furnace template's scrap model without manual checks is not replayed per row");
    FurnaceScrapRows out;
    SignalFrame rows;
    rows.time_s = table.time_s;

    // The core temperature the fit used: the soft sensor's estimate (deterministic on the
    // same data) or a named column, then the transport delay.
    FrameSignal core;
    core.name = std::string(core_temperature_signal_name);
    if (defect.core_temperature_column.empty()) {
        const CoreTemperatureSoftSensor sensor = fit_core_temperature_soft_sensor(table);
        core.values = sensor.estimate_degC;
        for (const auto* name : {&sensor.furnace_column, &sensor.speed_column, &sensor.ambient_column,
                                 &sensor.material_column, &sensor.check_column})
            add_input(out.inputs, *name);
    } else {
        core.values = column_of(table, defect.core_temperature_column).values;
        add_input(out.inputs, defect.core_temperature_column);
    }
    if (defect.core_temperature_lag_min != 0.0)
        core.values = lagged_series(table.time_s, core.values, defect.core_temperature_lag_min * 60.0);
    rows.add(std::move(core));

    const std::string& produced = scrap.columns().produced;
    if (produced.empty() || table.find(produced) == nullptr)
        throw ModelError("the furnace template's scrap needs the parts produced; map the role produced");
    const std::string& material = scrap.columns().material;
    std::vector<double> grade;  // the rows' material codes, where the model reads a grade
    for (const auto& name : scrap.inputs()) {
        if (name == core_temperature_signal_name) continue;
        FrameSignal& s = rows.add(row_signal(column_of(table, name)));
        if (name == material) grade = s.values;
        if (name != produced) add_input(out.inputs, name);
    }

    out.expected_scrap.assign(table.row_count(), std::numeric_limits<double>::quiet_NaN());
    scrap.simulate(rows, out.expected_scrap);
    // A row of no known grade has no grade term to read (the simulation of a scenario
    // takes the first grade there; a replay says it does not know).
    for (std::size_t i = 0; i < grade.size(); ++i)
        if (std::isnan(grade[i])) out.expected_scrap[i] = std::numeric_limits<double>::quiet_NaN();
    return out;
}

}  // namespace twinbench
