#include "sim/simulation_steps.h"

#include "models/furnace_response.h"
#include "common/vector_logistic.h"
#include "sim/direct_scrap.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "common/missing_value.h"

namespace twinbench::simulation_steps {
namespace {

using ConstMap = Eigen::Map<const Eigen::ArrayXd>;

ConstMap as_array(const std::vector<double>& v) {
    return ConstMap(v.data(), static_cast<Eigen::Index>(v.size()));
}

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
// times a day, so almost every step hits. theta per grade index (min per metre of
// furnace), `unknown_grade_theta` for an index outside them.
class ExitFactorCache {
  public:
    ExitFactorCache(const std::vector<double>& theta_by_grade, double unknown_grade_theta)
        : theta_by_grade_(theta_by_grade), unknown_grade_theta_(unknown_grade_theta) {}
    double operator()(int grade, double speed) {
        if (grade != grade_ || speed != speed_) {
            grade_ = grade;
            speed_ = speed;
            const double theta = grade >= 0 && static_cast<std::size_t>(grade) < theta_by_grade_.size()
                                     ? theta_by_grade_[static_cast<std::size_t>(grade)]
                                     : unknown_grade_theta_;
            value_ = speed > 0.0 && theta > 0.0 ? std::exp(-1.0 / (theta * speed)) : 1.0;
        }
        return value_;
    }

  private:
    const std::vector<double>& theta_by_grade_;
    double unknown_grade_theta_;
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

// The scrap logit, sorted by what it depends on: the simulated state (core temperature,
// wear, speed) or only the inputs (intercept, grade, humidity and replayed factors).
struct DefectLogit {
    double intercept = 0.0, core = 0.0, core_squared = 0.0, wear = 0.0, speed = 0.0;
    std::vector<std::pair<const double*, double>> input_terms;  // input series, coefficient
    std::vector<double> grade_coefficient;                      // by grade index

    DefectLogit(const DefectTwin& d, const SimulationInputs& in) {
        for (const auto& t : d.terms) {
            switch (t.input) {
                case DefectTwin::Input::intercept:
                    intercept += t.coefficient;
                    break;
                case DefectTwin::Input::core:
                    core += t.coefficient;
                    break;
                case DefectTwin::Input::core_squared:
                    core_squared += t.coefficient;
                    break;
                case DefectTwin::Input::humidity:
                    input_terms.emplace_back(in.humidity_pct.data(), t.coefficient);
                    break;
                case DefectTwin::Input::wear:
                    wear += t.coefficient;
                    break;
                case DefectTwin::Input::speed:
                    speed += t.coefficient;
                    break;
                case DefectTwin::Input::grade:
                    if (t.grade >= 0) {
                        const auto g = static_cast<std::size_t>(t.grade);
                        if (grade_coefficient.size() <= g) grade_coefficient.resize(g + 1, 0.0);
                        grade_coefficient[g] += t.coefficient;
                    }
                    break;
                case DefectTwin::Input::factor:
                    input_terms.emplace_back(in.factors[static_cast<std::size_t>(t.factor)].data(),
                                             t.coefficient);
                    break;
            }
        }
    }
};

// What follows from the state without feeding back, for steps [start, start + len): the
// part core temperature at the exit, its defect probability, the interval energy and its
// cost. Blocks small enough to stay in the L1 cache while a dozen array expressions run
// over them.
struct OutcomeBlock {
    const PlantTwin& twin;
    const SimulationInputs& in;
    const SimulationOptions& options;
    const std::optional<DefectLogit>& logit;
    const Eigen::ArrayXd* direct_p;  // the direct scrap model's probabilities, when it is the model
    bool has_core, has_energy, all_counted;
    double dt_h;

    void operator()(const StateArrays& b, const Eigen::ArrayXd& furnace_degC, OutcomeArrays& out,
                    Eigen::Index start, Eigen::Index len, OutcomeSums& sums) const {
        const auto seg = [&](Eigen::ArrayXd& a) { return a.segment(start, len); };
        const auto input = [&](const double* v) { return ConstMap(v + start, len); };
        const auto ambient = input(in.ambient_degC.data());
        const auto furnace = furnace_degC.segment(start, len);
        const auto produced = b.produced.segment(start, len);
        auto core = seg(out.core);
        if (has_core) {
            core = furnace - (furnace - ambient) * b.exit_factor.segment(start, len) +
                   twin.core.bias_degC;
            if (options.core_bias_offset_degC != nullptr)
                core += input(options.core_bias_offset_degC->data());
        } else {
            core.setConstant(nan);
        }
        auto p = seg(out.p);
        auto scrap = seg(out.scrap);
        if (direct_p != nullptr) {
            p = direct_p->segment(start, len);
            scrap = produced * p;
        } else if (logit) {
            const DefectLogit& d = *logit;
            auto z = seg(out.logit);
            z = d.intercept + d.core * core + d.core_squared * core.square() +
                d.wear * b.wear.segment(start, len) + d.speed * input(in.speed_m_per_min.data());
            for (const auto& [series, coefficient] : d.input_terms)
                z += coefficient * input(series);
            if (!d.grade_coefficient.empty()) {
                for (Eigen::Index i = 0; i < len; ++i) {
                    const auto g = static_cast<std::size_t>(
                        std::max<int>(in.grade[static_cast<std::size_t>(start + i)], 0));
                    if (g < d.grade_coefficient.size()) z[i] += d.grade_coefficient[g];
                }
            }
            vector_logistic(z.data(), p.data(), static_cast<std::size_t>(len));
            scrap = produced * p;
        } else {
            p.setConstant(nan);
            scrap.setZero();
        }
        auto energy = seg(out.energy);
        auto cost = seg(out.cost);
        if (has_energy) {
            const auto& e = twin.energy;
            energy = (e.loss_kw_per_K * dt_h) * (furnace - ambient) +
                     dt_h * b.base_kw.segment(start, len);
            if (e.parts_over_core) {
                energy += e.parts_kwh_per_part_K * produced * (core - ambient);
            } else if (e.parts_over_physics) {
                // The parts leave (Tf - Tamb) times the exit factor below the furnace (the
                // state pass filled it from the energy's heating constants).
                energy += e.parts_kwh_per_part_K * produced * (furnace - ambient) *
                          (1.0 - b.exit_factor.segment(start, len));
            } else {
                energy += e.parts_kwh_per_part_K * produced * (furnace - ambient);
            }
            cost = energy * input(in.price_per_kwh.data());
        } else {
            energy.setConstant(nan);
            cost.setConstant(nan);
        }
        const auto counted = b.counted.segment(start, len);
        const auto sum = [&](const auto& x) {
            return all_counted ? x.sum() : (counted > 0.0).select(x, 0.0).sum();
        };
        sums.produced += sum(produced);
        if (logit || direct_p != nullptr) {
            sums.scrap += sum(scrap);
            sums.scrap_variance += sum(scrap * (1.0 - p));
        }
        if (has_energy) {
            sums.energy += sum(energy);
            sums.cost += sum(cost);
        }
        // Steps without parts add 0 (their core temperature is finite: the furnace is).
        if (has_core) sums.core_parts += sum(core * produced);
    }
};

}  // namespace

void StateArrays::resize(Eigen::Index n) {
    for (auto* a : {&furnace, &furnace_drive, &operator_setpoint, &wear, &produced, &exit_factor,
                    &base_kw, &counted})
        if (a->size() != n) a->resize(n);
}

void OutcomeArrays::resize(Eigen::Index n) {
    for (auto* a : {&core, &logit, &p, &scrap, &energy, &cost})
        if (a->size() != n) a->resize(n);
}

StateArrays& thread_state_arrays() {
    thread_local StateArrays arrays;
    return arrays;
}

OutcomeArrays& thread_outcome_arrays() {
    thread_local OutcomeArrays arrays;
    return arrays;
}

void check_inputs(const PlantTwin& twin, const SimulationInputs& in) {
    check_sizes(twin, in);
}

StateTotals run_state_pass(const PlantTwin& twin, const SimulationInputs& in,
                           const SimulationOptions& options, StateArrays& b,
                           SimulationSeries* ser) {
    const std::size_t n = in.steps();
    const auto N = static_cast<Eigen::Index>(n);
    const double dt = in.step_min;
    const auto& f = twin.furnace;
    const bool has_core = twin.core.available;
    const auto& th = twin.throughput;
    const double preventive_min = in.maintenance_interval_running_min;
    const double cycle_without_wear = th.has_wear ? 0.0 : th.running_min_per_maintenance;
    const bool all_counted = options.kpi_mask == nullptr;

    const double base_running = twin.energy.base_kw_for(twin.running_label);
    const double base_maintenance = twin.energy.base_kw_for(twin.maintenance_label);
    std::vector<double> base_stop(in.stop_labels.size());
    for (std::size_t s = 0; s < base_stop.size(); ++s)
        base_stop[s] = twin.energy.base_kw_for(in.stop_labels[s]);

    StateTotals totals;
    totals.all_counted = all_counted;
    b.resize(N);
    if (n == 0) return totals;
    // The parts' exit factor comes from the soft sensor's heating constants, or without
    // one (no manual checks) from those the energy model fitted; a fit never gives both.
    const bool parts_physics = !has_core && twin.energy.parts_over_physics;
    ExitFactorCache exit_factor =
        has_core ? ExitFactorCache(twin.core.theta_min_per_m,
                                   twin.core.theta_min_per_m.empty() ? 0.0 : twin.core.theta_min_per_m.front())
                 : ExitFactorCache(twin.energy.parts_theta_by_grade_min_per_m,
                                   twin.energy.parts_heating.theta_any_grade_min_per_m);
    WearRateCache wear_rate(th);

    const auto first_load = in.stop[0] < 0 ? th.parts_per_min(in.speed_m_per_min[0]) : 0.0;
    totals.initial_at_steady_state = !std::isfinite(in.initial_furnace_degC);
    totals.initial_furnace_degC =
        totals.initial_at_steady_state
            ? f.steady_state_degC(in.setpoint_degC[0], first_load, in.ambient_degC[0])
            : in.initial_furnace_degC;
    double wear = in.initial_wear_pct;
    double running_since_maintenance = in.initial_running_min_since_maintenance;
    bool in_maintenance = std::isfinite(in.initial_maintenance_elapsed_min);
    double maintenance_elapsed = in_maintenance ? in.initial_maintenance_elapsed_min : 0.0;
    double load_speed = std::numeric_limits<double>::quiet_NaN(), running_load = 0.0;

    // Pass 1, step by step: what carries a state from one step to the next (maintenance,
    // wear), then the furnace's dynamics. Everything that follows from the state without
    // feeding back (core temperature, scrap, energy, cost) is left to pass 2, which runs
    // over whole arrays and is vectorised.
    for (std::size_t i = 0; i < n; ++i) {
        const auto k = static_cast<Eigen::Index>(i);
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
            totals.maintenance_start_s.push_back(in.time_s[i]);
            if (th.has_wear) wear = th.wear_after_pct;
            running_since_maintenance = 0.0;
        }
        const std::int16_t stop = in.stop[i];
        const SimulatedState state = in_maintenance ? SimulatedState::maintenance
                                     : stop >= 0    ? SimulatedState::stopped
                                                    : SimulatedState::running;
        const bool running = state == SimulatedState::running;

        double setpoint = in.setpoint_degC[i];
        bool operator_setpoint = true;
        if (in_maintenance && !twin.maintenance_setpoint_degC.empty()) {
            const auto bin = std::min(
                static_cast<std::size_t>(maintenance_elapsed / twin.maintenance_setpoint_bin_min),
                twin.maintenance_setpoint_degC.size() - 1);
            if (std::isfinite(twin.maintenance_setpoint_degC[bin])) {
                setpoint = twin.maintenance_setpoint_degC[bin];
                operator_setpoint = false;
            }
        }
        const double speed = in.speed_m_per_min[i];
        if (speed != load_speed) {  // a division per step would cost a fifth of the loop
            load_speed = speed;
            running_load = th.parts_per_min(speed);
        }
        const double load = running ? running_load : 0.0;

        b.wear[k] = wear;
        b.produced[k] = load * dt;
        if (has_core) b.exit_factor[k] = exit_factor(std::max<int>(in.grade[i], 0), speed);
        else if (parts_physics) b.exit_factor[k] = exit_factor(in.grade[i], speed);
        b.base_kw[k] = running ? base_running
                       : state == SimulatedState::stopped
                           ? base_stop[static_cast<std::size_t>(stop)]
                           : base_maintenance;
        b.operator_setpoint[k] = operator_setpoint ? 1.0 : 0.0;
        if (ser != nullptr) {
            ser->state[i] = state;
            ser->setpoint_degC[i] = setpoint;
        }
        const bool counts = all_counted || (*options.kpi_mask)[i] != 0;
        if (!all_counted) b.counted[k] = counts ? 1.0 : 0.0;
        if (counts) {
            ++totals.counted;
            if (running) ++totals.running_counted;
            if (starts_maintenance) ++totals.maintenance_starts;
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
        b.furnace_drive[k] = setpoint;
    }
    // T_steady = g SP + b_load load + b_amb Tamb + c, over whole arrays.
    b.furnace_drive = f.setpoint_gain * b.furnace_drive +
                      (f.load_sensitivity_degC_per_part_per_min / dt) * b.produced +
                      f.ambient_sensitivity * as_array(in.ambient_degC) + f.offset_degC;
    furnace_response(f, dt, totals.initial_furnace_degC, b.furnace_drive, b.furnace);
    return totals;
}

OutcomeSums run_outcome_pass(const PlantTwin& twin, const SimulationInputs& in,
                             const SimulationOptions& options, const StateArrays& state,
                             const Eigen::ArrayXd& furnace, bool all_counted, OutcomeArrays& out) {
    const bool has_core = twin.core.available;
    const bool has_defect = twin.defect.available && (has_core || twin.defect.direct);
    const bool has_energy = twin.energy.available && (has_core || !twin.energy.parts_over_core);
    const auto N = static_cast<Eigen::Index>(in.steps());
    out.resize(N);
    std::optional<DefectLogit> logit;
    thread_local Eigen::ArrayXd direct_p;
    const bool direct = has_defect && twin.defect.direct;
    if (direct) direct_scrap_probability(twin, in, furnace, state.wear, direct_p);
    else if (has_defect) logit.emplace(twin.defect, in);
    const OutcomeBlock outcomes{twin,     in,         options,    logit,      direct ? &direct_p : nullptr,
                                has_core, has_energy, all_counted, in.step_min / 60.0};
    OutcomeSums sums;
    constexpr Eigen::Index block = 512;
    for (Eigen::Index start = 0; start < N; start += block)
        outcomes(state, furnace, out, start, std::min(block, N - start), sums);
    return sums;
}

Kpis kpis_from(const PlantTwin& twin, const SimulationInputs& in, const StateTotals& totals,
               const OutcomeSums& sums) {
    const bool has_core = twin.core.available;
    const bool has_defect = twin.defect.available && (has_core || twin.defect.direct);
    const bool has_energy = twin.energy.available && (has_core || !twin.energy.parts_over_core);
    Kpis k;
    k.hours = static_cast<double>(totals.counted) * in.step_min / 60.0;
    k.produced = sums.produced;
    k.scrap = has_defect ? sums.scrap : nan;
    k.maintenance_count = totals.maintenance_starts;
    // Without a scrap model every part counts as good (the twin's warnings say so).
    const double good = has_defect ? sums.produced - sums.scrap : sums.produced;
    if (totals.counted > 0)
        k.availability =
            static_cast<double>(totals.running_counted) / static_cast<double>(totals.counted);
    if (k.hours > 0.0) k.throughput_per_h = good / k.hours;
    if (has_defect && sums.produced > 0.0) k.scrap_rate = sums.scrap / sums.produced;
    if (has_energy) {
        k.energy_kwh = sums.energy;
        k.energy_cost = sums.cost;
        if (good > 0.0) k.energy_kwh_per_part = sums.energy / good;
    }
    if (has_core && sums.produced > 0.0) k.core_temp_c = sums.core_parts / sums.produced;
    return k;
}

}  // namespace twinbench::simulation_steps
