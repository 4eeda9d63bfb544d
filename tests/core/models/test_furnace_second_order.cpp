// The second-order (two-lag) furnace model: its discrete step must be the exact solution
// of the two cascaded lags for inputs held over a step, and the fit must choose it, and
// recover both lags, on data from a plant that has two lags, while a short or degenerate
// data set never selects it and never yields NaN.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "data/table.h"
#include "models/furnace_second_order.h"
#include "models/furnace_temperature_model.h"
#include "models/model_fitting.h"
#include "support/plant_run_table.h"

namespace twinbench {
namespace {

using test::numeric_column;

// dx/dt = (u - x) / tau1, dT/dt = (x - T) / tau2 by classical Runge-Kutta over one step
// with u held: an integration independent of the closed form under test.
FurnaceSecondOrderState rk4_step(FurnaceSecondOrderState s, double u, double tau1, double tau2,
                                 double dt, int substeps) {
    const double h = dt / substeps;
    auto f = [&](double x, double t) { return std::pair{(u - x) / tau1, (x - t) / tau2}; };
    for (int i = 0; i < substeps; ++i) {
        const auto [k1x, k1t] = f(s.air_degC, s.furnace_degC);
        const auto [k2x, k2t] = f(s.air_degC + 0.5 * h * k1x, s.furnace_degC + 0.5 * h * k1t);
        const auto [k3x, k3t] = f(s.air_degC + 0.5 * h * k2x, s.furnace_degC + 0.5 * h * k2t);
        const auto [k4x, k4t] = f(s.air_degC + h * k3x, s.furnace_degC + h * k3t);
        s.air_degC += h / 6.0 * (k1x + 2 * k2x + 2 * k3x + k4x);
        s.furnace_degC += h / 6.0 * (k1t + 2 * k2t + 2 * k3t + k4t);
    }
    return s;
}

FurnaceSecondOrderModel lag_model(double tau1, double tau2) {
    FurnaceSecondOrderModel m;
    m.step_min = 1.0;
    m.tau1_min = tau1;
    m.tau2_min = tau2;
    m.setpoint_gain = 0.98;
    m.load_sensitivity = -1.5;
    m.ambient_sensitivity = 0.3;
    m.offset_degC = -4.0;
    return m;
}

TEST(FurnaceSecondOrderStep, IsTheExactSolutionOfTwoLagsWithHeldInputs) {
    // Unequal lags, equal lags (the 0/0 limit of the closed form), nearly equal lags and
    // a lag far below the step.
    const double cases[][2] = {{25.0, 6.0},     {6.0, 25.0}, {10.0, 10.0},
                               {10.0, 10.0005}, {30.0, 0.2}, {3.0, 1.0}};
    for (const auto& c : cases) {
        const FurnaceSecondOrderModel m = lag_model(c[0], c[1]);
        const FurnaceSecondOrderStep stepper(m);
        FurnaceSecondOrderState exact{150.0, 120.0}, rk{150.0, 120.0};
        const double inputs[][3] = {{200, 10, 20}, {200, 0, 25}, {180, 15, 10}, {220, 5, 30}};
        for (int k = 0; k < 40; ++k) {
            const auto& in = inputs[k % 4];
            exact = stepper.step(exact, in[0], in[1], in[2]);
            rk = rk4_step(rk, m.steady_state_degC(in[0], in[1], in[2]), c[0], c[1], 1.0, 400);
        }
        EXPECT_NEAR(exact.air_degC, rk.air_degC, 1e-7) << c[0] << " " << c[1];
        EXPECT_NEAR(exact.furnace_degC, rk.furnace_degC, 1e-7) << c[0] << " " << c[1];
    }
}

TEST(FurnaceSecondOrderStep, SettlesAtTheSteadyStateAndNestsTheFirstOrder) {
    const FurnaceSecondOrderModel m = lag_model(25.0, 6.0);
    FurnaceInputs in;
    in.setpoint_degC.assign(601, 200.0);
    in.load_parts_per_min.assign(601, 10.0);
    in.ambient_degC.assign(601, 20.0);
    const std::vector<double> t = m.simulate(100.0, in);
    ASSERT_EQ(t.size(), 601u);
    EXPECT_DOUBLE_EQ(t[0], 100.0);
    // Two lags start with zero slope (the first-order response jumps at once) and both
    // settle at the steady state.
    EXPECT_LT(t[1] - t[0], 0.1 * (m.steady_state_degC(200, 10, 20) - 100.0) / 25.0);
    EXPECT_NEAR(t[600], m.steady_state_degC(200, 10, 20), 1e-6);
    for (std::size_t k = 1; k < t.size(); ++k) EXPECT_GE(t[k], t[k - 1] - 1e-12);  // no overshoot

    // A second lag far below the step is the first-order model: the reading trails the
    // air by about tau2, 1e-4 min x at most 4 degC/min here.
    FurnaceTemperatureModel first;
    first.step_min = 1.0;
    first.tau_min = 25.0;
    first.setpoint_gain = m.setpoint_gain;
    first.load_sensitivity = m.load_sensitivity;
    first.ambient_sensitivity = m.ambient_sensitivity;
    first.offset_degC = m.offset_degC;
    const std::vector<double> t1 = first.simulate(100.0, in);
    const std::vector<double> t2 = lag_model(25.0, 1e-4).simulate(100.0, in);
    for (std::size_t k = 0; k < t.size(); ++k) EXPECT_NEAR(t2[k], t1[k], 1e-3);

    in.ambient_degC.pop_back();
    EXPECT_THROW(m.simulate(100.0, in), std::invalid_argument);
    EXPECT_THROW(FurnaceSecondOrderStep(lag_model(25.0, 0.0)), std::invalid_argument);
}

TEST(FurnaceSecondOrderStep, CouplingDerivativesMatchFiniteDifferences) {
    const double cases[][2] = {
        {0.96, 0.85}, {0.85, 0.96}, {0.9, 0.9}, {0.9, 0.9000001}, {0.99, 1e-5}};
    for (const auto& c : cases) {
        const CascadeCoupling cc = cascade_coupling(c[0], c[1]);
        // Small against the distance to the bounds, large against rounding of c12.
        const double h = 1e-5 * std::min({c[0], c[1], 1.0 - c[0], 1.0 - c[1]});
        const double d1 =
            (cascade_coupling(c[0] + h, c[1]).c12 - cascade_coupling(c[0] - h, c[1]).c12) / (2 * h);
        const double d2 =
            (cascade_coupling(c[0], c[1] + h).c12 - cascade_coupling(c[0], c[1] - h).c12) / (2 * h);
        EXPECT_NEAR(cc.d_a1, d1, 1e-5 * (1.0 + std::abs(d1))) << c[0] << " " << c[1];
        EXPECT_NEAR(cc.d_a2, d2, 1e-5 * (1.0 + std::abs(d2))) << c[0] << " " << c[1];
    }
}

// A historian of a furnace with two lags: the setpoint is stepped every 1-4 h within
// 170-230 degC, the line stops now and then, the load drifts, the ambient follows a daily
// cycle; thermocouple noise and occasional spikes. Integrated by Runge-Kutta, not by the
// model's own update.
struct TwoLagPlant {
    double tau1 = 25.0, tau2 = 6.0;
    double gain = 0.98, load = -1.5, ambient = 0.3, offset = -4.0;
    double noise_sd = 1.0;
    double spike_probability = 0.002;
};

Table two_lag_historian(const TwoLagPlant& p, int days, std::uint64_t seed,
                        bool constant_setpoint = false) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    const std::size_t n = static_cast<std::size_t>(days) * 1440;
    std::vector<double> setpoint(n), measured(n), ambient(n), produced(n);
    Column state;
    state.name = state.header = "State";
    state.type = ColumnType::categorical;
    state.role = Role::state;
    state.levels = {"RUN", "STOP"};
    state.codes.resize(n);
    Table t;
    t.name = "two lag furnace";
    t.time_s.resize(n);

    double sp = 200.0, rate = 12.0, carry = 0.0;
    double next_change = 0.0, stop_until = -1.0, ambient_walk = 0.0;
    FurnaceSecondOrderState s{195.0, 195.0};
    for (std::size_t k = 0; k < n; ++k) {
        const double minute = static_cast<double>(k);
        t.time_s[k] = 1.7e9 + 60.0 * minute;
        if (minute >= next_change) {
            if (!constant_setpoint) sp = 170.0 + 60.0 * uniform(rng);
            next_change = minute + 60.0 + 180.0 * uniform(rng);
        }
        if (stop_until < minute && uniform(rng) < 1.0 / 480.0)
            stop_until = minute + 20.0 + 70.0 * uniform(rng);
        const bool running = minute >= stop_until;
        rate = std::clamp(rate + 0.05 * normal(rng), 6.0, 18.0);
        double parts = 0.0;
        if (running) {
            carry += rate;
            parts = std::floor(carry);
            carry -= parts;
        }
        ambient_walk = std::clamp(ambient_walk + 0.02 * normal(rng), -3.0, 3.0);
        const double amb = 18.0 + 6.0 * std::sin(2.0 * M_PI * minute / 1440.0) + ambient_walk;
        setpoint[k] = sp;
        ambient[k] = amb;
        produced[k] = parts;
        state.codes[k] = running ? 0 : 1;
        double reading = s.furnace_degC + p.noise_sd * normal(rng);
        if (uniform(rng) < p.spike_probability)
            reading += (uniform(rng) < 0.5 ? -1.0 : 1.0) * (30.0 + 50.0 * uniform(rng));
        measured[k] = reading;
        const double u = p.gain * sp + p.load * parts + p.ambient * amb + p.offset;
        s = rk4_step(s, u, p.tau1, p.tau2, 1.0, 10);
    }
    t.columns.push_back(numeric_column("SP", Role::setpoint, std::move(setpoint)));
    t.columns.push_back(numeric_column("TC furnace", Role::furnace_temp, std::move(measured)));
    t.columns.push_back(numeric_column("Ambient", Role::ambient_temp, std::move(ambient)));
    t.columns.push_back(numeric_column("Parts", Role::produced, std::move(produced)));
    t.columns.push_back(std::move(state));
    return t;
}

void print_orders(const char* what, const FurnaceTemperatureFit& fit) {
    const auto& so = fit.second_order;
    std::printf("[%s] order %d: %s\n", what, fit.order, fit.order_reason.c_str());
    std::printf(
        "    hold-out free-run RMSE order 1 %.3f (trimmed %.3f), order 2 %.3f (trimmed "
        "%.3f), %zu spike rows\n",
        fit.first_order_criteria.test_free_run_rmse,
        fit.first_order_criteria.test_free_run_rmse_trimmed, so.criteria.test_free_run_rmse,
        so.criteria.test_free_run_rmse_trimmed, so.criteria.test_spikes_excluded);
    std::printf(
        "    first order: tau %.3f g %.4f | second order (%s, %d it): tau1 %.3f +- %.3f "
        "tau2 %.3f +- %.3f g %.4f +- %.4f load %.4f ambient %.4f\n",
        fit.model.tau_min, fit.model.setpoint_gain, so.note.c_str(), so.iterations,
        so.model.tau1_min, so.fitted ? so.parameter("tau").std_error : NAN, so.model.tau2_min,
        so.fitted ? so.parameter("tau2").std_error : NAN, so.model.setpoint_gain,
        so.fitted ? so.parameter("setpoint_gain").std_error : NAN, so.model.load_sensitivity,
        so.model.ambient_sensitivity);
}

class FurnaceSecondOrderPlant : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(FurnaceSecondOrderPlant, ChoosesTheSecondOrderAndRecoversBothLags) {
    const TwoLagPlant plant;
    const FurnaceTemperatureFit fit =
        fit_furnace_temperature(two_lag_historian(plant, 20, GetParam()));
    print_orders(("two-lag seed " + std::to_string(GetParam())).c_str(), fit);
    ASSERT_TRUE(fit.second_order.fitted);
    ASSERT_EQ(fit.order, 2) << fit.order_reason;
    EXPECT_EQ(fit.order_reason.rfind("second order", 0), 0u) << fit.order_reason;

    // Tolerances: 10 % on both lags (the tolerance for a time constant), 0.01 on
    // the setpoint gain, 10 % on the load and ambient sensitivities.
    const auto& m = fit.second_order.model;
    EXPECT_NEAR(m.tau1_min, plant.tau1, 0.10 * plant.tau1);
    EXPECT_NEAR(m.tau2_min, plant.tau2, 0.10 * plant.tau2);
    EXPECT_NEAR(m.setpoint_gain, plant.gain, 0.01);
    EXPECT_NEAR(m.load_sensitivity, plant.load, 0.10 * std::abs(plant.load));
    EXPECT_NEAR(m.ambient_sensitivity, plant.ambient, 0.10 * plant.ambient);
    // The reported uncertainty is honest: the truth within 4 standard errors.
    EXPECT_LT(std::abs(m.tau1_min - plant.tau1), 4.0 * fit.parameter("tau").std_error);
    EXPECT_LT(std::abs(m.tau2_min - plant.tau2), 4.0 * fit.parameter("tau2").std_error);

    // The fit reports the second order: six terms, a 6 x 6 covariance, its metrics.
    ASSERT_EQ(fit.parameters.size(), 6u);
    EXPECT_EQ(fit.parameters[5].name, "tau2");
    EXPECT_DOUBLE_EQ(fit.parameter("tau").estimate, m.tau1_min);
    EXPECT_EQ(fit.covariance.rows(), 6);
    EXPECT_DOUBLE_EQ(fit.test_free_run.rmse, fit.second_order.test_free_run.rmse);
    // Clearly better than the first order on the hold-out free run (spikes left out),
    // near the 1 degC noise floor; with the spikes both are worse, the order stays.
    const auto& c1 = fit.first_order_criteria;
    const auto& c2 = fit.second_order.criteria;
    EXPECT_LT(c2.test_free_run_rmse_trimmed, 0.85 * c1.test_free_run_rmse_trimmed);
    EXPECT_LT(c2.test_free_run_rmse_trimmed, 1.1);
    EXPECT_LT(c2.test_free_run_rmse, c1.test_free_run_rmse);
    EXPECT_LT(c2.bic, c1.bic);
    // Spikes are 0.2 % of ~5760 hold-out rows; a few more rows may be missed by both.
    EXPECT_GT(c1.test_spikes_excluded, 5u);
    EXPECT_LT(c1.test_spikes_excluded, 40u);

    // The stored model's own simulation reproduces the fit's free run on a stretch.
    FurnaceInputs in;
    const Table table = two_lag_historian(plant, 1, GetParam() + 100);
    in.setpoint_degC = table.columns[0].values;
    in.ambient_degC = table.columns[2].values;
    in.load_parts_per_min = table.columns[3].values;
    const std::vector<double> sim = m.simulate(table.columns[1].values[0], in);
    double sse = 0.0;
    for (std::size_t k = 0; k < sim.size(); ++k) {
        const double e = sim[k] - table.columns[1].values[k];
        sse += std::min(e * e, 100.0);  // spikes capped
    }
    EXPECT_LT(std::sqrt(sse / static_cast<double>(sim.size())), 1.5);
}

INSTANTIATE_TEST_SUITE_P(FurnaceSecondOrderSeeds, FurnaceSecondOrderPlant,
                         ::testing::Values(11u, 12u, 13u));

// No NaN anywhere in a JSON tree (null is how a missing number is written).
void expect_no_nan(const nlohmann::json& j, const std::string& path) {
    if (j.is_number_float()) {
        EXPECT_TRUE(std::isfinite(j.get<double>())) << path;
    }
    if (j.is_structured())
        for (auto it = j.begin(); it != j.end(); ++it)
            expect_no_nan(*it, path + "/" + (j.is_object() ? it.key() : std::string("[]")));
}

const nlohmann::json& temperature_json(const FitAllResult& result) {
    for (const auto& m : result.models)
        if (m.key == "temperature") return m.json;
    throw std::runtime_error("no temperature model fitted");
}

// What `twinbench-cli fit --json` prints and the simulator reads for a second-order fit.
TEST(FurnaceSecondOrderSelection, FitJsonCarriesTheSecondOrder) {
    const Table table = two_lag_historian(TwoLagPlant{}, 20, 11);
    const FurnaceTemperatureFit fit = fit_furnace_temperature(table);
    const nlohmann::json j = temperature_json(fit_all_models(table, "UTC"));
    expect_no_nan(j, "temperature");
    EXPECT_EQ(j.at("kind"), "second_order_grey_box");
    EXPECT_EQ(j.at("order"), 2);
    const auto& terms = j.at("terms");
    ASSERT_EQ(terms.size(), 6u);
    const char* names[] = {"tau",    "setpoint_gain", "load_sensitivity", "ambient_sensitivity",
                           "offset", "tau2"};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(terms[i].at("name"), names[i]);
        EXPECT_DOUBLE_EQ(terms[i].at("estimate").get<double>(), fit.parameters[i].estimate);
    }
    EXPECT_DOUBLE_EQ(j.at("tau2_min").get<double>(), fit.second_order.model.tau2_min);
    EXPECT_DOUBLE_EQ(j.at("tau2_std_error").get<double>(), fit.parameter("tau2").std_error);
    ASSERT_EQ(j.at("covariance").size(), 6u);
    EXPECT_EQ(j.at("covariance")[5].size(), 6u);
    EXPECT_DOUBLE_EQ(j.at("covariance")[5][5].get<double>(),
                     fit.parameter("tau2").std_error * fit.parameter("tau2").std_error);
    EXPECT_DOUBLE_EQ(j.at("metrics").at("rmse").get<double>(), fit.second_order.test_free_run.rmse);
    const auto& sel = j.at("order_selection");
    EXPECT_EQ(sel.at("chosen"), 2);
    EXPECT_EQ(sel.at("reason"), fit.order_reason);
    EXPECT_DOUBLE_EQ(sel.at("rule").at("min_holdout_rmse_gain").get<double>(), 0.05);
    ASSERT_EQ(sel.at("candidates").size(), 2u);
    EXPECT_EQ(sel.at("candidates")[0].at("parameters"), 5);
    EXPECT_EQ(sel.at("candidates")[1].at("parameters"), 6);
    EXPECT_LT(sel.at("candidates")[1].at("bic").get<double>(),
              sel.at("candidates")[0].at("bic").get<double>());
}

TEST(FurnaceSecondOrderSelection, ShortDataNeverSelectsTheSecondOrderNorYieldsNaN) {
    // Four hours of two-lag data: enough rows for the first order (>= 100 training
    // pairs), a hold-out of ~48 rows, too short to confirm a second order.
    Table table = two_lag_historian(TwoLagPlant{}, 1, 21);
    const std::size_t keep = 240;
    table.time_s.resize(keep);
    for (auto& c : table.columns) {
        if (c.type == ColumnType::categorical)
            c.codes.resize(keep);
        else
            c.values.resize(keep);
    }
    const FurnaceTemperatureFit fit = fit_furnace_temperature(table);
    print_orders("short", fit);
    EXPECT_EQ(fit.order, 1);
    EXPECT_FALSE(fit.order_reason.empty());
    ASSERT_EQ(fit.parameters.size(), 5u);
    for (const auto& p : fit.parameters) {
        EXPECT_TRUE(std::isfinite(p.estimate)) << p.name;
        EXPECT_TRUE(std::isfinite(p.std_error)) << p.name;
    }
    EXPECT_TRUE(fit.covariance.allFinite());
    EXPECT_TRUE(std::isfinite(fit.first_order_criteria.bic));
    EXPECT_TRUE(std::isfinite(fit.test_free_run.rmse));
    if (fit.second_order.fitted) {
        for (const auto& p : fit.second_order.parameters)
            EXPECT_TRUE(std::isfinite(p.estimate)) << p.name;
        EXPECT_TRUE(std::isfinite(fit.second_order.criteria.bic));
    }
}

TEST(FurnaceSecondOrderSelection, ConstantSetpointIsAModelErrorNotANaN) {
    const Table table = two_lag_historian(TwoLagPlant{}, 3, 22, /*constant_setpoint=*/true);
    try {
        fit_furnace_temperature(table);
        FAIL() << "expected ModelError";
    } catch (const ModelError& e) {
        EXPECT_NE(std::string(e.what()).find("--map setpoint=COLUMN"), std::string::npos)
            << e.what();
    }
}

TEST(FurnaceSecondOrderSelection, SwitchedOffGivesTheFirstOrderAlone) {
    FurnaceFitOptions options;
    options.consider_second_order = false;
    const FurnaceTemperatureFit fit =
        fit_furnace_temperature(two_lag_historian(TwoLagPlant{}, 5, 23), options);
    EXPECT_EQ(fit.order, 1);
    EXPECT_FALSE(fit.second_order.fitted);
    EXPECT_EQ(fit.parameters.size(), 5u);
}

}  // namespace
}  // namespace twinbench
