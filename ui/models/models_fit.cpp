#include "ui/models/models_fit.h"

#include <cmath>
#include <exception>

#include "data/roles.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {

void fitModels(ModelsFit& fit, const twinbench::Table& table, const twinbench::DatasetInfo& dataset,
               const std::optional<twinbench::ProcessGraph>& graph) {
    try {
        fit.twin = twinbench::fit_twin(table, dataset, graph);
        fit.result = fit.twin->furnace;
        for (const auto& model : fit.twin->twin.models)
            fit.outputFindings.push_back(twinbench::model_findings(*model, table, dataset.time_zone));
        if (!fit.result && fit.twin->twin.models.empty()) fit.error = QString::fromUtf8(fit.twin->furnace_skipped.c_str());
    } catch (const std::exception& e) {
        fit.error = QString::fromUtf8(e.what());
    }
    if (!fit.result) return;
    try {
        fit.furnace = twinbench::furnace_output_models(*fit.result);
    } catch (const std::exception& e) {
        fit.furnaceError = QString::fromUtf8(e.what());
        return;
    }
    // The chart needs the soft sensor's series per row, which the stored fit does not keep:
    // fitted again (deterministic on the same data).
    if (!fit.furnace->core) return;
    try {
        fit.sensor = twinbench::fit_core_temperature_soft_sensor(table);
    } catch (const std::exception& e) {
        fit.sensorError = QString::fromUtf8(e.what());
    }
    if (const auto* checks = table.find_role(twinbench::Role::core_temp_check)) {
        fit.checkName = toQString(checks->name);
        for (std::size_t i = 0; i < checks->values.size() && i < table.time_s.size(); ++i)
            if (std::isfinite(checks->values[i])) {
                fit.checkTimes.push_back(table.time_s[i]);
                fit.checkValues.push_back(checks->values[i]);
            }
    }
}

}  // namespace twinbench::ui
