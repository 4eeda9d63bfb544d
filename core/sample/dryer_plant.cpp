#include "sample/dryer_plant.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sample/dryer_columns.h"
#include "sample/dryer_streams.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace streams = sample::dryer_streams;

double water_load_kg_per_h(double feed_kg_per_h, double solids_pct) {
    return feed_kg_per_h * (1.0 - solids_pct / 100.0);
}

double outlet_steady_state_degC(const DryerTruth& truth, double inlet_setpoint_degC,
                                double water_load, double humidity_g_per_kg, double ambient_degC) {
    return truth.outlet_ref_degC +
           truth.outlet_gain_inlet_degC_per_degC * (inlet_setpoint_degC - truth.inlet_ref_degC) +
           truth.outlet_gain_water_load_degC_per_kg_per_h *
               (water_load - truth.water_load_ref_kg_per_h) +
           truth.outlet_gain_humidity_degC_per_g_per_kg *
               (humidity_g_per_kg - truth.humidity_ref_g_per_kg) +
           truth.outlet_gain_ambient_degC_per_degC * (ambient_degC - truth.ambient_ref_degC);
}

double residual_moisture_pct(const DryerTruth& truth, double outlet_degC, double humidity_g_per_kg,
                             double solids_pct) {
    const double dt = outlet_degC - truth.moisture_outlet_ref_degC;
    return truth.moisture_ref_pct + truth.moisture_b_outlet_pct_per_degC * dt +
           truth.moisture_b_outlet2_pct_per_degC2 * dt * dt +
           truth.moisture_b_humidity_pct_per_g_per_kg *
               (humidity_g_per_kg - truth.humidity_ref_g_per_kg) +
           truth.moisture_b_solids_pct_per_pct * (solids_pct - truth.moisture_solids_ref_pct);
}

double powder_rate_kg_per_h(double feed_kg_per_h, double solids_pct, double moisture_pct) {
    return feed_kg_per_h * (solids_pct / 100.0) / (1.0 - moisture_pct / 100.0);
}

double offspec_logit(const DryerTruth& truth, double moisture_pct) {
    return truth.offspec_b0 + truth.offspec_b1_per_pct * moisture_pct;
}

double offspec_probability(const DryerTruth& truth, double moisture_pct) {
    const double z = offspec_logit(truth, moisture_pct);
    // Evaluated on the side that cannot overflow.
    if (z >= 0.0) {
        return 1.0 / (1.0 + std::exp(-z));
    }
    const double e = std::exp(z);
    return e / (1.0 + e);
}

DryerStepEnergy dryer_step_energy(const DryerTruth& truth, double inlet_setpoint_degC,
                                  double ambient_degC, double humidity_g_per_kg, double minutes) {
    // kg/h * kJ/(kg K) * K = kJ/h; / 3600 -> kW; * h -> kWh.
    const double hours = minutes / 60.0;
    const double lift_K = inlet_setpoint_degC - ambient_degC;
    const double fuel_per_heat = 1.0 / truth.burner_efficiency;
    DryerStepEnergy e;
    e.air_kwh = truth.dry_air_flow_kg_per_h * truth.air_heat_capacity_kJ_per_kgK * lift_K / 3600.0 *
                fuel_per_heat * hours;
    e.vapour_kwh = truth.dry_air_flow_kg_per_h * (humidity_g_per_kg / 1000.0) *
                   truth.vapour_heat_capacity_kJ_per_kgK * lift_K / 3600.0 * fuel_per_heat * hours;
    e.base_kwh = truth.burner_base_load_kW * hours;
    return e;
}

std::size_t bag_interval_steps(const DryerTruth& truth, int step_minutes) {
    const double steps = std::round(truth.bag_interval_min / static_cast<double>(step_minutes));
    return static_cast<std::size_t>(std::max(1.0, steps));
}

namespace {

// One first-order-plus-dead-time path: y' = (u(t - D) - y) / tau with u held constant
// over each step (as the historian's inputs are). The update is the exact solution over
// one step, also for a dead time that is not a whole number of steps: then the delayed
// input changes once inside the step.
class DelayedFirstOrder {
  public:
    DelayedFirstOrder(const std::vector<double>& input, double tau_min, double dead_time_min,
                      double step_min)
        : input_(input) {
        const double delay_steps = dead_time_min / step_min;
        whole_ = static_cast<std::size_t>(std::floor(delay_steps));
        const double f = delay_steps - static_cast<double>(whole_);
        // Over step i the delayed input is u[i - whole - 1] for f*dt, then u[i - whole].
        const double late = std::exp(-(1.0 - f) * step_min / tau_min);
        const double early = std::exp(-f * step_min / tau_min);
        decay_ = late * early;
        weight_early_ = (1.0 - early) * late;
        weight_late_ = 1.0 - late;
        state_ = input.empty() ? 0.0 : input.front();
    }

    double value() const { return state_; }

    void advance(std::size_t i) {
        state_ = decay_ * state_ + weight_early_ * delayed(i, whole_ + 1) +
                 weight_late_ * delayed(i, whole_);
    }

  private:
    double delayed(std::size_t i, std::size_t lag) const {
        return i >= lag ? input_[i - lag] : input_.front();
    }

    const std::vector<double>& input_;
    std::size_t whole_ = 0;
    double decay_ = 0.0;
    double weight_early_ = 0.0;
    double weight_late_ = 1.0;
    double state_ = 0.0;
};

void check_sizes(const DryerInputs& in) {
    const std::size_t n = in.steps();
    if (in.feed_rate_kg_per_h.size() != n || in.feed_solids_pct.size() != n ||
        in.ambient_humidity_g_per_kg.size() != n || in.ambient_temp_degC.size() != n) {
        throw std::invalid_argument("simulate_dryer: input series differ in length");
    }
    if (in.step_minutes < 1) {
        throw std::invalid_argument("simulate_dryer: step_minutes must be positive");
    }
}

void resize_run(DryerRun& run, std::size_t n) {
    for (auto* v :
         {&run.inlet_setpoint_degC, &run.feed_rate_kg_per_h, &run.water_load_kg_per_h,
          &run.outlet_steady_degC, &run.outlet_true_degC, &run.outlet_measured_degC,
          &run.moisture_true_pct, &run.powder_kg_per_h, &run.gas_air_kwh, &run.gas_vapour_kwh,
          &run.gas_base_kwh, &run.gas_true_kwh, &run.gas_measured_kwh, &run.solids_measured_pct,
          &run.humidity_measured_g_per_kg, &run.ambient_measured_degC}) {
        v->resize(n);
    }
}

// Whole bags per interval with the remainder carried, and one uniform per (interval, bag)
// for the off-spec draw.
void fill_bags(const DryerTruth& truth, DryerRun& run, std::uint64_t seed) {
    const std::size_t n = run.steps();
    const std::size_t per = bag_interval_steps(truth, run.step_minutes);
    const double hours = static_cast<double>(run.step_minutes) / 60.0;
    double carry_kg = 0.0;
    for (std::size_t first = 0, j = 0; first < n; first += per, ++j) {
        BagInterval b;
        b.first_step = first;
        b.end_step = std::min(n, first + per);
        double moisture_mass = 0.0;
        for (std::size_t i = b.first_step; i < b.end_step; ++i) {
            const double kg = run.powder_kg_per_h[i] * hours;
            b.powder_kg += kg;
            moisture_mass += kg * run.moisture_true_pct[i];
        }
        b.moisture_pct =
            b.powder_kg > 0.0 ? moisture_mass / b.powder_kg : run.moisture_true_pct[b.first_step];
        b.offspec_probability = offspec_probability(truth, b.moisture_pct);
        carry_kg += b.powder_kg;
        const double whole = std::floor(carry_kg / truth.bag_mass_kg);
        carry_kg -= whole * truth.bag_mass_kg;
        b.bags_filled = static_cast<std::int32_t>(whole);
        for (std::int32_t k = 0; k < b.bags_filled; ++k) {
            if (sample::counter_uniform(seed, streams::bag_offspec, j,
                                        static_cast<std::uint64_t>(k)) < b.offspec_probability) {
                ++b.bags_offspec;
            }
        }
        run.bags.push_back(b);
    }
}

}  // namespace

DryerRun simulate_dryer(const DryerTruth& truth, const DryerInputs& in, std::uint64_t seed) {
    check_sizes(in);
    const std::size_t n = in.steps();
    const double dt = in.step_min();

    DryerRun run;
    run.start_utc = in.start_utc;
    run.step_minutes = in.step_minutes;
    resize_run(run, n);
    if (n == 0) {
        return run;
    }

    // Each path's contribution to the outlet temperature at steady state, per step.
    std::vector<double> c_inlet(n), c_water(n), c_humidity(n), c_ambient(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double water = water_load_kg_per_h(in.feed_rate_kg_per_h[i], in.feed_solids_pct[i]);
        run.water_load_kg_per_h[i] = water;
        c_inlet[i] = truth.outlet_gain_inlet_degC_per_degC *
                     (in.inlet_setpoint_degC[i] - truth.inlet_ref_degC);
        c_water[i] = truth.outlet_gain_water_load_degC_per_kg_per_h *
                     (water - truth.water_load_ref_kg_per_h);
        c_humidity[i] = truth.outlet_gain_humidity_degC_per_g_per_kg *
                        (in.ambient_humidity_g_per_kg[i] - truth.humidity_ref_g_per_kg);
        c_ambient[i] = truth.outlet_gain_ambient_degC_per_degC *
                       (in.ambient_temp_degC[i] - truth.ambient_ref_degC);
    }
    DelayedFirstOrder inlet_path(c_inlet, truth.inlet_tau_min, truth.inlet_dead_time_min, dt);
    DelayedFirstOrder water_path(c_water, truth.water_load_tau_min, truth.water_load_dead_time_min,
                                 dt);
    DelayedFirstOrder humidity_path(c_humidity, truth.humidity_tau_min,
                                    truth.humidity_dead_time_min, dt);
    DelayedFirstOrder ambient_path(c_ambient, truth.ambient_tau_min, truth.ambient_dead_time_min,
                                   dt);

    for (std::size_t i = 0; i < n; ++i) {
        const double solids = in.feed_solids_pct[i];
        const double humidity = in.ambient_humidity_g_per_kg[i];
        const double ambient = in.ambient_temp_degC[i];
        const double outlet = truth.outlet_ref_degC + inlet_path.value() + water_path.value() +
                              humidity_path.value() + ambient_path.value();
        const double moisture = residual_moisture_pct(truth, outlet, humidity, solids);
        const DryerStepEnergy gas =
            dryer_step_energy(truth, in.inlet_setpoint_degC[i], ambient, humidity, dt);

        run.inlet_setpoint_degC[i] = in.inlet_setpoint_degC[i];
        run.feed_rate_kg_per_h[i] = in.feed_rate_kg_per_h[i];
        run.outlet_steady_degC[i] =
            truth.outlet_ref_degC + c_inlet[i] + c_water[i] + c_humidity[i] + c_ambient[i];
        run.outlet_true_degC[i] = outlet;
        run.outlet_measured_degC[i] =
            outlet + truth.outlet_sensor_noise_sd_degC *
                         sample::counter_normal(seed, streams::outlet_sensor, i);
        run.moisture_true_pct[i] = moisture;
        run.powder_kg_per_h[i] = powder_rate_kg_per_h(in.feed_rate_kg_per_h[i], solids, moisture);
        run.gas_air_kwh[i] = gas.air_kwh;
        run.gas_vapour_kwh[i] = gas.vapour_kwh;
        run.gas_base_kwh[i] = gas.base_kwh;
        run.gas_true_kwh[i] = gas.total_kwh();
        run.gas_measured_kwh[i] =
            gas.total_kwh() *
            (1.0 + truth.gas_meter_noise_rel * sample::counter_normal(seed, streams::gas_meter, i));
        run.solids_measured_pct[i] =
            solids + truth.solids_sensor_noise_sd_pct *
                         sample::counter_normal(seed, streams::solids_sensor, i);
        run.humidity_measured_g_per_kg[i] =
            std::max(0.0, humidity + truth.humidity_sensor_noise_sd_g_per_kg *
                                         sample::counter_normal(seed, streams::humidity_sensor, i));
        run.ambient_measured_degC[i] =
            ambient + truth.ambient_sensor_noise_sd_degC *
                          sample::counter_normal(seed, streams::ambient_sensor, i);

        inlet_path.advance(i);
        water_path.advance(i);
        humidity_path.advance(i);
        ambient_path.advance(i);
    }

    fill_bags(truth, run, seed);

    // Lab samples: keyed by their index in the inputs' schedule, so a window cut out of
    // the inputs draws other lab errors than the full run (its indices restart at 0) but
    // a what-if on the same inputs draws the same ones.
    const sample::UtcSeconds step_s = static_cast<sample::UtcSeconds>(in.step_minutes) * 60;
    for (std::size_t k = 0; k < in.lab_sample_utc.size(); ++k) {
        const sample::UtcSeconds t = in.lab_sample_utc[k];
        if (t < in.start_utc || t >= in.time_utc(n)) {
            continue;
        }
        LabSample s;
        s.step = static_cast<std::size_t>((t - in.start_utc) / step_s);
        s.time_utc = t;
        s.moisture_true_pct = run.moisture_true_pct[s.step];
        s.moisture_measured_pct =
            s.moisture_true_pct + truth.lab_moisture_noise_sd_pct *
                                      sample::counter_normal(seed, streams::lab_moisture, k);
        run.lab.push_back(s);
    }
    return run;
}

DryerOutputMeans dryer_output_means(const DryerRun& run, std::size_t first, std::size_t last) {
    DryerOutputMeans m;
    last = std::min(last, run.steps());
    if (first >= last) {
        return m;
    }
    m.steps = last - first;
    for (std::size_t i = first; i < last; ++i) {
        m.outlet_air_temp_degC += run.outlet_true_degC[i];
        m.residual_moisture_pct += run.moisture_true_pct[i];
        m.gas_energy_kwh_per_step += run.gas_true_kwh[i];
        m.powder_kg_per_h += run.powder_kg_per_h[i];
    }
    const auto steps = static_cast<double>(m.steps);
    m.outlet_air_temp_degC /= steps;
    m.residual_moisture_pct /= steps;
    m.gas_energy_kwh_per_step /= steps;
    m.powder_kg_per_h /= steps;

    double bags = 0.0, expected = 0.0, drawn = 0.0;
    for (const BagInterval& b : run.bags) {
        if (b.first_step < first || b.first_step >= last) {
            continue;
        }
        ++m.bag_intervals;
        bags += b.bags_filled;
        expected += b.offspec_probability * b.bags_filled;
        drawn += b.bags_offspec;
    }
    if (m.bag_intervals > 0) {
        const auto intervals = static_cast<double>(m.bag_intervals);
        m.bags_filled_per_interval = bags / intervals;
        m.bags_offspec_expected_per_interval = expected / intervals;
        m.bags_offspec_drawn_per_interval = drawn / intervals;
    }
    m.offspec_rate_expected = bags > 0.0 ? expected / bags : 0.0;
    return m;
}

std::map<std::string, double> output_means_by_column(const DryerOutputMeans& means) {
    namespace col = dryer_columns;
    return {
        {std::string(col::outlet.name), means.outlet_air_temp_degC},
        {std::string(col::moisture.name), means.residual_moisture_pct},
        {std::string(col::gas.name), means.gas_energy_kwh_per_step},
        {std::string(col::bags_filled.name), means.bags_filled_per_interval},
        {std::string(col::bags_offspec.name), means.bags_offspec_expected_per_interval},
    };
}

}  // namespace twinbench
