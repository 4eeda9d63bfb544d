#include "live/watched_twin.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "data/robust_stats.h"
#include "models/furnace_output_models.h"

namespace twinbench {
namespace {

// The column of the data that measures a template output ("" when none is in the history).
std::string measuring_column(const OutputModel& model, const TwinStudy& study, const SignalFrame& history) {
    Role role = Role::none;
    if (model.kind() == "furnace_scrap") role = Role::scrap;
    else if (model.kind() == "furnace_energy") role = Role::energy;
    else if (model.kind() == "core_temperature_soft_sensor") role = Role::core_temp_check;
    else return model.output();  // the furnace temperature: its output is the column's name
    const Column* column = study.table.find_numeric_role(role);
    return column != nullptr && history.find(column->name) != nullptr ? column->name : std::string();
}

// Hours between the finite values of a signal, their median as fuse_sparse_output takes
// it for the graph's sparse outputs (0 with fewer than two).
double median_interval_h(const FrameSignal& signal, const std::vector<double>& time_s) {
    std::vector<double> gaps;
    double last = std::nan("");
    for (std::size_t k = 0; k < signal.values.size() && k < time_s.size(); ++k) {
        if (!std::isfinite(signal.values[k])) continue;
        if (std::isfinite(last)) gaps.push_back((time_s[k] - last) / 3600.0);
        last = time_s[k];
    }
    return gaps.empty() ? 0.0 : median(gaps);
}

// The soft sensor's bias as a sparse output's (the walk the fit measured, the checks'
// own noise): a manual check corrects the estimate as a lab value corrects any sparse
// output's. Its model already adds the latest bias.
SparseBias core_check_fusion(const CoreTemperatureOutputModel& core, const FrameSignal& checks,
                             const std::vector<double>& time_s) {
    const CoreTwin& c = core.core();
    SparseBias b;
    b.latest = 0.0;
    b.walk_var_per_h = std::max(c.bias_q_degC2_per_h, 0.0);
    b.interval_h = median_interval_h(checks, time_s);
    // A check-interval curve scored against a reference series carries no check noise:
    // its error at the shortest interval stands in for one check's.
    b.measurement_sd = c.check_noise_sd_degC > 0.0 ? c.check_noise_sd_degC
                       : c.check_interval_h.empty() ? 0.0
                                                    : c.soft_sensor_error_degC(c.check_interval_h.front());
    // Neither (a fit stored before the curve was kept): the estimate's hold-out error, so
    // that a check is never measured against a band of zero width.
    if (!(b.measurement_sd > 0.0) && std::isfinite(core.report().metrics.rmse)) b.measurement_sd = core.report().metrics.rmse;
    return b;
}

// Why the template's model cannot be watched from the live rows ("" when it can).
// `estimated`: the outputs of the template models already taken, which it may read.
std::string why_not_watched(const OutputModel& model, const SignalFrame& history, const Table& table,
                            const std::vector<std::string>& estimated) {
    std::vector<std::string> missing;
    bool in_the_data = true;
    for (const auto& input : model.inputs())
        if (!input.empty() && history.find(input) == nullptr &&
            std::find(estimated.begin(), estimated.end(), input) == estimated.end()) {
            missing.push_back(fmt::format("'{}'", input));
            in_the_data = in_the_data && table.find(input) != nullptr;
        }
    if (missing.empty()) return {};
    // A column of the data that the followed rows lack: a training session plays the
    // process graph's signals only. A column the data no longer have: the fit is stale.
    return fmt::format("its model reads {}, which the rows followed do not carry ({}); not watched",
                       fmt::join(missing, ", "),
                       in_the_data ? "a training session plays the process graph's signals only"
                                   : "map the column again, or run fit");
}

}  // namespace

SignalFrame watch_history(const TwinStudy& study) {
    if (!study.furnace) return study.history;
    std::vector<std::string> names;
    for (const auto& s : study.history.series) names.push_back(s.name);
    const auto add = [&](const std::string& name) {
        if (!name.empty() && study.table.find(name) != nullptr && std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    };
    for (const auto& model : study.furnace->twin.models.all())
        for (const auto& input : model->inputs()) add(input);
    for (const Role role : {Role::scrap, Role::energy, Role::core_temp_check})
        if (const Column* c = study.table.find_numeric_role(role)) add(c->name);
    if (names.size() == study.history.series.size()) return study.history;
    return history_frame(study.table, names, study.history.time_zone);
}

WatchedTwin watched_twin(const TwinStudy& study, const SignalFrame& history) {
    WatchedTwin w;
    w.twin = study.twin;
    if (!study.furnace) return w;
    // The template's outputs are upstream of the graph's (any output may read them): first.
    std::vector<std::shared_ptr<const OutputModel>> models;
    std::vector<std::string> estimated;
    for (const auto& model : study.furnace->twin.models.all()) {
        const std::string column = measuring_column(*model, study, history);
        const auto* core = dynamic_cast<const CoreTemperatureOutputModel*>(model.get());
        // Scrap and energy go by the name of the column that measures them (what the
        // engineer sees on the Live page and in the alerts); the core temperature estimate
        // keeps its own, its checks are a column of another name.
        const std::string name = column.empty() || core != nullptr ? model->output() : column;
        if (w.twin.model_of(name) != nullptr) continue;  // the graph models it itself
        const std::string why = why_not_watched(*model, history, study.table, estimated);
        if (!why.empty()) {
            w.unwatched.push_back(fmt::format("{}: {}", name, why));
            continue;
        }
        models.push_back(name == model->output() ? model : std::shared_ptr<const OutputModel>(model->renamed(name)));
        estimated.push_back(model->output());
        if (column.empty()) {
            // Still simulated: the scrap and energy models read the core temperature estimate.
            w.unwatched.push_back(fmt::format(
                "{}: estimated from the recorded inputs, but no column of the data measures it{}; not compared",
                name, core != nullptr ? " (no manual core-temperature checks mapped)" : ""));
            w.twin.measured_column[name] = "";
        } else if (core != nullptr) {
            w.twin.measured_column[name] = column;
            w.twin.sparse[name] = core_check_fusion(*core, *history.find(column), history.time_s);
        }
    }
    models.insert(models.end(), w.twin.models.begin(), w.twin.models.end());
    w.twin.models = std::move(models);
    return w;
}

}  // namespace twinbench
