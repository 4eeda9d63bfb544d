#include "sim/furnace_scrap_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/defect_model.h"

namespace twinbench {
namespace {

// The material per row as the fit's working table has it: a batch list aligned onto the
// rows carries its grade forward until the next batch.
std::vector<std::string> material_per_row(const Column& m) {
    std::vector<std::string> out(m.size());
    const bool carry = !m.aligned_from.empty();
    std::string last;
    for (std::size_t i = 0; i < m.size(); ++i) {
        std::string label;
        if (m.type == ColumnType::categorical) {
            if (m.codes[i] >= 0) label = m.levels[static_cast<std::size_t>(m.codes[i])];
        } else if (!std::isnan(m.values[i])) {
            label = fmt::format("{}", m.values[i]);
        }
        if (!label.empty()) last = label;
        out[i] = carry ? last : label;
    }
    return out;
}

const Column& column_of(const Table& table, const std::string& name) {
    const Column* c = table.find(name);
    if (c == nullptr)
        throw ModelError(fmt::format("the stored scrap model reads '{}', which the dataset no longer has; run fit again",
                                     name));
    return *c;
}

}  // namespace

FurnaceScrapRows furnace_scrap_rows(const Table& table, const nlohmann::json& defect_model) {
    if (defect_model.contains("generic_model") || !defect_model.contains("design"))
        throw ModelError("the furnace template's scrap model without manual checks is not replayed per row");
    const auto& design = defect_model.at("design");
    const auto& terms = defect_model.at("terms");
    if (design.size() != terms.size()) throw ModelError("the stored defect model is inconsistent; run `fit` again");
    const std::size_t n = table.row_count();
    FurnaceScrapRows out;

    // The core temperature the fit used: the soft sensor's estimate (deterministic on the
    // same data) or a named column, then the transport delay.
    const std::string source = defect_model.value("core_temperature_source", "");
    std::vector<double> core;
    if (source == "soft sensor") {
        const CoreTemperatureSoftSensor sensor = fit_core_temperature_soft_sensor(table);
        core = sensor.estimate_degC;
        for (const auto* name : {&sensor.furnace_column, &sensor.speed_column, &sensor.ambient_column,
                                 &sensor.material_column, &sensor.check_column})
            if (!name->empty()) out.inputs.push_back(*name);
    } else {
        core = column_of(table, source).values;
        out.inputs.push_back(source);
    }
    const double lag_min = defect_model.value("core_temperature_lag_min", 0.0);
    if (lag_min != 0.0) core = lagged_series(table.time_s, core, lag_min * 60.0);

    // logit p = sum of estimate x term, the terms in the uncentred form (the core in degC).
    std::vector<double> logit(n, 0.0);
    for (std::size_t t = 0; t < design.size(); ++t) {
        const double b = terms[t].at("estimate").is_number() ? terms[t].at("estimate").get<double>() : nan;
        const std::string kind = design[t].value("kind", "");
        const std::string column = design[t].value("column", "");
        if (kind == "intercept") {
            for (auto& l : logit) l += b;
        } else if (column == defect_core_term) {
            const bool squared = kind == "squared";
            for (std::size_t i = 0; i < n; ++i) logit[i] += b * (squared ? core[i] * core[i] : core[i]);
        } else if (kind == "level") {
            const auto labels = material_per_row(column_of(table, column));
            const std::string level = design[t].value("level", "");
            for (std::size_t i = 0; i < n; ++i)
                logit[i] = labels[i].empty() ? nan : logit[i] + (labels[i] == level ? b : 0.0);
        } else {
            const Column& c = column_of(table, column);
            if (c.type != ColumnType::numeric && c.type != ColumnType::boolean)
                throw ModelError(fmt::format("the stored scrap model reads '{}' as a number; run fit again", column));
            for (std::size_t i = 0; i < n; ++i) logit[i] += b * c.values[i];
        }
        const bool listed = std::find(out.inputs.begin(), out.inputs.end(), column) != out.inputs.end();
        if (kind != "intercept" && column != defect_core_term && !listed) out.inputs.push_back(column);
    }

    const Column* produced = table.find_numeric_role(Role::produced);
    if (produced == nullptr)
        throw ModelError("the furnace template's scrap needs the parts produced; map the role produced");
    out.probability.resize(n);
    out.expected_scrap.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.probability[i] = 1.0 / (1.0 + std::exp(-logit[i]));  // NaN stays NaN
        out.expected_scrap[i] = produced->values[i] * out.probability[i];
    }
    return out;
}

}  // namespace twinbench
