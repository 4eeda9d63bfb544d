#include "models/furnace_without_checks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <nlopt.hpp>

#include "common/error.h"
#include "common/json_number.h"
#include "models/furnace_output_models.h"
#include "models/furnace_reading_smoother.h"
#include "models/model_diagnostics.h"
#include "models/model_json.h"
#include "models/signal_frame.h"
#include "models/soft_sensor_series.h"
#include "models/static_output_fit.h"
#include "models/stuck_stretches.h"
#include "models/trust_verdict.h"

namespace twinbench {
namespace {

// The share of the furnace form's hold-out log loss the core temperature's physics must
// take off to replace it (see where it is used).
constexpr double proxy_over_furnace_margin = 0.001;

}  // namespace

bool is_residence_signal(std::string_view name) {
    return name == log_residence_signal_name || name == residence_signal_name;
}

double residence_signal_value(std::string_view name, double speed_m_per_min) {
    if (!(speed_m_per_min > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    const double min_per_m = 1.0 / speed_m_per_min;
    return name == log_residence_signal_name ? std::log(min_per_m) : min_per_m;
}

double PartHeating::theta_for(std::string_view grade_label) const {
    for (std::size_t g = 0; g < grade_labels.size(); ++g)
        if (grade_labels[g] == grade_label) return theta_min_per_m[g];
    return theta_any_grade_min_per_m;
}

nlohmann::json to_json(const PartHeating& heating) {
    nlohmann::json by_grade = nlohmann::json::object();
    for (std::size_t g = 0; g < heating.grade_labels.size(); ++g)
        by_grade[heating.grade_labels[g]] = json_number(heating.theta_min_per_m[g]);
    return {{"theta_min_per_m", json_number(heating.theta_any_grade_min_per_m)}, {"theta_by_grade_min_per_m", by_grade}};
}

PartHeating part_heating_from_json(const nlohmann::json& j) {
    PartHeating h;
    h.theta_any_grade_min_per_m = j.at("theta_min_per_m").get<double>();
    const nlohmann::json by_grade = j.value("theta_by_grade_min_per_m", nlohmann::json::object());
    for (const auto& [label, theta] : by_grade.items()) {
        h.grade_labels.push_back(label);
        h.theta_min_per_m.push_back(theta.get<double>());
    }
    return h;
}

std::vector<double> core_temperature_from_physics(const std::vector<double>& furnace_degC,
                                                  const std::vector<double>& ambient_degC,
                                                  const std::vector<double>& speed_m_per_min,
                                                  const std::vector<double>& theta_min_per_m) {
    std::vector<double> core(furnace_degC.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < core.size(); ++k)
        if (speed_m_per_min[k] > 0.0)
            core[k] = furnace_degC[k] -
                      (furnace_degC[k] - ambient_degC[k]) * std::exp(-1.0 / (speed_m_per_min[k] * theta_min_per_m[k]));
    return core;
}

nlohmann::json to_json(const FurnaceReadingChoice& choice) {
    if (!choice.smoothed) return {{"method", "running median of 11 readings"}, {"why", choice.why}};
    return {{"method", "smoothed through the furnace model (Kalman filter and RTS smoother)"},
            {"why", choice.why},
            {"reading_sd_degC", json_number(choice.reading_sd_degC)},
            {"wander_sd_degC_per_step", json_number(choice.wander_sd_degC)},
            {"spikes_left_out", choice.spikes}};
}

FurnaceReadingChoice furnace_reading_choice_from_json(const nlohmann::json& j) {
    FurnaceReadingChoice c;
    if (!j.is_object()) return c;
    c.why = j.value("why", "");
    c.reading_sd_degC = json_number_at(j, "reading_sd_degC");
    c.wander_sd_degC = json_number_at(j, "wander_sd_degC_per_step");
    c.smoothed = j.value("method", "").starts_with("smoothed") && c.reading_sd_degC > 0.0 && c.wander_sd_degC >= 0.0;
    if (const auto it = j.find("spikes_left_out"); it != j.end() && it->is_number_unsigned())
        c.spikes = it->get<std::size_t>();
    return c;
}

namespace {

bool has_smoother_inputs(const SignalFrame& frame, const FurnaceColumns& columns) {
    return frame.find(columns.setpoint) != nullptr && frame.find(columns.ambient) != nullptr &&
           frame.find(columns.produced) != nullptr;
}

FurnaceReadingSmoothing smooth(const SignalFrame& frame, const FurnaceColumns& columns, const FurnaceTwin& furnace,
                               std::optional<FurnaceReadingNoise> noise) {
    return smooth_furnace_readings(furnace, frame.step_min, frame.at(columns.setpoint).values,
                                   frame.at(columns.produced).values, frame.at(columns.ambient).values,
                                   frame.at(columns.furnace).values, noise);
}

}  // namespace

std::vector<double> furnace_temperature_for_scrap(const SignalFrame& frame, const FurnaceColumns& columns,
                                                  const FurnaceReadingModel* model, FurnaceReadingChoice& chosen) {
    chosen = FurnaceReadingChoice{};
    if (model == nullptr) {
        chosen.why = "no furnace temperature model";
    } else if (!has_smoother_inputs(frame, columns)) {
        chosen.why = "no furnace setpoint, ambient temperature or parts column";
    } else {
        try {
            FurnaceReadingSmoothing s = smooth(frame, columns, model->furnace, std::nullopt);
            if (smoothing_beats_running_median(model->holdout_rmse_degC, s.reading_sd_degC, chosen.why)) {
                chosen.smoothed = true;
                chosen.reading_sd_degC = s.reading_sd_degC;
                chosen.wander_sd_degC = s.wander_sd_degC;
                chosen.spikes = s.spikes;
                return std::move(s.estimate_degC);
            }
        } catch (const ModelError& e) {
            chosen.why = e.what();
        }
    }
    return running_median(frame.at(columns.furnace).values, furnace_reading_median_width);
}

std::vector<double> furnace_temperature_as_fitted(const SignalFrame& frame, const FurnaceColumns& columns,
                                                  const FurnaceTwin& furnace, const FurnaceReadingChoice& chosen) {
    if (!chosen.smoothed) return running_median(frame.at(columns.furnace).values, furnace_reading_median_width);
    if (!has_smoother_inputs(frame, columns))
        throw ModelError("the scrap model read the furnace temperature smoothed through the furnace model, which needs "
                         "the setpoint, the ambient temperature and the parts produced; map them, or run fit again");
    return smooth(frame, columns, furnace, FurnaceReadingNoise{chosen.reading_sd_degC, chosen.wander_sd_degC})
        .estimate_degC;
}

// Where the part core temperature cannot be estimated (no manual checks), scrap straight
// from what is measured, as the generic binomial family fits it: the furnace temperature
// (a transport delay earlier where the data show one and the hold-out rewards it), the log
// of the residence time per metre of furnace (1 / speed), humidity, wear and grade, with
// the curvature and interactions the hold-out rewards (under- and over-curing make scrap a
// window in temperature and time).
ModelSummary direct_defect_summary(const Table& table, const std::string& zone, double lag_min,
                                   const std::string& why_not_process, const PartHeating* energy_heating,
                                   const FurnaceReadingModel* furnace_model) {
    const Column* furnace = table.find_numeric_role(Role::furnace_temp);
    const Column* speed = table.find_numeric_role(Role::speed);
    const Column* produced = table.find_numeric_role(Role::produced);
    const Column* scrap = table.find_numeric_role(Role::scrap);
    if (furnace == nullptr || speed == nullptr || produced == nullptr || scrap == nullptr)
        throw ModelError("the scrap model from the measured process needs furnace_temp, speed, produced and scrap");
    const Column* humidity = table.find_numeric_role(Role::humidity);
    const Column* ambient = table.find_numeric_role(Role::ambient_temp);
    const Column* material = table.find_role(Role::material);
    const Column* setpoint = table.find_numeric_role(Role::setpoint);
    const Column* wear = nullptr;
    for (const auto& c : table.columns)
        if (c.role == Role::factor && c.type == ColumnType::numeric && wear == nullptr) wear = &c;
    std::vector<std::string> names{furnace->name, speed->name, produced->name, scrap->name};
    for (const Column* c : {humidity, material, wear, ambient, setpoint})
        if (c != nullptr) names.push_back(c->name);
    SignalFrame frame = history_frame(table, names, zone);
    std::vector<std::string> sensors{furnace->name};
    for (const Column* c : {humidity, ambient})
        if (c != nullptr) sensors.push_back(c->name);
    const std::vector<std::size_t> stuck_steps = drop_stuck_stretches(table, sensors, frame);
    FurnaceReadingChoice furnace_reading;
    FurnaceColumns reading_columns;
    reading_columns.furnace = furnace->name;
    reading_columns.produced = produced->name;
    if (setpoint != nullptr) reading_columns.setpoint = setpoint->name;
    if (ambient != nullptr) reading_columns.ambient = ambient->name;
    frame.at(furnace->name).values = furnace_temperature_for_scrap(frame, reading_columns, furnace_model, furnace_reading);
    FrameSignal residence;
    residence.name = std::string(log_residence_signal_name);
    residence.unit = "ln(min/m)";
    residence.values = frame.at(speed->name).values;
    for (double& v : residence.values) v = residence_signal_value(residence.name, v);
    const std::vector<double> speed_values = frame.at(speed->name).values;
    frame.add(std::move(residence));
    OutputFitSpec spec;
    spec.output = scrap->name;
    spec.unit = scrap->unit;
    spec.kind = OutputKind::count;
    spec.total_signal = produced->name;
    spec.calendar_terms = false;  // the time of day causes no scrap; the process does
    spec.dynamic_form = false;
    const auto with_disturbances = [&](std::vector<std::string> inputs) {
        for (const Column* c : {humidity, wear, material})
            if (c != nullptr) inputs.push_back(c->name);
        return inputs;
    };
    // (a) From the furnace temperature and the log of the residence time.
    spec.inputs = with_disturbances({furnace->name, std::string(log_residence_signal_name)});
    std::unique_ptr<StaticOutputModel> model = fit_static_output(frame, spec);
    // The furnace-to-scrap delay the cross-correlation found is only a proposal: scrap is
    // a window in temperature, which a correlation sees poorly, and a delay the parts do
    // not have blurs the furnace temperature each part saw (the scrap's curvature comes
    // out flatter, and so do its what-ifs). Kept where the hold-out rewards it.
    double scrap_lag_min = 0.0;
    constexpr double inf_loss = std::numeric_limits<double>::infinity();
    nlohmann::json lag_test;
    if (lag_min > 0.0) {
        OutputFitSpec lagged = spec;
        lagged.delay_min[furnace->name] = lag_min;
        std::unique_ptr<StaticOutputModel> with_lag;
        try {
            with_lag = fit_static_output(frame, lagged);
        } catch (const ModelError&) {  // too few rows once shifted: the same-step form stands
        }
        const double loss_lagged = with_lag ? with_lag->report().metrics.log_loss : inf_loss;
        const double loss_same_step = model->report().metrics.log_loss;
        lag_test = {{"lag_min", lag_min},
                    {"holdout_log_loss_lagged", json_number(loss_lagged)},
                    {"holdout_log_loss_same_step", json_number(loss_same_step)}};
        if (with_lag && loss_lagged < loss_same_step) {
            model = std::move(with_lag);
            spec = std::move(lagged);
            scrap_lag_min = lag_min;
        }
    }
    const double furnace_form_loss = model->report().metrics.log_loss;
    std::optional<PartHeating> chosen;
    bool chosen_from_energy = false;
    nlohmann::json proxy_search = nlohmann::json::array();
    // (b) From the core temperature's physics with the heating constant that explains
    // the scrap best; kept where it predicts the hold-out better.
    if (ambient != nullptr) {
        const auto& tf = frame.at(furnace->name).values;
        const auto& ta = frame.at(ambient->name).values;
        FrameSignal proxy;
        proxy.name = std::string(core_proxy_signal_name);
        proxy.unit = furnace->unit;
        OutputFitSpec proxy_spec = spec;
        // The residence time stays an input: a faster line can scrap more (or less) at the
        // same core temperature (handling, shorter holding), and the data say by how much.
        proxy_spec.inputs = with_disturbances({proxy.name, std::string(log_residence_signal_name)});
        proxy_spec.delay_min.clear();
        if (scrap_lag_min > 0.0) proxy_spec.delay_min[proxy.name] = scrap_lag_min;
        frame.add(proxy);
        // The energy meter's heating constants first (learnt from every step, one per
        // grade), then one constant for all from a grid, for plants whose energy does not
        // show them.
        std::vector<PartHeating> candidates;
        if (energy_heating != nullptr) candidates.push_back(*energy_heating);
        for (const double theta : {0.08, 0.12, 0.17, 0.24, 0.34, 0.5, 0.7, 1.0})
            candidates.push_back(PartHeating{{}, {}, theta});
        std::vector<double> grade(tf.size(), -1.0);
        std::vector<std::string> grade_labels;
        if (material != nullptr) {
            grade = frame.at(material->name).values;
            grade_labels = frame.at(material->name).levels;
        }
        for (const PartHeating& candidate_heating : candidates) {
            frame.at(proxy.name).values = core_temperature_from_physics(
                tf, ta, speed_values, candidate_heating.theta_per_row(grade, grade_labels));
            try {
                auto candidate = fit_static_output(frame, proxy_spec);
                const double loss = candidate->report().metrics.log_loss;
                auto tried = to_json(candidate_heating);
                tried["holdout_log_loss"] = loss;
                proxy_search.push_back(tried);
                // The energy's constants are measured at every step of the meter; a grid
                // value found by the scrap's hold-out (rare events, nine tries) replaces
                // them only when it predicts clearly better, not by the chance of one split.
                // So does the physics the furnace form: its heating constant is one more
                // parameter, searched. On two-year lines whose scrap follows the furnace air
                // the best of the nine came within 0.0006 % of the furnace form's log loss
                // (and 0.02 % on 60 days), on lines whose scrap follows the part's core it
                // was 0.45-6.8 % lower.
                const bool energy_candidate = energy_heating != nullptr && &candidate_heating == &candidates.front();
                const double margin = !chosen ? proxy_over_furnace_margin
                                      : chosen_from_energy ? proxy_spec.min_holdout_gain
                                                           : 0.0;
                const double to_beat = model->report().metrics.log_loss * (1.0 - margin);
                if (loss < to_beat) {
                    model = std::move(candidate);
                    chosen = candidate_heating;
                    chosen_from_energy = energy_candidate;
                }
            } catch (const ModelError&) {
            }
        }
    }
    nlohmann::json j;
    j["kind"] = "binomial_glm_counts_furnace_residence";
    j["outcome"] = scrap->name + " / " + produced->name;
    auto terms = nlohmann::json::array();
    for (const auto& t : model->terms())
        terms.push_back({{"name", t.name}, {"unit", t.unit}, {"estimate", json_number(t.estimate)},
                         {"std_error", json_number(t.std_error)}});
    j["terms"] = terms;
    const HoldoutMetrics& m = model->report().metrics;
    j["metrics"] = {{"log_loss", json_number(m.log_loss)}, {"brier", json_number(m.brier)}, {"auc", json_number(m.auc)}};
    j["n_train"] = m.n_train;
    j["n_test"] = m.n_test;
    j["covariance"] = matrix_json(model->covariance());
    j["diagnostics"] = diagnostics_json(model->report().diagnostics);
    j["trust"] = to_json(model->report().trust);
    j["form_reason"] = model->report().form_reason;
    j["columns"] = {{"furnace_temp", furnace->name},
                    {"speed", speed->name},
                    {"ambient_temp", ambient != nullptr ? ambient->name : ""},
                    {"humidity", humidity != nullptr ? humidity->name : ""},
                    {"wear", wear != nullptr ? wear->name : ""},
                    {"material", material != nullptr ? material->name : ""}};
    j["material_levels"] = material != nullptr ? material->levels : std::vector<std::string>{};
    j["lag_min"] = scrap_lag_min;
    j["furnace_reading"] = to_json(furnace_reading);
    if (!lag_test.is_null()) j["lag_test"] = lag_test;
    j["core_proxy"] = chosen ? to_json(*chosen) : nlohmann::json{{"theta_min_per_m", nullptr}};
    j["core_proxy"]["search"] = proxy_search;
    j["core_proxy"]["furnace_form_holdout_log_loss"] = json_number(furnace_form_loss);
    j["generic_model"] = model->to_json();
    auto warnings = model->report().warnings;
    warnings.push_back(std::string("scrap modelled from ") +
                       (chosen ? fmt::format("the part core temperature's physics (heating constant {:.2f} min per metre "
                                             "of furnace, fitted to the {})",
                                             chosen->theta_any_grade_min_per_m, chosen_from_energy ? "energy" : "scrap")
                               : std::string("the furnace temperature and the log of the residence time (1 / speed)")) +
                       ", not from manual core checks: " + why_not_process);
    for (std::size_t i = 0; i < sensors.size(); ++i)
        if (stuck_steps[i] > 0)
            warnings.push_back(fmt::format("{} steps where '{}' was stuck (the audit's flatlines) are left out of the fit",
                                           stuck_steps[i], sensors[i]));
    j["warnings"] = warnings;
    return {"defect", j};
}

namespace {

// Golden-section search of f over log(theta) in [lo, hi] (natural logs); returns the best theta.
template <typename F>
double golden_search_log(F&& f, double lo, double hi, int iterations) {
    const double golden = (std::sqrt(5.0) - 1.0) / 2.0;
    double a = hi - golden * (hi - lo), b = lo + golden * (hi - lo);
    double fa = f(std::exp(a)), fb = f(std::exp(b));
    for (int it = 0; it < iterations; ++it) {
        if (fa < fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - golden * (hi - lo);
            fa = f(std::exp(a));
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + golden * (hi - lo);
            fb = f(std::exp(b));
        }
    }
    return std::exp(fa < fb ? a : b);
}

}  // namespace

EnergyHeatingConstant energy_heating_constant(const Table& table, const EnergyFitOptions& options,
                                              const EnergyFit& furnace_only) {
    EnergyHeatingConstant out;
    // The soft sensor's cleaned series: stuck thermocouple runs out, its noise smoothed,
    // the last running speed while the line stands, the batch list's grade per row.
    SoftSensorSeries series;
    try {
        series = soft_sensor_series(table, 11, 10, CoreChecks::optional);
    } catch (const ModelError& e) {
        out.why_not = e.what();
        return out;
    }
    out.search = nlohmann::json::array();
    PartHeating heating;
    heating.grade_labels = series.grade_labels;
    const auto core_for = [&](const PartHeating& h) {
        return core_temperature_from_physics(series.furnace_degC, series.ambient_degC, series.speed_m_per_min,
                                             h.theta_per_row(series.grade, series.grade_labels));
    };
    const auto set_common = [&](double theta) {
        heating.theta_any_grade_min_per_m = theta;
        heating.theta_min_per_m.assign(heating.grade_labels.size(), theta);
    };
    // The search's rows are fixed by where the core can be computed at all (furnace,
    // ambient and speed present), which no constant changes: any one sets them up.
    set_common(0.2);
    std::optional<EnergyPartsSearch> search;
    try {
        search.emplace(table, options, core_for(heating));
    } catch (const ModelError& e) {
        out.why_not = e.what();
        return out;
    }
    const auto common = [&](double theta) {
        set_common(theta);
        return search->train_rmse(core_for(heating));
    };
    // One constant for all grades: a coarse log grid over every plausible value (seconds
    // to minutes per metre), then golden-section refinement around the best (the grid
    // keeps the search from a local dip at an end).
    std::vector<double> grid;
    for (double theta = 0.02; theta < 3.0; theta *= 1.5) grid.push_back(theta);
    std::vector<double> error(grid.size());
    for (std::size_t i = 0; i < grid.size(); ++i) {
        error[i] = common(grid[i]);
        out.search.push_back({{"theta_min_per_m", grid[i]}, {"train_rmse", json_number(error[i])}});
    }
    const auto best = static_cast<std::size_t>(std::min_element(error.begin(), error.end()) - error.begin());
    if (!std::isfinite(error[best])) {
        out.why_not = "no heating constant lets the energy model fit the parts' heat";
        return out;
    }
    const std::size_t grades = heating.grade_labels.size();
    if (best == 0 && grades < 2) {
        out.why_not = "the energy data show the parts leaving at the furnace temperature (heating constant "
                      "below the shortest tried)";
        return out;
    }
    const double theta = best == 0 ? grid.front()
                                   : golden_search_log(common, std::log(grid[best - 1]),
                                                       std::log(grid[std::min(best + 1, grid.size() - 1)]), 12);
    set_common(theta);
    // Then one per grade (the grades' parts heat differently: thickness, density; one
    // constant would put the difference into the base load, and can even make the best
    // common constant look like none), jointly: the constants and the parts' heat
    // capacity trade along a ridge that a search grade by grade crawls. Two starts, the
    // common constant and the middle of the plausible range, against a shallow dip.
    std::vector<double> x(grades, std::log(theta));
    if (grades > 1) {
        nlopt::opt optimizer(nlopt::LN_BOBYQA, static_cast<unsigned>(grades));
        optimizer.set_lower_bounds(std::vector<double>(grades, std::log(grid.front())));
        optimizer.set_upper_bounds(std::vector<double>(grades, std::log(grid.back())));
        optimizer.set_xtol_abs(1e-3);
        optimizer.set_maxeval(300);
        auto objective = [&](const std::vector<double>& log_theta) {
            for (std::size_t g = 0; g < grades; ++g) heating.theta_min_per_m[g] = std::exp(log_theta[g]);
            return search->train_rmse(core_for(heating));
        };
        using Objective = decltype(objective);
        optimizer.set_min_objective(
            [](const std::vector<double>& v, std::vector<double>&, void* data) {
                return (*static_cast<Objective*>(data))(v);
            },
            &objective);
        double best_rmse = std::numeric_limits<double>::infinity();
        for (const double start : {theta, std::sqrt(grid.front() * grid.back())}) {
            std::vector<double> trial(grades, std::log(start));
            double rmse = std::numeric_limits<double>::infinity();
            try {
                optimizer.optimize(trial, rmse);
            } catch (const std::exception&) {
                rmse = objective(trial);  // a stalled search still leaves its best point
            }
            if (rmse < best_rmse) {
                best_rmse = rmse;
                x = trial;
            }
        }
        for (std::size_t g = 0; g < grades; ++g) heating.theta_min_per_m[g] = std::exp(x[g]);
        // A row of a grade the fit never saw: the geometric mean of the grades'.
        double log_sum = 0.0;
        for (const double t : x) log_sum += t;
        heating.theta_any_grade_min_per_m = std::exp(log_sum / static_cast<double>(grades));
        out.search.push_back({{"by_grade", to_json(heating)["theta_by_grade_min_per_m"]},
                              {"train_rmse", json_number(objective(x))}});
    }
    EnergyFitOptions o = options;
    o.core_temperature_degC = core_for(heating);
    EnergyFit with_physics = fit_energy_model(table, o);
    if (!(with_physics.test.rmse <= furnace_only.test.rmse)) {
        out.why_not = fmt::format(
            "the parts' heat on the core temperature's physics (heating constant {:.3g} min/m) predicts the "
            "hold-out no better ({:.4g} kWh against {:.4g})",
            theta, with_physics.test.rmse, furnace_only.test.rmse);
        return out;
    }
    out.found = true;
    out.heating = std::move(heating);
    out.fit = std::move(with_physics);
    return out;
}

}  // namespace twinbench
