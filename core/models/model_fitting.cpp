#include "models/model_fitting.h"

#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "common/error.h"
#include "common/json_number.h"
#include "common/time_format.h"
#include "models/core_temperature_soft_sensor.h"
#include "models/defect_baseline.h"
#include "models/defect_model.h"
#include "models/energy_model.h"
#include "models/furnace_output_models.h"
#include "models/furnace_reading_smoother.h"
#include "models/furnace_temperature_model.h"
#include "models/furnace_without_checks.h"
#include "models/model_diagnostics.h"
#include "models/model_json.h"
#include "models/throughput_model.h"
#include "models/transport_delay.h"

namespace twinbench {
namespace {

// Last finite value of a per-row series (the soft sensor's latest bias), NaN if none.
double last_finite(const std::vector<double>& v) {
    for (auto it = v.rbegin(); it != v.rend(); ++it)
        if (std::isfinite(*it)) return *it;
    return std::numeric_limits<double>::quiet_NaN();
}

// Operating envelope of a model's inputs (furnace and energy ranges share the fields).
template <typename Range>
nlohmann::json envelope_json(const std::vector<Range>& ranges) {
    auto out = nlohmann::json::array();
    for (const auto& e : ranges)
        out.push_back({{"input", e.name},
                       {"column", e.column},
                       {"unit", e.unit},
                       {"min", json_number(e.min)},
                       {"max", json_number(e.max)}});
    return out;
}

template <typename Term>
nlohmann::json terms_json(const std::vector<Term>& terms) {
    auto out = nlohmann::json::array();
    for (const auto& t : terms)
        out.push_back({{"name", t.name},
                       {"estimate", json_number(t.estimate)},
                       {"std_error", json_number(t.std_error)}});
    return out;
}

nlohmann::json order_candidate_json(const FurnaceOrderCandidate& c) {
    return {{"order", c.order},
            {"parameters", c.parameters},
            {"n_train", c.train_n},
            {"train_rmse", json_number(c.train_rmse)},
            {"aic", json_number(c.aic)},
            {"bic", json_number(c.bic)},
            {"holdout_free_run_rmse", json_number(c.test_free_run_rmse)},
            {"holdout_free_run_rmse_trimmed", json_number(c.test_free_run_rmse_trimmed)},
            {"holdout_spike_rows_excluded", c.test_spikes_excluded}};
}

// Why the furnace model has the order it has: the rule's constants, both candidates'
// criteria and the second-order estimates (also when it was not chosen).
nlohmann::json furnace_order_selection_json(const FurnaceTemperatureFit& fit) {
    const FurnaceFitOptions rule;
    nlohmann::json j;
    j["chosen"] = fit.order;
    j["reason"] = fit.order_reason;
    j["rule"] = {{"min_holdout_rmse_gain", rule.second_order_min_rmse_gain},
                 {"holdout_spike_robust_sd", rule.holdout_spike_robust_sd},
                 {"bic_must_be_lower", true},
                 {"min_tau2_steps", rule.second_order_min_tau2_steps},
                 {"max_tau2_relative_std_error", rule.second_order_max_tau2_relative_se}};
    auto candidates = nlohmann::json::array();
    candidates.push_back(order_candidate_json(fit.first_order_criteria));
    const FurnaceSecondOrderFit& so = fit.second_order;
    if (so.fitted) {
        auto c = order_candidate_json(so.criteria);
        c["converged"] = so.converged;
        c["iterations"] = so.iterations;
        c["note"] = so.note;
        auto terms = terms_json(so.parameters);
        for (std::size_t i = 0; i < so.parameters.size(); ++i)
            terms[i]["unit"] = so.parameters[i].unit;
        c["terms"] = terms;
        c["covariance"] = matrix_json(so.covariance);
        candidates.push_back(c);
    } else {
        candidates.push_back({{"order", 2}, {"skipped", so.note}});
    }
    j["candidates"] = candidates;
    return j;
}

ModelSummary temperature_summary(const Table& table) {
    const auto fit = fit_furnace_temperature(table);
    nlohmann::json j;
    j["kind"] = fit.order == 2 ? "second_order_grey_box" : "first_order_grey_box";
    auto terms = terms_json(fit.parameters);
    for (std::size_t i = 0; i < fit.parameters.size(); ++i)
        terms[i]["unit"] = fit.parameters[i].unit;
    j["terms"] = terms;
    j["metrics"] = {{"rmse", json_number(fit.test_free_run.rmse)},
                    {"mae", json_number(fit.test_free_run.mae)},
                    {"r2", json_number(fit.test_free_run.r2)},
                    {"one_step_rmse", json_number(fit.test_one_step.rmse)}};
    j["n_train"] = fit.train_pairs;
    j["n_test"] = fit.test_pairs;
    j["time_range"] = {{"start", format_utc_iso(fit.first_time_s)},
                       {"split", format_utc_iso(fit.split_time_s)},
                       {"end", format_utc_iso(fit.last_time_s)}};
    j["envelope"] = envelope_json(fit.envelope);
    j["warnings"] = fit.warnings;
    j["diagnostics"] = diagnostics_json(fit.holdout);
    // What the simulation needs to rebuild the model: the covariance of the terms above
    // (same order), the sampling step and the columns the inputs came from.
    j["covariance"] = matrix_json(fit.covariance);
    j["step_min"] = json_number(fit.step_min);
    j["columns"] = {{"setpoint", fit.setpoint_column},
                    {"furnace_temp", fit.furnace_column},
                    {"ambient_temp", fit.ambient_column},
                    {"produced", fit.produced_column},
                    {"state", fit.state_column}};
    j["running_label"] = fit.running_label;
    // Model order (1: the terms above are the first-order model; 2: two lags in cascade,
    // "tau" is the longer lag tau1 and the sixth term "tau2" the shorter one, the
    // covariance is 6 x 6 in the terms' order). The decision and both candidates'
    // criteria are kept either way so a review can see why.
    j["order"] = fit.order;
    if (fit.order == 2) {
        j["tau2_min"] = json_number(fit.second_order.model.tau2_min);
        j["tau2_std_error"] = json_number(fit.second_order.parameter("tau2").std_error);
    }
    j["order_selection"] = furnace_order_selection_json(fit);
    // The part core temperature cannot be measured continuously: the soft sensor fuses
    // the exit-temperature physics with the manual checks, and the curve answers how far
    // the checks can be spaced (scored against checks each run leaves out).
    try {
        const auto sensor = fit_core_temperature_soft_sensor(table);
        nlohmann::json grades = nlohmann::json::array();
        for (const auto& g : sensor.grades)
            grades.push_back({{"name", "tau_over_length[" + g.label + "]"},
                              {"unit", "min/m"},
                              {"estimate", json_number(g.theta_min_per_m)},
                              {"std_error", json_number(g.theta_std_error)},
                              {"checks", g.checks},
                              {"pooled", g.pooled}});
        // The curve leaves checks out to score the estimate: a short history may have too
        // few for that, which says nothing against the soft sensor itself (the twin, the
        // scrap and the energy need it): kept without the curve, and said why.
        constexpr double tolerance_degC = 5.0;
        CheckIntervalCurve curve;
        std::string curve_skipped;
        try {
            curve = check_interval_curve(table, {24.0, 72.0, 168.0}, tolerance_degC);
        } catch (const ModelError& e) {
            curve_skipped = e.what();
            curve.tolerance_degC = tolerance_degC;
        }
        j["soft_sensor"] = {{"kind", "physics_kalman_smoother"},
                            {"terms", grades},
                            {"warnings", sensor.warnings},
                            // The physics bias at the end of the data: the best guess for
                            // the time after it (the random walk has no drift).
                            {"bias_latest", json_number(last_finite(sensor.bias_degC))},
                            {"bias_q_degC2_per_h", json_number(sensor.bias_q_degC2_per_h)},
                            {"furnace_length_m", json_number(sensor.furnace_length_m)},
                            {"material_column", sensor.material_column}};
        // The checks and the curve in the layout the typed soft sensor reads back.
        write_soft_sensor_checks({sensor.checks_used, sensor.check_sd_degC, std::move(curve), curve_skipped},
                                 j["soft_sensor"]);
    } catch (const ModelError& e) {
        j["soft_sensor"] = {{"skipped", e.what()}};
    }
    return {"temperature", j};
}

ModelSummary energy_summary(const Table& table, const std::string& zone) {
    EnergyFitOptions options;
    options.time_zone = zone.empty() ? "UTC" : zone;
    // The heat a part takes follows its core temperature; where the soft sensor can
    // estimate it (manual checks mapped), the parts term uses it and its coefficient is
    // the part's heat capacity. Without checks, the core temperature's physics with the
    // heating constants the energy itself shows (a faster line moves the parts' heat less
    // than the parts count: they leave cooler); failing that the furnace temperature.
    std::string core_skipped;
    try {
        options.core_temperature_degC = fit_core_temperature_soft_sensor(table).estimate_degC;
    } catch (const ModelError& e) {
        core_skipped = e.what();
    }
    auto fit = fit_energy_model(table, options);
    EnergyHeatingConstant heating;
    if (!core_skipped.empty() && fit.model.encoding.form == EnergyForm::physics) {
        heating = energy_heating_constant(table, options, fit);
        if (heating.found) fit = std::move(heating.fit);
    }
    nlohmann::json j;
    j["kind"] = fit.model.encoding.form == EnergyForm::physics ? "physics_regression"
                                                               : "load_profile_regression";
    auto terms = terms_json(fit.model.terms);
    for (std::size_t i = 0; i < fit.model.terms.size(); ++i)
        terms[i]["unit"] = fit.model.terms[i].unit;
    j["terms"] = terms;
    j["metrics"] = {{"rmse", json_number(fit.test.rmse)},
                    {"mae", json_number(fit.test.mae)},
                    {"r2", json_number(fit.test.r2)}};
    j["n_train"] = fit.train_n;
    j["n_test"] = fit.test_n;
    j["envelope"] = envelope_json(fit.envelope);
    j["diagnostics"] = diagnostics_json(fit.holdout);
    j["covariance"] = matrix_json(fit.model.covariance);
    j["step_h"] = json_number(fit.model.encoding.step_h);
    j["window_s"] = json_number(fit.model.encoding.window_s);
    j["state_column"] = fit.model.encoding.state_column;
    auto warnings = fit.warnings;
    if (fit.model.encoding.form == EnergyForm::physics) {
        j["parts_temperature"] = !fit.model.encoding.parts_use_core ? "furnace"
                                 : heating.found                     ? "core_physics"
                                                                     : "core";
        if (heating.found) {
            j["core_physics"] = to_json(heating.heating);
            j["core_physics"]["search"] = heating.search;
            std::string constants;
            for (std::size_t g = 0; g < heating.heating.grade_labels.size(); ++g)
                constants += fmt::format("{}{} {:.3g}", g == 0 ? "" : ", ", heating.heating.grade_labels[g],
                                         heating.heating.theta_min_per_m[g]);
            if (heating.heating.grade_labels.size() < 2)
                constants = fmt::format("{:.3g}", heating.heating.theta_any_grade_min_per_m);
            warnings.push_back(fmt::format(
                "parts heat on the core temperature from the physics (heating constant {} min per metre of "
                "furnace, fitted to the energy), not from manual core checks: {}",
                constants, core_skipped));
        } else if (!fit.model.encoding.parts_use_core) {
            warnings.push_back(
                "parts heat on the furnace temperature (the part core temperature could not be "
                "estimated: " +
                core_skipped + (heating.why_not.empty() ? "" : "; " + heating.why_not) +
                "); the parts coefficient is then below the parts' heat capacity");
        }
    }
    j["warnings"] = warnings;
    return {"energy", j};
}

// The process defect model (core temperature window from the soft sensor, humidity, wear,
// speed, grade) when the roles allow it; otherwise the plain main-effects model on what is
// mapped (PRODUCT.md section 2), with the reason in its warnings.
nlohmann::json process_defect_json(const DefectModelFit& fit) {
    nlohmann::json j;
    j["kind"] =
        fit.counts ? "binomial_glm_counts_core_temperature" : "binomial_glm_core_temperature";
    j["outcome"] = fit.outcome;
    j["core_temperature_source"] = fit.core_temperature_source;
    auto terms = nlohmann::json::array();
    for (Eigen::Index i = 0; i < fit.uncentred_coefficients.size(); ++i) {
        const auto k = static_cast<std::size_t>(i);
        terms.push_back({{"name", fit.names[k]},
                         {"estimate", json_number(fit.uncentred_coefficients[i])},
                         {"std_error", json_number(fit.uncentred_std_errors[i])},
                         {"ci_low", json_number(fit.uncentred_ci_low[i])},
                         {"ci_high", json_number(fit.uncentred_ci_high[i])}});
    }
    j["terms"] = terms;
    j["metrics"] = {{"log_loss", json_number(fit.test.log_loss)},
                    {"brier", json_number(fit.test.brier)},
                    {"auc", json_number(fit.test.auc)}};
    j["n_train"] = fit.n_train;
    j["n_test"] = fit.n_test;
    j["core_temperature_optimum"] = {{"estimate", json_number(fit.core_optimum_degC)},
                                     {"std_error", json_number(fit.core_optimum_std_error)}};
    j["calibration"] = nlohmann::json::array();
    for (const auto& b : fit.calibration)
        j["calibration"].push_back({{"p_low", json_number(b.p_low)},
                                    {"p_high", json_number(b.p_high)},
                                    {"items", json_number(b.items)},
                                    {"mean_predicted", json_number(b.mean_predicted)},
                                    {"observed_rate", json_number(b.observed_rate)}});
    j["envelope"] = nlohmann::json::array();
    for (const auto& e : fit.envelope)
        j["envelope"].push_back(
            {{"input", e.name}, {"min", json_number(e.min)}, {"max", json_number(e.max)}});
    j["deviance"] = json_number(fit.fit.deviance);
    j["penalized"] = fit.fit.penalized;
    j["warnings"] = fit.warnings;
    j["diagnostics"] = diagnostics_json(fit.holdout);
    // How each term is computed from the process inputs (same order as terms), and the
    // uncentred covariance: enough to predict scrap for any scenario.
    j["covariance"] = matrix_json(fit.uncentred_covariance);
    j["design"] = nlohmann::json::array();
    for (const auto& t : fit.encoding.terms) {
        const char* kind = t.kind == DesignTerm::Kind::intercept ? "intercept"
                           : t.kind == DesignTerm::Kind::numeric ? "numeric"
                           : t.kind == DesignTerm::Kind::squared ? "squared"
                                                                 : "level";
        j["design"].push_back(
            {{"name", t.name}, {"kind", kind}, {"column", t.column}, {"level", t.level}});
    }
    j["core_temperature_lag_min"] = fit.core_temperature_lag_min;
    return j;
}

// lag_min: a transport delay from the furnace to the scrap (0 = none found). The lagged
// core temperature is used only when it predicts the hold-out better (log loss): an
// estimated delay that does not help is not imposed on the model.
ModelSummary process_defect_summary(const Table& table, double lag_min) {
    const auto same_row = fit_defect_model(table);
    if (!(lag_min > 0.0)) return {"defect", process_defect_json(same_row)};
    DefectModelOptions options;
    options.core_temperature_lag_min = lag_min;
    DefectModelFit lagged;
    try {
        lagged = fit_defect_model(table, options);
    } catch (const ModelError&) {
        return {"defect", process_defect_json(same_row)};
    }
    const bool use_lag = lagged.test.log_loss < same_row.test.log_loss;
    auto j = process_defect_json(use_lag ? lagged : same_row);
    j["core_temperature_lag_test"] = {{"lag_min", lag_min},
                                      {"log_loss_lagged", json_number(lagged.test.log_loss)},
                                      {"log_loss_same_row", json_number(same_row.test.log_loss)},
                                      {"used", use_lag}};
    return {"defect", j};
}

// soft_sensor_missing: why the temperature model has no core-temperature soft sensor ("" when
// it has one). Scrap on the core temperature needs it in the twin (its heating constants
// per grade): without it, scrap is modelled from what is measured.
ModelSummary defect_summary(const Table& table, const std::string& zone, double lag_min,
                            const PartHeating* energy_heating, const std::string& soft_sensor_missing,
                            const FurnaceReadingModel* furnace_model) {
    std::string why_not_process;
    if (soft_sensor_missing.empty()) {
        try {
            return process_defect_summary(table, lag_min);
        } catch (const ModelError& e) {
            why_not_process = e.what();
        }
    } else {
        why_not_process = "no core temperature soft sensor (" + soft_sensor_missing + ")";
    }
    try {
        return direct_defect_summary(table, zone, lag_min, why_not_process, energy_heating, furnace_model);
    } catch (const ModelError& e) {
        why_not_process += std::string("; from the furnace temperature and residence time: ") + e.what();
    }
    const auto fit = fit_defect_baseline(table);
    nlohmann::json j;
    j["kind"] = fit.counts ? "binomial_glm_counts" : "binomial_glm";
    j["outcome"] = fit.outcome;
    auto terms = nlohmann::json::array();
    for (const auto& t : fit.fit.terms())
        terms.push_back({{"name", t.name},
                         {"estimate", json_number(t.estimate)},
                         {"std_error", json_number(t.std_error)},
                         {"ci_low", json_number(t.ci_low)},
                         {"ci_high", json_number(t.ci_high)},
                         {"p_value", json_number(t.p_value)}});
    j["terms"] = terms;
    j["metrics"] = {{"log_loss", json_number(fit.test.log_loss)},
                    {"brier", json_number(fit.test.brier)},
                    {"auc", json_number(fit.test.auc)}};
    j["n_train"] = fit.n_train;
    j["n_test"] = fit.n_test;
    j["deviance"] = json_number(fit.fit.deviance);
    j["penalized"] = fit.fit.penalized;
    j["diagnostics"] = diagnostics_json(fit.holdout);
    auto warnings = fit.fit.warnings;
    warnings.push_back(
        "main-effects model on the mapped columns; the process model was not fitted: " +
        why_not_process);
    j["warnings"] = warnings;
    return {"defect", j};
}

// Dead times the data can show: the furnace answering its setpoint, and the scrap rate
// (or the 0/1 defect) answering the furnace temperature. Pairs whose roles are missing or
// whose data are too short are left out.
std::vector<TransportDelay> estimate_transport_delays(const Table& table) {
    std::vector<TransportDelay> out;
    if (!table.has_time()) return out;
    const auto attempt = [&](const Column& from, const std::string& to,
                             const std::vector<double>& response) {
        try {
            auto d = estimate_transport_delay(table.time_s, from.values, response);
            d.from = from.name;
            d.to = to;
            out.push_back(std::move(d));
        } catch (const ModelError&) {
        }
    };
    const Column* setpoint = table.find_numeric_role(Role::setpoint);
    const Column* furnace = table.find_numeric_role(Role::furnace_temp);
    if (setpoint != nullptr && furnace != nullptr)
        attempt(*setpoint, furnace->name, furnace->values);
    if (furnace == nullptr) return out;
    const Column* produced = table.find_numeric_role(Role::produced);
    const Column* scrap = table.find_numeric_role(Role::scrap);
    const Column* defect = table.find_role(Role::defect);
    if (produced != nullptr && scrap != nullptr) {
        std::vector<double> rate(table.row_count(), std::nan(""));
        for (std::size_t i = 0; i < rate.size(); ++i)
            if (produced->values[i] > 0.0) rate[i] = scrap->values[i] / produced->values[i];
        attempt(*furnace, scrap->name + " / " + produced->name, rate);
    } else if (defect != nullptr && defect->type != ColumnType::categorical) {
        attempt(*furnace, defect->name, defect->values);
    }
    return out;
}

nlohmann::json delay_json(const TransportDelay& d) {
    return {{"from", d.from},
            {"to", d.to},
            {"delay_min", json_number(d.delay_min)},
            {"correlation", json_number(d.correlation)},
            {"next_peak_delay_min", json_number(d.next_peak_delay_min)},
            {"next_peak_correlation", json_number(d.next_peak_correlation)},
            {"significance_band", json_number(d.significance_band)},
            {"significant", d.significant},
            {"distinct", d.distinct},
            {"pairs", d.pairs},
            {"confidence", d.confidence()}};
}

ModelSummary throughput_summary(const Table& table) {
    const auto fit = fit_throughput_model(table);
    nlohmann::json j;
    j["kind"] = "wear_maintenance_availability";
    auto terms = terms_json(fit.model.terms());
    const auto model_terms = fit.model.terms();
    for (std::size_t i = 0; i < model_terms.size(); ++i) terms[i]["unit"] = model_terms[i].unit;
    j["terms"] = terms;
    j["metrics"] = {{"rmse", json_number(fit.test.rmse)},
                    {"mae", json_number(fit.test.mae)},
                    {"r2", json_number(fit.test.r2)},
                    {"availability_actual", json_number(fit.availability_actual_test)},
                    {"availability_predicted", json_number(fit.availability_predicted_test)}};
    j["n_train"] = fit.train_rows;
    j["n_test"] = fit.test_rows;
    j["speed_envelope"] = {{"min", json_number(fit.speed_min)},
                           {"median", json_number(fit.speed_median)},
                           {"max", json_number(fit.speed_max)}};
    j["warnings"] = fit.warnings;
    j["diagnostics"] = diagnostics_json(fit.holdout);
    j["columns"] = {{"speed", fit.speed_column},
                    {"produced", fit.produced_column},
                    {"state", fit.state_column},
                    {"wear", fit.wear_column}};
    j["running_label"] = fit.running_label;
    j["maintenance_label"] = fit.maintenance_label;
    j["has_wear"] = fit.model.has_wear;
    j["alpha_assumed"] = fit.model.alpha_assumed;
    j["running_min_per_maintenance"] = json_number(fit.model.running_min_per_maintenance);
    return {"throughput", j};
}

}  // namespace

nlohmann::json FitAllResult::to_json() const {
    nlohmann::json out;
    out["models"] = nlohmann::json::object();
    for (const auto& m : models) out["models"][m.key] = m.json;
    out["skipped"] = nlohmann::json::array();
    for (const auto& s : skipped)
        out["skipped"].push_back({{"model", s.key}, {"reason", s.reason}});
    out["transport_delays"] = nlohmann::json::array();
    for (const auto& d : transport_delays) out["transport_delays"].push_back(delay_json(d));
    return out;
}

FitAllResult fit_all_models(const Table& table, const std::string& time_zone) {
    FitAllResult result;
    // Each model needs its own roles; one that the data cannot support is skipped with
    // the reason, the others still fit.
    const auto attempt = [&](const std::string& key, const auto& fit) {
        try {
            result.models.push_back(fit());
        } catch (const ModelError& e) {
            result.skipped.push_back({key, e.what()});
        }
    };
    result.transport_delays = estimate_transport_delays(table);
    // A clear furnace-to-scrap delay is offered to the defect model (used if it helps).
    double scrap_lag_min = 0.0;
    const Column* furnace = table.find_numeric_role(Role::furnace_temp);
    for (const auto& d : result.transport_delays)
        if (furnace != nullptr && d.from == furnace->name && d.significant && d.distinct)
            scrap_lag_min = d.delay_min;
    attempt("temperature", [&] { return temperature_summary(table); });
    // The energy first: where it shows the parts' heating constants, the scrap model
    // without manual checks tries the same constants.
    std::optional<ModelSummary> energy;
    std::string energy_skipped;
    try {
        energy = energy_summary(table, time_zone);
    } catch (const ModelError& e) {
        energy_skipped = e.what();
    }
    std::optional<PartHeating> energy_heating;
    if (energy && energy->json.contains("core_physics"))
        energy_heating = part_heating_from_json(energy->json["core_physics"]);
    // The soft sensor the scrap on the core temperature would read in the twin.
    std::string soft_sensor_missing = "the furnace temperature model was not fitted";
    std::optional<FurnaceReadingModel> furnace_model;  // the readings the scrap fit reads may be smoothed through it
    for (const auto& m : result.models)
        if (m.key == "temperature") {
            try {
                furnace_model = FurnaceReadingModel{furnace_twin_from_fit_json(m.json),
                                                    m.json.at("metrics").value("rmse", std::nan(""))};
            } catch (const std::exception&) {  // a damaged fit: the scrap fit smooths without it
            }
            const auto soft_sensor = m.json.find("soft_sensor");
            soft_sensor_missing = soft_sensor == m.json.end()            ? "the temperature model has none"
                                  : soft_sensor->contains("skipped")     ? (*soft_sensor)["skipped"].get<std::string>()
                                                                          : std::string();
        }
    attempt("defect", [&] {
        return defect_summary(table, time_zone, scrap_lag_min, energy_heating ? &*energy_heating : nullptr,
                              soft_sensor_missing, furnace_model ? &*furnace_model : nullptr);
    });
    if (energy)
        result.models.push_back(std::move(*energy));
    else
        result.skipped.push_back({"energy", energy_skipped});
    attempt("throughput", [&] { return throughput_summary(table); });
    if (result.models.empty()) {
        std::string reasons;
        for (const auto& s : result.skipped)
            reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : "; ", s.key, s.reason);
        throw ModelError("no model could be fitted (" + reasons + ")");
    }
    return result;
}

void store_models(Project& project, std::int64_t dataset_id, const FitAllResult& result) {
    std::vector<StoredModel> models;
    for (const auto& m : result.models) models.push_back({m.key, "", m.json.dump()});
    project.replace_models(dataset_id, models);
}

std::vector<ModelSummary> load_models(Project& project, std::int64_t dataset_id) {
    std::vector<ModelSummary> out;
    for (const auto& stored : project.models(dataset_id)) {
        auto& m = out.emplace_back();
        m.key = stored.kind;
        try {
            m.json = nlohmann::json::parse(stored.json);
        } catch (const nlohmann::json::exception& e) {
            throw ProjectError(fmt::format(
                "project file: the stored {} model is damaged ({}); refit the models with "
                "twinbench-cli fit",
                m.key, e.what()));
        }
    }
    return out;
}

}  // namespace twinbench
