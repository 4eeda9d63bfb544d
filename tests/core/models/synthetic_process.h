// A small generated process with known answers for the output-model tests: two
// controls that operators change in steps, a drifting disturbance and a categorical
// grade, and outputs of every family with their true parameters:
//
//   temp   first order per input: gain 0.8 degC/% (valve, tau 12 min, dead time 3 min),
//          -0.05 degC per kg/h (feed, tau 25 min, dead time 6 min), 0.3 degC/degC
//          (ambient, tau 5 min), grade B +4 degC; noise 0.4 degC
//   moist  static: 3.0 - 0.08 (temp - 80) + 0.004 (temp - 80)² + 0.02 (ambient - 15),
//          measured every 2 h (noise 0.05 %)
//   fail   0/1 per step: logit = -3 + 0.15 (temp - 80) + 0.6 [grade B]
//   bad    count out of `made` (50 per step): logit = -4 + 0.5 (moist - 3)
//   wall   first order on temp: gain 0.9, tau 30 min (a chained dynamic output); noise 0.3 degC
//   power  static: 20 + 0.004 valve x feed - 0.3 (ambient - 15); noise 0.5 kW
//   gas    multiplicative: 50 exp(0.004 (feed - 400) - 0.03 (ambient - 15) + 0.3 [grade B]),
//          lognormal noise 0.15 in ln (its own random stream: the other signals stay as
//          they were before it was added)
#pragma once

#include <cmath>
#include <numbers>
#include <cstdint>
#include <random>
#include <vector>

#include "models/signal_frame.h"

namespace twinbench::test {

struct SyntheticTruth {
    double valve_gain = 0.8, valve_tau = 12.0, valve_delay = 3.0;
    double feed_gain = -0.05, feed_tau = 25.0, feed_delay = 6.0;
    double ambient_gain = 0.3, ambient_tau = 5.0;
    double grade_b = 4.0;
    double offset = 80.0;  // temp at valve 50 %, feed 400 kg/h, ambient 15 degC, grade A
    double temp_noise = 0.4;
    double moist0 = 3.0, moist_lin = -0.08, moist_sq = 0.004, moist_amb = 0.02;
    double fail0 = -3.0, fail_temp = 0.15, fail_b = 0.6;
    double bad0 = -4.0, bad_moist = 0.5;
    double wall_gain = 0.9, wall_tau = 30.0, wall_noise = 0.3;
    double power0 = 20.0, power_valve_feed = 0.004, power_ambient = -0.3, power_noise = 0.5;
    double gas0 = 50.0, gas_feed = 0.004, gas_ambient = -0.03, gas_b = 0.3, gas_noise_ln = 0.15;
};

inline double first_order_step(double x, double u, double dt, double tau) {
    const double a = std::exp(-dt / tau);
    return a * x + (1.0 - a) * u;
}

// days of 1-minute steps starting 2026-01-05 00:00 UTC.
inline SignalFrame synthetic_frame(int days, std::uint64_t seed, const SyntheticTruth& t = {}) {
    const std::size_t n = static_cast<std::size_t>(days) * 1440;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    SignalFrame f;
    f.step_min = 1.0;
    f.time_zone = "UTC";
    f.time_s.resize(n);
    for (std::size_t k = 0; k < n; ++k) f.time_s[k] = 1767571200.0 + 60.0 * static_cast<double>(k);
    std::vector<double> valve(n), feed(n), ambient(n), grade(n), temp(n), temp_true(n), moist(n), moist_true(n),
        fail(n), made(n), bad(n), wall(n), power(n);
    double v = 50.0, fd = 400.0, g = 0.0, amb_weather = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        if (uniform(rng) < 1.0 / 90.0) v = 35.0 + 30.0 * uniform(rng);
        if (uniform(rng) < 1.0 / 150.0) fd = 300.0 + 200.0 * uniform(rng);
        if (uniform(rng) < 1.0 / 600.0) g = uniform(rng) < 0.35 ? 1.0 : 0.0;
        amb_weather = 0.999 * amb_weather + 0.05 * normal(rng);
        valve[k] = v;
        feed[k] = fd;
        grade[k] = g;
        ambient[k] = 15.0 + 5.0 * std::sin(2.0 * std::numbers::pi * static_cast<double>(k) / 1440.0) + amb_weather;
    }
    double xv = 0.0, xf = 0.0, xa = 0.0, xw = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        const auto delayed = [&](const std::vector<double>& u, double delay) {
            const auto d = static_cast<std::size_t>(delay);
            return k >= d ? u[k - d] : u[0];
        };
        xv = k == 0 ? valve[0] - 50.0 : first_order_step(xv, delayed(valve, t.valve_delay) - 50.0, 1.0, t.valve_tau);
        xf = k == 0 ? feed[0] - 400.0 : first_order_step(xf, delayed(feed, t.feed_delay) - 400.0, 1.0, t.feed_tau);
        xa = k == 0 ? ambient[0] - 15.0 : first_order_step(xa, ambient[k] - 15.0, 1.0, t.ambient_tau);
        temp_true[k] = t.offset + t.valve_gain * xv + t.feed_gain * xf + t.ambient_gain * xa + t.grade_b * grade[k];
        temp[k] = temp_true[k] + t.temp_noise * normal(rng);
        xw = k == 0 ? temp_true[0] - 80.0 : first_order_step(xw, temp_true[k - 1] - 80.0, 1.0, t.wall_tau);
        wall[k] = 60.0 + t.wall_gain * xw + t.wall_noise * normal(rng);
        power[k] = t.power0 + t.power_valve_feed * valve[k] * feed[k] / 100.0 + t.power_ambient * (ambient[k] - 15.0) +
                   t.power_noise * normal(rng);
        const double d = temp_true[k] - 80.0;
        moist_true[k] = t.moist0 + t.moist_lin * d + t.moist_sq * d * d + t.moist_amb * (ambient[k] - 15.0);
        moist[k] = k % 120 == 37 ? moist_true[k] + 0.05 * normal(rng) : std::nan("");
        const double pf = 1.0 / (1.0 + std::exp(-(t.fail0 + t.fail_temp * d + t.fail_b * grade[k])));
        fail[k] = uniform(rng) < pf ? 1.0 : 0.0;
        made[k] = 50.0;
        const double pb = 1.0 / (1.0 + std::exp(-(t.bad0 + t.bad_moist * (moist_true[k] - 3.0))));
        double hits = 0.0;
        for (int i = 0; i < 50; ++i) hits += uniform(rng) < pb ? 1.0 : 0.0;
        bad[k] = hits;
    }
    std::mt19937_64 gas_rng(seed + 1000);
    std::vector<double> gas(n);
    for (std::size_t k = 0; k < n; ++k)
        gas[k] = t.gas0 * std::exp(t.gas_feed * (feed[k] - 400.0) + t.gas_ambient * (ambient[k] - 15.0) +
                                   t.gas_b * grade[k] + t.gas_noise_ln * normal(gas_rng));
    const auto add = [&](const char* name, const char* unit, std::vector<double> values) {
        FrameSignal s;
        s.name = name;
        s.unit = unit;
        s.values = std::move(values);
        f.series.push_back(std::move(s));
    };
    add("valve", "%", valve);
    add("feed", "kg/h", feed);
    add("ambient", "°C", ambient);
    FrameSignal gs;
    gs.name = "grade";
    gs.type = ColumnType::categorical;
    gs.levels = {"A", "B"};
    gs.values = grade;
    f.series.push_back(gs);
    add("temp", "°C", temp);
    add("temp_true", "°C", temp_true);
    add("moist", "%", moist);
    add("moist_true", "%", moist_true);
    add("fail", "", fail);
    add("made", "count", made);
    add("bad", "count", bad);
    add("wall", "°C", wall);
    add("power", "kW", power);
    add("gas", "m³/h", gas);
    fill_local_clock(f);
    return f;
}

}  // namespace twinbench::test
