#include "sample/plant_inputs.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/error.h"
#include "sample/hourly_anomaly.h"
#include "sample/reference_plant.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace {

using sample::HourlyAnomaly;
using sample::RandomStream;

constexpr double two_pi = 2.0 * std::numbers::pi;

double round_to(double value, double raster) {
    return std::round(value / raster) * raster;
}

struct ControlEvent {
    UtcSeconds time = 0;
    double setpoint_degC = 0.0;
    double speed_m_per_min = 0.0;
};

// Fills the per-step value from a time-sorted list of step changes.
template <typename T, typename Event, typename Get>
void sample_steps(const std::vector<Event>& events, const PlantInputs& in, std::vector<T>& out,
                  Get get) {
    std::size_t e = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const UtcSeconds t = in.time_utc(i);
        while (e + 1 < events.size() && events[e + 1].time <= t) {
            ++e;
        }
        out[i] = get(events[e]);
    }
}

}  // namespace

double rule_of_thumb_setpoint_degC(const PlantTruth& truth, double speed_m_per_min, int grade,
                                   double assumed_ambient_degC, double core_aim_degC) {
    const double tau = truth.grades[static_cast<std::size_t>(grade)].part_heating_tau_min;
    const double e = std::exp(-residence_time_min(truth, speed_m_per_min) / tau);
    const double furnace_needed = (core_aim_degC - e * assumed_ambient_degC) / (1.0 - e);
    const double sag =
        truth.furnace_load_sag_degC_per_part_per_min * parts_per_min(truth, speed_m_per_min);
    const double ambient_effect = truth.furnace_ambient_gain_degC_per_degC *
                                  (assumed_ambient_degC - truth.furnace_ambient_ref_degC);
    return (furnace_needed + sag - ambient_effect) / truth.furnace_setpoint_gain;
}

PlantInputs generate_inputs(const PlantTruth& truth, UtcSeconds start_utc, int days,
                            int step_minutes, std::uint64_t seed, const InputProfile& profile) {
    if (days < 1) {
        throw UsageError("days must be at least 1");
    }
    if (step_minutes < 1 || step_minutes > 1440) {
        throw UsageError("step minutes must be between 1 and 1440");
    }
    const sample::LocalClock clock(truth.time_zone);

    PlantInputs in;
    in.start_utc = start_utc;
    in.step_minutes = step_minutes;
    const auto n = static_cast<std::size_t>(static_cast<std::int64_t>(days) * 1440 / step_minutes);
    const UtcSeconds end_utc = start_utc + static_cast<UtcSeconds>(days) * 86400;
    const auto hours = static_cast<std::size_t>(days) * 24;

    in.ambient_degC.resize(n);
    in.humidity_pct.resize(n);
    in.grade.resize(n);
    in.setpoint_degC.resize(n);
    in.speed_m_per_min.resize(n);
    in.stop_requested.assign(n, 0);
    in.peak_tariff.resize(n);

    // --- Ambient and humidity ---
    RandomStream ambient_rng(seed, sample::streams::ambient);
    RandomStream humidity_rng(seed, sample::streams::humidity);
    const HourlyAnomaly ambient_weather(ambient_rng, profile.ambient_weather_sd_degC,
                                        profile.ambient_weather_correlation_h, hours);
    const HourlyAnomaly humidity_weather(humidity_rng, profile.humidity_weather_sd_pct,
                                         profile.humidity_weather_correlation_h, hours);
    const sample::CivilTime start_civil = sample::civil_from_seconds(start_utc);
    const double start_day_of_year =
        static_cast<double>(start_utc - sample::seconds_from_civil(start_civil.year, 1, 1)) /
        86400.0;
    for (std::size_t i = 0; i < n; ++i) {
        const UtcSeconds t = in.time_utc(i);
        const double elapsed_h = static_cast<double>(t - start_utc) / 3600.0;
        const double day_of_year = start_day_of_year + elapsed_h / 24.0;
        const std::int64_t wall = clock.to_wall(t);
        const sample::CivilTime local = sample::civil_from_seconds(wall);
        const double local_hour = local.hour + local.minute / 60.0 + local.second / 3600.0;

        const double weather = ambient_weather.at(elapsed_h);
        in.ambient_degC[i] =
            profile.ambient_annual_mean_degC -
            profile.ambient_annual_amplitude_degC *
                std::cos(two_pi * (day_of_year - profile.ambient_coldest_day_of_year) / 365.25) +
            profile.ambient_daily_amplitude_degC *
                std::cos(two_pi * (local_hour - profile.ambient_daily_peak_hour_local) / 24.0) +
            weather;
        const double humidity =
            profile.humidity_mean_pct +
            profile.humidity_daily_amplitude_pct *
                std::cos(two_pi * (local_hour - profile.humidity_daily_peak_hour_local) / 24.0) +
            humidity_weather.at(elapsed_h) +
            profile.humidity_per_ambient_anomaly_pct_per_degC * weather;
        in.humidity_pct[i] =
            std::clamp(humidity, profile.humidity_min_pct, profile.humidity_max_pct);

        const bool weekday = local.weekday >= 1 && local.weekday <= 5;
        const bool peak_hour =
            local.hour >= truth.tariff_peak_start_hour && local.hour < truth.tariff_peak_end_hour;
        in.peak_tariff[i] =
            (peak_hour && (weekday || !truth.tariff_peak_weekdays_only)) ? 1 : 0;
    }

    // --- Batches ---
    RandomStream batch_rng(seed, sample::streams::batches);
    {
        int counter = static_cast<int>(batch_rng.uniform_int(100, 899));
        const int yy = sample::civil_from_seconds(clock.to_wall(start_utc)).year % 100;
        UtcSeconds t = start_utc;
        while (t < end_utc) {
            MaterialBatch b;
            b.start_utc = t;
            b.grade = batch_rng.categorical(profile.grade_weights, material_grade_count);
            std::string id = "CH" + std::to_string(yy + 100).substr(1) + "-";
            const std::string num = std::to_string(10000 + counter).substr(1);
            b.id = id + num;
            ++counter;
            in.batches.push_back(b);
            const double quarters = std::round(
                batch_rng.uniform(profile.batch_min_h * 4.0, profile.batch_max_h * 4.0));
            t += static_cast<UtcSeconds>(quarters) * 900;
        }
    }
    {
        std::size_t b = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const UtcSeconds t = in.time_utc(i);
            while (b + 1 < in.batches.size() && in.batches[b + 1].start_utc <= t) {
                ++b;
            }
            in.grade[i] = static_cast<std::uint8_t>(in.batches[b].grade);
        }
    }

    // --- Operator controls ---
    RandomStream control_rng(seed, sample::streams::controls);
    const double core_aim = 0.5 * (truth.core_target_low_degC + truth.core_target_high_degC);
    auto grade_at = [&](UtcSeconds t) {
        int g = in.batches.front().grade;
        for (const auto& b : in.batches) {
            if (b.start_utc > t) {
                break;
            }
            g = b.grade;
        }
        return g;
    };
    auto pick_speed = [&] {
        return std::clamp(round_to(control_rng.uniform(profile.speed_min_m_per_min,
                                                       profile.speed_max_m_per_min),
                                   profile.speed_raster_m_per_min),
                          profile.speed_min_m_per_min, profile.speed_max_m_per_min);
    };
    auto rule_setpoint = [&](double speed, int grade) {
        const double ideal = rule_of_thumb_setpoint_degC(
            truth, speed, grade, profile.operator_assumed_ambient_degC, core_aim);
        return std::clamp(std::round(ideal + control_rng.normal(0.0, profile.operator_setpoint_sd_degC)),
                          profile.setpoint_min_degC, profile.setpoint_max_degC);
    };

    // Candidate change times: Poisson changes and batch starts, merged by time.
    struct Trigger {
        UtcSeconds time;
        bool batch_start;
    };
    std::vector<Trigger> triggers;
    {
        const double mean_gap_s = 86400.0 / profile.control_changes_per_day;
        double t = static_cast<double>(start_utc) + control_rng.exponential(mean_gap_s);
        while (t < static_cast<double>(end_utc)) {
            // Operators type whole minutes.
            triggers.push_back({static_cast<UtcSeconds>(std::floor(t / 60.0)) * 60, false});
            t += control_rng.exponential(mean_gap_s);
        }
        for (std::size_t b = 1; b < in.batches.size(); ++b) {
            triggers.push_back({in.batches[b].start_utc, true});
        }
        std::stable_sort(triggers.begin(), triggers.end(),
                         [](const Trigger& a, const Trigger& b) { return a.time < b.time; });
    }
    std::vector<ControlEvent> controls;
    {
        ControlEvent first;
        first.time = start_utc;
        first.speed_m_per_min = pick_speed();
        first.setpoint_degC = rule_setpoint(first.speed_m_per_min, grade_at(start_utc));
        controls.push_back(first);
    }
    for (const Trigger& trig : triggers) {
        ControlEvent ev = controls.back();
        ev.time = trig.time;
        const int grade = grade_at(trig.time);
        if (trig.batch_start) {
            if (!control_rng.bernoulli(profile.batch_change_reapply_probability)) {
                continue;
            }
            ev.setpoint_degC = rule_setpoint(ev.speed_m_per_min, grade);
        } else if (control_rng.bernoulli(profile.new_speed_probability)) {
            ev.speed_m_per_min = pick_speed();
            ev.setpoint_degC = rule_setpoint(ev.speed_m_per_min, grade);
        } else {
            const auto max_tweak = static_cast<std::int64_t>(profile.operator_tweak_max_degC);
            std::int64_t tweak = control_rng.uniform_int(-max_tweak, max_tweak - 1);
            if (tweak >= 0) {
                ++tweak;  // never zero: a tweak that changes nothing is not logged
            }
            ev.setpoint_degC = std::clamp(ev.setpoint_degC + static_cast<double>(tweak),
                                          profile.setpoint_min_degC, profile.setpoint_max_degC);
        }
        controls.push_back(ev);
    }
    sample_steps(controls, in, in.setpoint_degC,
                 [](const ControlEvent& e) { return e.setpoint_degC; });
    sample_steps(controls, in, in.speed_m_per_min,
                 [](const ControlEvent& e) { return e.speed_m_per_min; });

    // --- Unplanned stops ---
    RandomStream stop_rng(seed, sample::streams::stops);
    {
        const double mean_gap_s = 86400.0 / profile.stops_per_day;
        double t = static_cast<double>(start_utc) + stop_rng.exponential(mean_gap_s);
        while (t < static_cast<double>(end_utc)) {
            const double minutes =
                std::clamp(std::round(stop_rng.lognormal(profile.stop_median_min,
                                                         profile.stop_sigma_log)),
                           profile.stop_min_min, profile.stop_max_min);
            const auto begin = static_cast<UtcSeconds>(std::floor(t / 60.0)) * 60;
            const UtcSeconds end = begin + static_cast<UtcSeconds>(minutes) * 60;
            // Steps whose start lies inside [begin, end).
            const UtcSeconds step_s = static_cast<UtcSeconds>(step_minutes) * 60;
            UtcSeconds first = (begin - start_utc + step_s - 1) / step_s;
            for (UtcSeconds k = std::max<UtcSeconds>(first, 0);
                 k < static_cast<UtcSeconds>(n) && start_utc + k * step_s < end; ++k) {
                in.stop_requested[static_cast<std::size_t>(k)] = 1;
            }
            t += minutes * 60.0 + stop_rng.exponential(mean_gap_s);
        }
    }

    RandomStream init_rng(seed, sample::streams::initial_state);
    in.initial_wear_pct = std::round(init_rng.uniform(0.0, profile.initial_wear_max_pct) * 100.0) /
                          100.0;
    return in;
}

nlohmann::json to_json(const InputProfile& p) {
    nlohmann::json j;
    j["ambient"] = {
        {"annual_mean_degC", p.ambient_annual_mean_degC},
        {"annual_amplitude_degC", p.ambient_annual_amplitude_degC},
        {"coldest_day_of_year", p.ambient_coldest_day_of_year},
        {"daily_amplitude_degC", p.ambient_daily_amplitude_degC},
        {"daily_peak_hour_local", p.ambient_daily_peak_hour_local},
        {"weather_sd_degC", p.ambient_weather_sd_degC},
        {"weather_correlation_h", p.ambient_weather_correlation_h},
    };
    j["humidity"] = {
        {"mean_pct", p.humidity_mean_pct},
        {"daily_amplitude_pct", p.humidity_daily_amplitude_pct},
        {"daily_peak_hour_local", p.humidity_daily_peak_hour_local},
        {"weather_sd_pct", p.humidity_weather_sd_pct},
        {"weather_correlation_h", p.humidity_weather_correlation_h},
        {"per_ambient_anomaly_pct_per_degC", p.humidity_per_ambient_anomaly_pct_per_degC},
        {"min_pct", p.humidity_min_pct},
        {"max_pct", p.humidity_max_pct},
    };
    j["batches"] = {
        {"min_h", p.batch_min_h},
        {"max_h", p.batch_max_h},
        {"grade_weights", {{"A", p.grade_weights[0]}, {"B", p.grade_weights[1]},
                           {"C", p.grade_weights[2]}}},
    };
    j["operators"] = {
        {"control_changes_per_day", p.control_changes_per_day},
        {"new_speed_probability", p.new_speed_probability},
        {"speed_min_m_per_min", p.speed_min_m_per_min},
        {"speed_max_m_per_min", p.speed_max_m_per_min},
        {"speed_raster_m_per_min", p.speed_raster_m_per_min},
        {"setpoint_min_degC", p.setpoint_min_degC},
        {"setpoint_max_degC", p.setpoint_max_degC},
        {"setpoint_sd_degC", p.operator_setpoint_sd_degC},
        {"tweak_max_degC", p.operator_tweak_max_degC},
        {"assumed_ambient_degC", p.operator_assumed_ambient_degC},
        {"batch_change_reapply_probability", p.batch_change_reapply_probability},
    };
    j["stops"] = {
        {"per_day", p.stops_per_day},
        {"median_min", p.stop_median_min},
        {"sigma_log", p.stop_sigma_log},
        {"min_min", p.stop_min_min},
        {"max_min", p.stop_max_min},
    };
    j["initial_wear_max_pct"] = p.initial_wear_max_pct;
    return j;
}

}  // namespace twinbench
