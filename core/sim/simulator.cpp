#include "sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace twinbench {
namespace {

void check_sizes(const PlantTwin& twin, const SimulationInputs& in) {
    const std::size_t n = in.steps();
    const bool ok = in.ambient_degC.size() == n && in.humidity_pct.size() == n &&
                    in.grade.size() == n && in.stop.size() == n && in.setpoint_degC.size() == n &&
                    in.speed_m_per_min.size() == n && in.price_per_kwh.size() == n &&
                    (!in.maintenance_as_recorded || in.maintenance_recorded.size() == n) &&
                    in.factors.size() >= twin.defect.factor_columns.size();
    if (!ok) throw std::invalid_argument("simulate: input series differ in length");
    for (const auto& f : in.factors)
        if (f.size() != n) throw std::invalid_argument("simulate: factor series differ in length");
    if (!(in.step_min > 0.0)) throw std::invalid_argument("simulate: step must be positive");
}

// exp(-1 / (theta v)) for the last (grade, speed) asked: speed and grade change a few
// times a day, so almost every step hits.
class ExitFactorCache {
  public:
    explicit ExitFactorCache(const CoreTwin& core) : core_(core) {}
    double operator()(int grade, double speed) {
        if (grade != grade_ || speed != speed_) {
            grade_ = grade;
            speed_ = speed;
            const double theta =
                core_.theta_min_per_m[static_cast<std::size_t>(std::max(grade, 0))];
            value_ = speed > 0.0 && theta > 0.0 ? std::exp(-1.0 / (theta * speed)) : 1.0;
        }
        return value_;
    }

  private:
    const CoreTwin& core_;
    int grade_ = -2;
    double speed_ = -1.0;
    double value_ = 1.0;
};

class WearRateCache {
  public:
    explicit WearRateCache(const ThroughputTwin& t) : t_(t) {}
    double operator()(double speed) {
        if (speed != speed_) {
            speed_ = speed;
            value_ = t_.wear_rate_pct_per_min(speed);
        }
        return value_;
    }

  private:
    const ThroughputTwin& t_;
    double speed_ = -1.0;
    double value_ = 0.0;
};

double logistic(double z) {
    if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double defect_logit(const DefectTwin& d, const SimulationInputs& in, std::size_t i, double core,
                    double wear, double speed, int grade) {
    double z = 0.0;
    for (const auto& t : d.terms) {
        switch (t.input) {
            case DefectTwin::Input::intercept:
                z += t.coefficient;
                break;
            case DefectTwin::Input::core:
                z += t.coefficient * core;
                break;
            case DefectTwin::Input::core_squared:
                z += t.coefficient * core * core;
                break;
            case DefectTwin::Input::humidity:
                z += t.coefficient * in.humidity_pct[i];
                break;
            case DefectTwin::Input::wear:
                z += t.coefficient * wear;
                break;
            case DefectTwin::Input::speed:
                z += t.coefficient * speed;
                break;
            case DefectTwin::Input::grade:
                z += t.grade == grade ? t.coefficient : 0.0;
                break;
            case DefectTwin::Input::factor:
                z += t.coefficient * in.factors[static_cast<std::size_t>(t.factor)][i];
                break;
        }
    }
    return z;
}

}  // namespace

SimulationResult simulate(const PlantTwin& twin, const SimulationInputs& in,
                          const SimulationOptions& options) {
    check_sizes(twin, in);
    const std::size_t n = in.steps();
    const double dt = in.step_min;
    const double dt_h = dt / 60.0;
    const auto& f = twin.furnace;
    const double decay = std::exp(-dt / f.tau_min);
    const bool has_core = twin.core.available;
    const bool has_defect = twin.defect.available && has_core;
    const bool has_energy = twin.energy.available && (has_core || !twin.energy.parts_over_core);
    const auto& th = twin.throughput;
    const double preventive_min = in.maintenance_interval_running_min;
    const double cycle_without_wear = th.has_wear ? 0.0 : th.running_min_per_maintenance;

    const double base_running = twin.energy.base_kw_for(twin.running_label);
    const double base_maintenance = twin.energy.base_kw_for(twin.maintenance_label);
    std::vector<double> base_stop(in.stop_labels.size());
    for (std::size_t s = 0; s < base_stop.size(); ++s)
        base_stop[s] = twin.energy.base_kw_for(in.stop_labels[s]);

    SimulationResult result;
    auto& ser = result.series;
    if (options.keep_series) {
        for (auto* v : {&ser.furnace_degC, &ser.core_degC, &ser.defect_probability, &ser.produced,
                        &ser.scrap, &ser.energy_kwh, &ser.cost, &ser.wear_pct, &ser.setpoint_degC})
            v->resize(n);
        ser.state.resize(n);
    }
    if (n == 0) return result;

    ExitFactorCache exit_factor(twin.core);
    WearRateCache wear_rate(th);

    const auto first_load = in.stop[0] < 0 ? th.parts_per_min(in.speed_m_per_min[0]) : 0.0;
    double furnace = std::isfinite(in.initial_furnace_degC)
                         ? in.initial_furnace_degC
                         : f.steady_state_degC(in.setpoint_degC[0], first_load, in.ambient_degC[0]);
    double wear = in.initial_wear_pct;
    double running_since_maintenance = in.initial_running_min_since_maintenance;
    bool in_maintenance = std::isfinite(in.initial_maintenance_elapsed_min);
    double maintenance_elapsed = in_maintenance ? in.initial_maintenance_elapsed_min : 0.0;

    double produced_sum = 0.0, scrap_sum = 0.0, energy_sum = 0.0, cost_sum = 0.0,
           core_parts_sum = 0.0;
    double scrap_var = 0.0;
    std::size_t counted = 0, running_counted = 0;
    int maintenance_starts = 0;

    for (std::size_t i = 0; i < n; ++i) {
        bool starts_maintenance = false;
        if (in.maintenance_as_recorded) {
            const bool now = in.maintenance_recorded[i] != 0;
            if (now && !in_maintenance) {
                starts_maintenance = true;
                maintenance_elapsed = 0.0;
            }
            in_maintenance = now;
        } else if (!in_maintenance) {
            const bool worn = th.has_wear && wear >= th.wear_limit_pct;
            const bool due =
                std::isfinite(preventive_min) && running_since_maintenance >= preventive_min;
            const bool cycle =
                cycle_without_wear > 0.0 && running_since_maintenance >= cycle_without_wear;
            if (worn || due || cycle) {
                in_maintenance = true;
                starts_maintenance = true;
                maintenance_elapsed = 0.0;
            }
        }
        if (starts_maintenance) {
            result.maintenance_start_s.push_back(in.time_s[i]);
            if (th.has_wear) wear = th.wear_after_pct;
            running_since_maintenance = 0.0;
        }
        const std::int16_t stop = in.stop[i];
        const SimulatedState state = in_maintenance ? SimulatedState::maintenance
                                     : stop >= 0    ? SimulatedState::stopped
                                                    : SimulatedState::running;
        const bool running = state == SimulatedState::running;

        double setpoint = in.setpoint_degC[i];
        if (in_maintenance && !twin.maintenance_setpoint_degC.empty()) {
            const auto bin = std::min(
                static_cast<std::size_t>(maintenance_elapsed / twin.maintenance_setpoint_bin_min),
                twin.maintenance_setpoint_degC.size() - 1);
            if (std::isfinite(twin.maintenance_setpoint_degC[bin]))
                setpoint = twin.maintenance_setpoint_degC[bin];
        }
        const double speed = in.speed_m_per_min[i];
        const double ambient = in.ambient_degC[i];
        const int grade = std::max<int>(in.grade[i], 0);
        const double load = running ? th.parts_per_min(speed) : 0.0;

        double core = std::numeric_limits<double>::quiet_NaN();
        if (has_core) {
            core = furnace - (furnace - ambient) * exit_factor(grade, speed) + twin.core.bias_degC;
            if (options.core_bias_offset_degC != nullptr)
                core += (*options.core_bias_offset_degC)[i];
        }
        const double p = has_defect
                             ? logistic(defect_logit(twin.defect, in, i, core, wear, speed, grade))
                             : std::numeric_limits<double>::quiet_NaN();
        const double produced = load * dt;
        const double scrap = has_defect ? produced * p : 0.0;

        double energy = std::numeric_limits<double>::quiet_NaN();
        if (has_energy) {
            const double parts_temperature = twin.energy.parts_over_core ? core : furnace;
            const double base = state == SimulatedState::running ? base_running
                                : state == SimulatedState::stopped
                                    ? base_stop[static_cast<std::size_t>(stop)]
                                    : base_maintenance;
            energy = twin.energy.parts_kwh_per_part_K * produced * (parts_temperature - ambient) +
                     twin.energy.loss_kw_per_K * (furnace - ambient) * dt_h + base * dt_h;
        }
        const double cost = energy * in.price_per_kwh[i];

        if (options.keep_series) {
            ser.furnace_degC[i] = furnace;
            ser.core_degC[i] = core;
            ser.defect_probability[i] = p;
            ser.produced[i] = produced;
            ser.scrap[i] = scrap;
            ser.energy_kwh[i] = energy;
            ser.cost[i] = cost;
            ser.wear_pct[i] = wear;
            ser.state[i] = state;
            ser.setpoint_degC[i] = setpoint;
        }
        if (options.kpi_mask == nullptr || (*options.kpi_mask)[i] != 0) {
            ++counted;
            if (running) ++running_counted;
            if (starts_maintenance) ++maintenance_starts;
            produced_sum += produced;
            scrap_sum += scrap;
            if (has_defect) scrap_var += produced * p * (1.0 - p);
            energy_sum += energy;
            cost_sum += cost;
            if (produced > 0.0) core_parts_sum += core * produced;
        }

        // Advance to the next step start.
        if (running) {
            wear += wear_rate(speed) * dt;
            running_since_maintenance += dt;
        }
        if (in_maintenance && !in.maintenance_as_recorded) {
            maintenance_elapsed += dt;
            if (maintenance_elapsed >= th.maintenance_min) in_maintenance = false;
        } else if (in_maintenance) {
            maintenance_elapsed += dt;
        }
        const double target = f.steady_state_degC(setpoint, load, ambient);
        furnace = target + (furnace - target) * decay;
    }

    Kpis& k = result.kpis;
    k.hours = static_cast<double>(counted) * dt_h;
    k.produced = produced_sum;
    k.scrap = has_defect ? scrap_sum : std::numeric_limits<double>::quiet_NaN();
    k.maintenance_count = maintenance_starts;
    // Without a scrap model every part counts as good (the twin's warnings say so).
    const double good = has_defect ? produced_sum - scrap_sum : produced_sum;
    k.availability = counted > 0
                         ? static_cast<double>(running_counted) / static_cast<double>(counted)
                         : k.availability;
    if (k.hours > 0.0) k.throughput_per_h = good / k.hours;
    if (has_defect && produced_sum > 0.0) k.scrap_rate = scrap_sum / produced_sum;
    if (has_energy) {
        k.energy_kwh = energy_sum;
        k.energy_cost = cost_sum;
        if (good > 0.0) k.energy_kwh_per_part = energy_sum / good;
    }
    if (has_core && produced_sum > 0.0) k.core_temp_c = core_parts_sum / produced_sum;
    result.expected_scrap_variance = scrap_var;
    return result;
}

}  // namespace twinbench
