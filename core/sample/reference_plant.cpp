#include "sample/reference_plant.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sample/sample_random.h"

namespace twinbench {

std::string_view line_state_code(LineState state) {
    switch (state) {
        case LineState::running:
            return "RUN";
        case LineState::stopped:
            return "STOP";
        case LineState::maintenance:
            return "MAINT";
    }
    return "STOP";
}

double residence_time_min(const PlantTruth& truth, double speed_m_per_min) {
    if (speed_m_per_min <= 0.0) {
        return std::numeric_limits<double>::infinity();
    }
    return truth.furnace_length_m / speed_m_per_min;
}

double parts_per_min(const PlantTruth& truth, double speed_m_per_min) {
    return std::max(speed_m_per_min, 0.0) / truth.part_pitch_m;
}

double furnace_steady_state_degC(const PlantTruth& truth, double setpoint_degC,
                                 double ambient_degC, double load_parts_per_min) {
    return truth.furnace_setpoint_gain * setpoint_degC +
           truth.furnace_ambient_gain_degC_per_degC *
               (ambient_degC - truth.furnace_ambient_ref_degC) -
           truth.furnace_load_sag_degC_per_part_per_min * load_parts_per_min;
}

double core_temperature_degC(const PlantTruth& truth, double furnace_degC, double ambient_degC,
                             double speed_m_per_min, int grade) {
    const double tau = truth.grades[static_cast<std::size_t>(grade)].part_heating_tau_min;
    // Lumped part heated by the furnace air for the residence time (exact solution of
    // dT/dt = (T_f - T) / tau starting at ambient).
    const double remaining = std::exp(-residence_time_min(truth, speed_m_per_min) / tau);
    return furnace_degC - (furnace_degC - ambient_degC) * remaining;
}

double defect_logit(const PlantTruth& truth, double core_degC, double humidity_pct,
                    double wear_pct, double speed_m_per_min, int grade) {
    return truth.defect_b0 + truth.defect_b1_per_degC * core_degC +
           truth.defect_b2_per_degC2 * core_degC * core_degC +
           truth.defect_b_humidity_per_pct * humidity_pct +
           truth.defect_b_wear_per_pct * wear_pct +
           truth.defect_b_speed_per_m_per_min * speed_m_per_min +
           truth.grades[static_cast<std::size_t>(grade)].defect_logit_offset;
}

namespace {

// Evaluated on the side that cannot overflow.
double logistic(double z) {
    if (z >= 0.0) {
        return 1.0 / (1.0 + std::exp(-z));
    }
    const double e = std::exp(z);
    return e / (1.0 + e);
}

}  // namespace

double defect_probability(const PlantTruth& truth, double core_degC, double humidity_pct,
                          double wear_pct, double speed_m_per_min, int grade) {
    return logistic(defect_logit(truth, core_degC, humidity_pct, wear_pct, speed_m_per_min, grade));
}

double direct_scrap_furnace_optimum_degC(const PlantTruth& truth, double residence_min,
                                         int grade) {
    const DirectScrapTruth& d = truth.direct_scrap;
    return d.furnace_optimum_ref_degC +
           d.grade_optimum_offset_degC[static_cast<std::size_t>(grade)] -
           d.cure_shift_degC * std::log(residence_min / d.residence_ref_min);
}

double direct_defect_logit(const PlantTruth& truth, double furnace_degC, double humidity_pct,
                           double wear_pct, double speed_m_per_min, int grade) {
    const DirectScrapTruth& d = truth.direct_scrap;
    // A standing line has no residence time; its value is that of a part leaving at the
    // set speed, as for the core temperature. Speed 0 (never set) counts as very long.
    const double residence = std::min(residence_time_min(truth, speed_m_per_min), 1e6);
    const double x =
        (furnace_degC - direct_scrap_furnace_optimum_degC(truth, residence, grade)) /
        d.half_width_degC;
    return d.logit_min + d.logit_rise_at_edge * x * x +
           truth.defect_b_humidity_per_pct * humidity_pct +
           truth.defect_b_wear_per_pct * wear_pct +
           truth.grades[static_cast<std::size_t>(grade)].defect_logit_offset;
}

double part_defect_probability(const PlantTruth& truth, double furnace_degC,
                               double ambient_degC, double humidity_pct, double wear_pct,
                               double speed_m_per_min, int grade) {
    if (truth.scrap_model == ScrapModel::direct) {
        return logistic(
            direct_defect_logit(truth, furnace_degC, humidity_pct, wear_pct, speed_m_per_min, grade));
    }
    const double core = core_temperature_degC(truth, furnace_degC, ambient_degC, speed_m_per_min, grade);
    return defect_probability(truth, core, humidity_pct, wear_pct, speed_m_per_min, grade);
}

double wear_rate_pct_per_min(const PlantTruth& truth, double speed_m_per_min) {
    if (speed_m_per_min <= 0.0) {
        return 0.0;
    }
    return truth.wear_rate_ref_pct_per_min *
           std::pow(speed_m_per_min / truth.speed_ref_m_per_min, truth.wear_speed_exponent);
}

StepEnergy step_energy(const PlantTruth& truth, LineState state, double load_parts_per_min,
                       double core_degC, double furnace_degC, double ambient_degC,
                       double minutes) {
    StepEnergy e;
    if (state == LineState::running) {
        // kJ per part times parts, kJ -> kWh.
        e.parts_kwh = load_parts_per_min * minutes * truth.part_heat_capacity_kJ_per_K *
                      (core_degC - ambient_degC) / 3600.0;
    }
    e.loss_kwh = truth.furnace_loss_kW_per_K * (furnace_degC - ambient_degC) * minutes / 60.0;
    double base_kw = truth.base_load_running_kW;
    if (state == LineState::stopped) {
        base_kw = truth.base_load_stopped_kW;
    } else if (state == LineState::maintenance) {
        base_kw = truth.base_load_maintenance_kW;
    }
    e.base_kwh = base_kw * minutes / 60.0;
    return e;
}

namespace {

void check_sizes(const PlantInputs& in) {
    const std::size_t n = in.ambient_degC.size();
    if (in.humidity_pct.size() != n || in.grade.size() != n || in.setpoint_degC.size() != n ||
        in.speed_m_per_min.size() != n || in.stop_requested.size() != n ||
        in.peak_tariff.size() != n) {
        throw std::invalid_argument("simulate_plant: input series differ in length");
    }
    if (in.step_minutes < 1) {
        throw std::invalid_argument("simulate_plant: step_minutes must be positive");
    }
    for (std::uint8_t g : in.grade) {
        if (g >= material_grade_count) {
            throw std::invalid_argument("simulate_plant: material grade out of range");
        }
    }
}

void collect_events(PlantRun& run) {
    const std::size_t n = run.steps();
    std::size_t i = 0;
    while (i < n) {
        const LineState s = run.state[i];
        std::size_t j = i + 1;
        while (j < n && run.state[j] == s) {
            ++j;
        }
        if (s != LineState::running) {
            PlantEvent ev;
            ev.kind = s == LineState::maintenance ? PlantEvent::Kind::maintenance
                                                  : PlantEvent::Kind::stop;
            ev.first_step = i;
            ev.end_step = j;
            ev.start_utc = run.time_utc(i);
            ev.end_utc = run.time_utc(j);
            run.events.push_back(ev);
        }
        i = j;
    }
}

}  // namespace

PlantRun simulate_plant(const PlantTruth& truth, const PlantInputs& in, std::uint64_t seed) {
    check_sizes(in);
    const std::size_t n = in.steps();
    const double dt = in.step_min();
    const double decay = std::exp(-dt / truth.furnace_tau_min);
    const double maintenance_total_min =
        truth.maintenance_cleaning_min + truth.maintenance_warmup_min;

    PlantRun run;
    run.start_utc = in.start_utc;
    run.step_minutes = in.step_minutes;
    run.batches = in.batches;
    run.state.resize(n);
    for (auto* v : {&run.speed_actual_m_per_min, &run.setpoint_effective_degC,
                    &run.furnace_true_degC, &run.furnace_measured_degC,
                    &run.ambient_measured_degC, &run.humidity_measured_pct, &run.core_true_degC,
                    &run.defect_probability, &run.energy_kwh, &run.energy_measured_kwh, &run.energy_parts_kwh,
                    &run.energy_loss_kwh, &run.energy_base_kwh, &run.wear_pct}) {
        v->resize(n);
    }
    run.produced.resize(n);
    run.scrap.resize(n);
    if (n == 0) {
        return run;
    }

    // Where the run continues another, from that one's furnace; otherwise the line has been
    // running with the first settings for a long time.
    double furnace = std::isfinite(in.initial_furnace_degC)
                         ? in.initial_furnace_degC
                         : furnace_steady_state_degC(truth, in.setpoint_degC[0], in.ambient_degC[0],
                                                     in.stop_requested[0] ? 0.0 : parts_per_min(truth, in.speed_m_per_min[0]));
    double wear = in.initial_wear_pct;
    double part_carry = 0.0;  // fraction of a part that has left the furnace
    bool in_maintenance = std::isfinite(in.initial_maintenance_elapsed_min);
    double maintenance_elapsed_min = in_maintenance ? in.initial_maintenance_elapsed_min : 0.0;
    // A continued maintenance past its cleaning has reset the wear already (initial_wear_pct).
    bool wear_reset_done = in_maintenance && maintenance_elapsed_min >= truth.maintenance_cleaning_min;

    for (std::size_t i = 0; i < n; ++i) {
        if (!in_maintenance && wear >= truth.wear_limit_pct) {
            in_maintenance = true;
            wear_reset_done = false;
            maintenance_elapsed_min = 0.0;
        }
        LineState state = LineState::running;
        if (in_maintenance) {
            state = LineState::maintenance;
        } else if (in.stop_requested[i]) {
            state = LineState::stopped;
        }
        const bool running = state == LineState::running;
        const bool cleaning =
            in_maintenance && maintenance_elapsed_min < truth.maintenance_cleaning_min;

        const double speed = in.speed_m_per_min[i];
        const double ambient = in.ambient_degC[i];
        const double humidity = in.humidity_pct[i];
        const int grade = in.grade[i];
        const double setpoint =
            cleaning ? truth.maintenance_standby_setpoint_degC : in.setpoint_degC[i];
        const double load = running ? parts_per_min(truth, speed) : 0.0;

        const double core = core_temperature_degC(truth, furnace, ambient, speed, grade);
        const double p =
            part_defect_probability(truth, furnace, ambient, humidity, wear, speed, grade);

        std::int32_t produced = 0;
        std::int32_t scrap = 0;
        if (running) {
            part_carry += load * dt;
            const double whole = std::floor(part_carry);
            part_carry -= whole;
            produced = static_cast<std::int32_t>(whole);
            // Binomial(produced, p) as a sum of Bernoulli draws with one fixed uniform
            // per (step, part): common random numbers across what-if runs.
            for (std::int32_t k = 0; k < produced; ++k) {
                if (sample::counter_uniform(seed, sample::streams::part_defect, i,
                                            static_cast<std::uint64_t>(k)) < p) {
                    ++scrap;
                }
            }
        }
        const StepEnergy energy = step_energy(truth, state, load, core, furnace, ambient, dt);

        run.state[i] = state;
        run.speed_actual_m_per_min[i] = running ? speed : 0.0;
        run.setpoint_effective_degC[i] = setpoint;
        run.furnace_true_degC[i] = furnace;
        run.furnace_measured_degC[i] =
            furnace + truth.thermocouple_noise_sd_degC *
                          sample::counter_normal(seed, sample::streams::thermocouple, i);
        run.ambient_measured_degC[i] =
            ambient + truth.ambient_sensor_noise_sd_degC *
                          sample::counter_normal(seed, sample::streams::ambient_sensor, i);
        run.humidity_measured_pct[i] = std::clamp(
            humidity + truth.humidity_sensor_noise_sd_pct *
                           sample::counter_normal(seed, sample::streams::humidity_sensor, i),
            0.0, 100.0);
        run.core_true_degC[i] = core;
        run.defect_probability[i] = p;
        run.produced[i] = produced;
        run.scrap[i] = scrap;
        run.energy_parts_kwh[i] = energy.parts_kwh;
        run.energy_loss_kwh[i] = energy.loss_kwh;
        run.energy_base_kwh[i] = energy.base_kwh;
        run.energy_kwh[i] = energy.total_kwh();
        run.energy_measured_kwh[i] =
            run.energy_kwh[i] * (1.0 + truth.energy_meter_noise_rel *
                                           sample::counter_normal(seed, sample::streams::energy_meter, i));
        run.wear_pct[i] = wear;

        // Advance to the next step start.
        if (running) {
            wear += wear_rate_pct_per_min(truth, speed) * dt;
        }
        const double target = furnace_steady_state_degC(truth, setpoint, ambient, load);
        furnace = target + (furnace - target) * decay;
        if (in_maintenance) {
            maintenance_elapsed_min += dt;
            if (!wear_reset_done && maintenance_elapsed_min >= truth.maintenance_cleaning_min) {
                wear = truth.wear_after_maintenance_pct;
                wear_reset_done = true;
            }
            if (maintenance_elapsed_min >= maintenance_total_min) {
                in_maintenance = false;
            }
        }
    }
    collect_events(run);
    return run;
}

PlantInputs continued_inputs(const PlantInputs& full, const PlantRun& run, std::size_t first) {
    if (first >= run.steps() || run.steps() != full.steps())
        throw std::out_of_range("continued_inputs: step " + std::to_string(first) + " is not a step of the run");
    PlantInputs in = full;
    const auto from_first = [&](auto& v) { v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first)); };
    from_first(in.ambient_degC);
    from_first(in.humidity_pct);
    from_first(in.grade);
    from_first(in.setpoint_degC);
    from_first(in.speed_m_per_min);
    from_first(in.stop_requested);
    from_first(in.peak_tariff);
    in.start_utc = full.time_utc(first);
    in.initial_wear_pct = run.wear_pct[first];
    in.initial_furnace_degC = run.furnace_true_degC[first];
    // A maintenance the step is inside of goes on for what is left of it (one that was
    // already going on when `full` started counts its minutes from before too).
    in.initial_maintenance_elapsed_min = std::numeric_limits<double>::quiet_NaN();
    std::size_t done_steps = 0;
    while (run.state[first] == LineState::maintenance && done_steps < first &&
           run.state[first - done_steps - 1] == LineState::maintenance)
        ++done_steps;
    if (done_steps > 0) {
        double elapsed_min = static_cast<double>(done_steps) * full.step_min();
        if (done_steps == first && std::isfinite(full.initial_maintenance_elapsed_min))
            elapsed_min += full.initial_maintenance_elapsed_min;
        in.initial_maintenance_elapsed_min = elapsed_min;
    }
    return in;
}

PlantKpis summarize_run(const PlantTruth& truth, const PlantInputs& inputs, const PlantRun& run,
                        std::size_t first, std::size_t last) {
    PlantKpis k;
    last = std::min(last, run.steps());
    if (first >= last) {
        return k;
    }
    const double dt = static_cast<double>(run.step_minutes);
    std::size_t running_steps = 0;
    double core_sum = 0.0;
    for (std::size_t i = first; i < last; ++i) {
        k.produced += run.produced[i];
        k.scrapped += run.scrap[i];
        k.energy_kwh += run.energy_kwh[i];
        const bool peak = i < inputs.peak_tariff.size() && inputs.peak_tariff[i] != 0;
        k.energy_cost += run.energy_kwh[i] *
                         (peak ? truth.tariff_peak_eur_per_kWh : truth.tariff_offpeak_eur_per_kWh);
        core_sum += run.core_true_degC[i] * run.produced[i];
        if (run.state[i] == LineState::running) {
            ++running_steps;
        }
        if (run.state[i] == LineState::maintenance &&
            (i == 0 || run.state[i - 1] != LineState::maintenance)) {
            ++k.maintenance_count;
        }
    }
    k.good = k.produced - k.scrapped;
    k.hours = static_cast<double>(last - first) * dt / 60.0;
    k.throughput_per_h = static_cast<double>(k.good) / k.hours;
    k.scrap_rate = k.produced > 0 ? static_cast<double>(k.scrapped) / static_cast<double>(k.produced)
                                  : 0.0;
    k.energy_kwh_per_part = k.good > 0 ? k.energy_kwh / static_cast<double>(k.good) : 0.0;
    k.core_temp_c = k.produced > 0 ? core_sum / static_cast<double>(k.produced) : 0.0;
    k.availability = static_cast<double>(running_steps) / static_cast<double>(last - first);
    return k;
}

}  // namespace twinbench
