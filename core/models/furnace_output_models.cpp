// The furnace template's typed models from a project's stored fit JSON (what every
// project since the template stores: the `models` object of `fit`), each with the report
// its stored fit gives: hold-out metrics, envelope, diagnostics, warnings, trust verdict.
#include "models/furnace_output_models.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "models/model_fitting.h"
#include "models/stored_fit_json.h"

namespace twinbench {
namespace {

using stored_fit::number_or;
using stored_fit::string_or;

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
    static const nlohmann::json empty = nlohmann::json::object();
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : empty;
}

// The parts of the report every stored furnace fit writes in the same shape.
void read_stored_report(const nlohmann::json& stored, FitReport& r) {
    r.metrics.n_train = stored.value("n_train", std::size_t{0});
    r.metrics.n_test = stored.value("n_test", std::size_t{0});
    r.warnings = stored.value("warnings", std::vector<std::string>{});
    r.diagnostics = diagnostics_from_json(member(stored, "diagnostics"));
    for (const auto& e : stored.value("envelope", nlohmann::json::array()))
        r.envelope.push_back({e.value("input", ""), e.value("column", ""), e.value("unit", ""),
                              number_or(e, "min", HoldoutMetrics::nan), number_or(e, "max", HoldoutMetrics::nan)});
}

void read_continuous_metrics(const nlohmann::json& stored, FitReport& r) {
    const auto& m = member(stored, "metrics");
    r.metrics.rmse = number_or(m, "rmse", HoldoutMetrics::nan);
    r.metrics.mae = number_or(m, "mae", HoldoutMetrics::nan);
    r.metrics.r2 = number_or(m, "r2", HoldoutMetrics::nan);
    // The bias of the hold-out's predictions from the points the fit kept of it.
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto& p : r.diagnostics.points)
        if (std::isfinite(p.actual) && std::isfinite(p.predicted)) {
            sum += p.actual - p.predicted;
            ++n;
        }
    if (n > 0) r.metrics.bias = sum / static_cast<double>(n);
}

void read_outcome_metrics(const nlohmann::json& stored, FitReport& r) {
    const auto& m = member(stored, "metrics");
    r.metrics.log_loss = number_or(m, "log_loss", HoldoutMetrics::nan);
    r.metrics.brier = number_or(m, "brier", HoldoutMetrics::nan);
    r.metrics.auc = number_or(m, "auc", HoldoutMetrics::nan);
    // Predicted and observed hold-out rates from the calibration bins (items-weighted).
    double items = 0.0, predicted = 0.0, observed = 0.0;
    for (const auto& b : stored.value("calibration", nlohmann::json::array())) {
        const double w = number_or(b, "items", 0.0);
        if (!(w > 0.0)) continue;
        items += w;
        predicted += w * number_or(b, "mean_predicted", 0.0);
        observed += w * number_or(b, "observed_rate", 0.0);
    }
    if (items > 0.0) {
        r.metrics.predicted_rate = predicted / items;
        r.metrics.observed_rate = observed / items;
    }
}

// The soft sensor has no hold-out rows of its own: it is judged by its check-interval
// curve, scored against the manual checks each thinned run leaves out. Its best point (the
// least 95 % error; at the shortest interval few checks are left out to score it on) says
// how close the estimate gets to the core.
void judge_soft_sensor(const SoftSensorChecks& checks, const std::vector<std::string>& warnings, FitReport& r) {
    r.warnings = warnings;
    r.metrics.n_train = checks.checks_used;
    r.metrics.n_test = checks.checks_used;
    r.form_reason = fmt::format("physics of the part heating with a bias the manual checks correct ({} checks)",
                                checks.checks_used);
    const CheckIntervalPoint* best = nullptr;
    for (const auto& p : checks.curve.points)
        if (std::isfinite(p.estimate_p95_abs_error_degC) &&
            (best == nullptr || p.estimate_p95_abs_error_degC < best->estimate_p95_abs_error_degC))
            best = &p;
    if (best == nullptr) {
        r.trust.message = "unknown: no check-interval curve to judge the soft sensor on";
        return;
    }
    r.metrics.rmse = best->estimate_rmse_degC;
    const double tolerance = std::isfinite(checks.curve.tolerance_degC) ? checks.curve.tolerance_degC : 5.0;
    const double p95 = best->estimate_p95_abs_error_degC;
    const double interval = std::isfinite(best->interval_h) ? best->interval_h : 24.0;
    if (best->meets_tolerance) {
        r.trust.level = TrustVerdict::Level::trusted;
        r.trust.message = fmt::format("trusted: within ±{:.3g} °C of the core 95 % of the time with checks every {:.3g} h "
                                      "(error {:.3g} °C against the checks left out)",
                                      tolerance, interval, p95);
    } else {
        r.trust.level = TrustVerdict::Level::caution;
        r.trust.message = fmt::format("use with care: the core estimate is off by up to {:.3g} °C (95 %) at best (checks "
                                      "every {:.3g} h), more than the ±{:.3g} °C tolerance",
                                      p95, interval, tolerance);
    }
}

// A stored scrap fit has no training-rate yardstick (base-rate log loss): judged by how
// well it ranks the hold-out's outcomes.
TrustVerdict judge_scrap(const HoldoutMetrics& m) {
    if (std::isfinite(m.base_rate_log_loss) || !std::isfinite(m.auc)) return judge_trust(m, "");
    TrustVerdict v;
    v.drift = std::isfinite(m.predicted_rate) && std::isfinite(m.observed_rate) && m.observed_rate > 0.0 &&
              std::abs(m.predicted_rate - m.observed_rate) > 0.3 * m.observed_rate;
    const std::string drift_text =
        v.drift ? fmt::format("; the hold-out rate is {:.3g} % where it predicts {:.3g} % (drift: refit on a recent "
                              "window)",
                              100.0 * m.observed_rate, 100.0 * m.predicted_rate)
                : "";
    const bool ranks = m.auc >= 0.75 && !v.drift;
    v.level = ranks ? TrustVerdict::Level::trusted : TrustVerdict::Level::caution;
    v.message = ranks ? fmt::format("trusted: ranks the hold-out's outcomes with AUC {:.2f} (log loss {:.4f})", m.auc,
                                    m.log_loss)
                      : fmt::format("use with care: AUC {:.2f} on the hold-out (log loss {:.4f}){}", m.auc, m.log_loss,
                                    drift_text);
    return v;
}

}  // namespace

std::vector<std::shared_ptr<const OutputModel>> FurnaceOutputModels::all() const {
    std::vector<std::shared_ptr<const OutputModel>> out;
    if (temperature) out.push_back(temperature);
    if (core) out.push_back(core);
    if (scrap) out.push_back(scrap);
    if (energy) out.push_back(energy);
    return out;
}

const OutputModel* FurnaceOutputModels::of_stored_fit(std::string_view key) const {
    if (key == "temperature") return temperature.get();
    if (key == "defect") return scrap.get();
    if (key == "energy") return energy.get();
    if (key == "throughput") return throughput.get();
    return nullptr;
}

FurnaceOutputModels furnace_output_models(const FitAllResult& fit) {
    nlohmann::json models = nlohmann::json::object();
    for (const auto& m : fit.models) models[m.key] = m.json;
    return furnace_output_models(models);
}

FurnaceOutputModels furnace_output_models(const nlohmann::json& models) {
    FurnaceOutputModels out;
    const auto t_it = models.find("temperature");
    if (t_it == models.end())
        throw ModelError("the simulation needs the temperature model (furnace setpoint, temperature, ambient); run "
                         "`fit` after mapping its roles");
    try {
        const auto& temperature = *t_it;
        const auto& throughput = member(models, "throughput");
        const auto& defect_json = member(models, "defect");
        const auto& energy_json = member(models, "energy");
        FurnaceColumns columns = furnace_columns_from_json(member(temperature, "columns"));
        const auto& throughput_columns = member(throughput, "columns");
        columns.speed = string_or(throughput_columns, "speed");
        columns.wear = string_or(throughput_columns, "wear");
        if (columns.produced.empty()) columns.produced = string_or(throughput_columns, "produced");
        if (columns.state.empty()) columns.state = string_or(throughput_columns, "state");
        columns.material = string_or(member(temperature, "soft_sensor"), "material_column");
        if (columns.material.empty()) columns.material = string_or(member(defect_json, "columns"), "material");

        // The same parts, in the same order, as the plant twin has always read them.
        CoreTwin core = core_twin_from_fit_json(temperature);
        DefectTwin defect;
        if (!defect_json.empty()) defect = defect_twin_from_fit_json(defect_json, core, throughput);
        EnergyTwin energy;
        if (!energy_json.empty()) energy = energy_twin_from_fit_json(energy_json);
        if (core.grade_labels.empty()) core.grade_labels = energy.parts_heating.grade_labels;
        out.grade_labels = core.grade_labels;

        auto furnace = std::make_shared<FurnaceTemperatureOutputModel>(furnace_twin_from_fit_json(temperature), columns);
        read_stored_report(temperature, furnace->report());
        read_continuous_metrics(temperature, furnace->report());
        const auto& order = member(temperature, "order_selection");
        furnace->report().form_reason = order.value("reason", "");
        furnace->report().candidates = form_candidates_from_json(order.value("candidates", nlohmann::json::array()));
        furnace->report().trust = judge_trust(furnace->report().metrics, "°C");
        out.temperature = furnace;

        const auto& sensor_json = member(temperature, "soft_sensor");
        if (core.available) {
            auto sensor = std::make_shared<CoreTemperatureOutputModel>(core, columns, soft_sensor_checks_from_json(sensor_json));
            judge_soft_sensor(sensor->checks(), sensor_json.value("warnings", std::vector<std::string>{}),
                              sensor->report());
            out.core = sensor;
        } else {
            out.core_skipped = string_or(sensor_json, "skipped");
        }
        const bool needs_core = std::any_of(defect.terms.begin(), defect.terms.end(), [](const auto& t) {
            return t.input == DefectTwin::Input::core || t.input == DefectTwin::Input::core_squared;
        });
        if (defect.available && (core.available || !needs_core)) {
            const auto direct = defect.direct;
            auto scrap = std::make_shared<FurnaceScrapOutputModel>(std::move(defect), core.grade_labels, columns);
            if (direct) {
                scrap->report() = direct->report();
                scrap->report().warnings = defect_json.value("warnings", std::vector<std::string>{});
            } else {
                read_stored_report(defect_json, scrap->report());
                read_outcome_metrics(defect_json, scrap->report());
                scrap->report().trust = judge_scrap(scrap->report().metrics);
            }
            out.scrap = scrap;
        }
        if (!throughput.empty()) {
            auto model = std::make_shared<FurnaceThroughputOutputModel>(
                throughput_twin_from_fit_json(throughput), columns, string_or(throughput, "running_label"),
                string_or(throughput, "maintenance_label"));
            read_stored_report(throughput, model->report());
            read_continuous_metrics(throughput, model->report());
            const auto& speed = member(throughput, "speed_envelope");
            const double lo = number_or(speed, "min", HoldoutMetrics::nan), hi = number_or(speed, "max", HoldoutMetrics::nan);
            if (std::isfinite(lo) && std::isfinite(hi))
                model->report().envelope.push_back({columns.speed, columns.speed, "m/min", lo, hi});
            model->report().form_reason = "parts per running minute = speed / pitch";
            model->report().trust = judge_trust(model->report().metrics, "parts/h");
            out.throughput = model;
        }
        if (energy.available) {
            auto model = std::make_shared<FurnaceEnergyOutputModel>(std::move(energy), core.grade_labels, columns);
            read_stored_report(energy_json, model->report());
            read_continuous_metrics(energy_json, model->report());
            model->report().form_reason = string_or(energy_json, "parts_temperature").empty()
                                              ? std::string()
                                              : "parts' heat on the " + string_or(energy_json, "parts_temperature") +
                                                    " temperature";
            model->report().trust = judge_trust(model->report().metrics, "kWh");
            out.energy = model;
        }
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(fmt::format("the stored models cannot be read ({}); run `fit` again", e.what()));
    }
    return out;
}

}  // namespace twinbench
