#include "sample/dryer_inputs.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/error.h"
#include "sample/dryer_plant.h"
#include "sample/dryer_streams.h"
#include "sample/hourly_anomaly.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace {

using sample::HourlyAnomaly;
using sample::RandomStream;
using sample::UtcSeconds;

constexpr double two_pi = 2.0 * std::numbers::pi;

double round_to(double value, double raster) {
    return std::round(value / raster) * raster;
}

struct ControlEvent {
    UtcSeconds time = 0;
    double inlet_setpoint_degC = 0.0;
    double feed_kg_per_h = 0.0;
};

void fill_weather(DryerInputs& in, const sample::LocalClock& clock, std::uint64_t seed,
                  std::size_t hours, const DryerInputProfile& p) {
    RandomStream ambient_rng(seed, sample::dryer_streams::ambient);
    RandomStream humidity_rng(seed, sample::dryer_streams::humidity);
    const HourlyAnomaly ambient_weather(ambient_rng, p.ambient_weather_sd_degC,
                                        p.ambient_weather_correlation_h, hours);
    const HourlyAnomaly humidity_weather(humidity_rng, p.humidity_weather_sd_g_per_kg,
                                         p.humidity_weather_correlation_h, hours);
    const sample::CivilTime start_civil = sample::civil_from_seconds(in.start_utc);
    const double start_day_of_year =
        static_cast<double>(in.start_utc - sample::seconds_from_civil(start_civil.year, 1, 1)) /
        86400.0;
    for (std::size_t i = 0; i < in.steps(); ++i) {
        const UtcSeconds t = in.time_utc(i);
        const double elapsed_h = static_cast<double>(t - in.start_utc) / 3600.0;
        const double day_of_year = start_day_of_year + elapsed_h / 24.0;
        const sample::CivilTime local = sample::civil_from_seconds(clock.to_wall(t));
        const double local_hour = local.hour + local.minute / 60.0 + local.second / 3600.0;

        const double seasonal =
            p.ambient_annual_mean_degC -
            p.ambient_annual_amplitude_degC *
                std::cos(two_pi * (day_of_year - p.ambient_coldest_day_of_year) / 365.25);
        const double weather = ambient_weather.at(elapsed_h);
        in.ambient_temp_degC[i] =
            seasonal +
            p.ambient_daily_amplitude_degC *
                std::cos(two_pi * (local_hour - p.ambient_daily_peak_hour_local) / 24.0) +
            weather;
        const double humidity =
            p.humidity_mean_g_per_kg +
            p.humidity_per_seasonal_degC_g_per_kg * (seasonal - p.humidity_ambient_ref_degC) +
            p.humidity_per_weather_degC_g_per_kg * weather +
            p.humidity_daily_amplitude_g_per_kg *
                std::cos(two_pi * (local_hour - p.humidity_daily_peak_hour_local) / 24.0) +
            humidity_weather.at(elapsed_h);
        in.ambient_humidity_g_per_kg[i] =
            std::clamp(humidity, p.humidity_min_g_per_kg, p.humidity_max_g_per_kg);
    }
}

void fill_feed_tanks(DryerInputs& in, const sample::LocalClock& clock, std::uint64_t seed,
                     UtcSeconds end_utc, const DryerInputProfile& p) {
    RandomStream rng(seed, sample::dryer_streams::feed_tanks);
    int counter = static_cast<int>(rng.uniform_int(100, 899));
    const int yy = sample::civil_from_seconds(clock.to_wall(in.start_utc)).year % 100;
    UtcSeconds t = in.start_utc;
    int tank = 1;
    while (t < end_utc) {
        FeedTank ft;
        ft.start_utc = t;
        ft.id = "FT" + std::to_string(tank) + "-" + std::to_string(yy + 100).substr(1) + "-" +
                std::to_string(10000 + counter).substr(1);
        ++counter;
        tank = 3 - tank;  // two tanks, filled and emptied in turn
        ft.solids_start_pct =
            std::round(rng.uniform(p.tank_solids_min_pct, p.tank_solids_max_pct) * 100.0) / 100.0;
        ft.solids_end_pct = ft.solids_start_pct +
                            rng.uniform(-p.tank_solids_drift_max_pct, p.tank_solids_drift_max_pct);
        in.feed_tanks.push_back(ft);
        const double raster_steps =
            std::round(rng.uniform(p.tank_min_h * 12.0, p.tank_max_h * 12.0));
        t += static_cast<UtcSeconds>(raster_steps) * 300;
    }
    // Linear drift from the switch to the next switch.
    std::size_t k = 0;
    for (std::size_t i = 0; i < in.steps(); ++i) {
        const UtcSeconds now = in.time_utc(i);
        while (k + 1 < in.feed_tanks.size() && in.feed_tanks[k + 1].start_utc <= now) {
            ++k;
        }
        const FeedTank& ft = in.feed_tanks[k];
        const UtcSeconds next = k + 1 < in.feed_tanks.size() ? in.feed_tanks[k + 1].start_utc : t;
        const double f = static_cast<double>(now - ft.start_utc) /
                         static_cast<double>(std::max<UtcSeconds>(next - ft.start_utc, 1));
        in.feed_solids_pct[i] = ft.solids_start_pct + (ft.solids_end_pct - ft.solids_start_pct) * f;
    }
}

void fill_controls(DryerInputs& in, const DryerTruth& truth, std::uint64_t seed, UtcSeconds end_utc,
                   const DryerInputProfile& p) {
    RandomStream rng(seed, sample::dryer_streams::controls);
    auto pick_feed = [&] {
        return std::clamp(
            round_to(rng.uniform(p.feed_min_kg_per_h, p.feed_max_kg_per_h), p.feed_raster_kg_per_h),
            p.feed_min_kg_per_h, p.feed_max_kg_per_h);
    };
    auto rule_inlet = [&](double feed) {
        const double ideal = rule_of_thumb_inlet_setpoint_degC(truth, feed, p);
        return std::clamp(std::round(ideal + rng.normal(0.0, p.operator_inlet_sd_degC)),
                          p.inlet_min_degC, p.inlet_max_degC);
    };
    // A trim that would take the outlet (as the operators estimate it) further than the
    // band from their aim goes the other way: nobody trims a hot dryer hotter.
    auto believed_outlet = [&](double inlet, double feed) {
        return outlet_steady_state_degC(truth, inlet,
                                        water_load_kg_per_h(feed, p.assumed_solids_pct),
                                        p.assumed_humidity_g_per_kg, p.assumed_ambient_degC);
    };
    auto too_far = [&](const ControlEvent& from, const ControlEvent& to) {
        const double before = std::abs(
            believed_outlet(from.inlet_setpoint_degC, from.feed_kg_per_h) - p.outlet_aim_degC);
        const double after =
            std::abs(believed_outlet(to.inlet_setpoint_degC, to.feed_kg_per_h) - p.outlet_aim_degC);
        return after > p.operator_outlet_band_degC && after > before;
    };
    std::vector<ControlEvent> events;
    {
        ControlEvent first;
        first.time = in.start_utc;
        first.feed_kg_per_h = pick_feed();
        first.inlet_setpoint_degC = rule_inlet(first.feed_kg_per_h);
        events.push_back(first);
    }
    const double mean_gap_s = 86400.0 / p.control_changes_per_day;
    double t = static_cast<double>(in.start_utc) + rng.exponential(mean_gap_s);
    while (t < static_cast<double>(end_utc)) {
        ControlEvent ev = events.back();
        ev.time = static_cast<UtcSeconds>(std::floor(t / 60.0)) * 60;  // whole minutes
        const double u = rng.uniform();
        if (u < p.new_rate_probability) {
            ev.feed_kg_per_h = pick_feed();
            ev.inlet_setpoint_degC = rule_inlet(ev.feed_kg_per_h);
        } else if (u < p.new_rate_probability + p.feed_trim_probability) {
            const double size =
                round_to(rng.uniform(p.feed_trim_min_kg_per_h, p.feed_trim_max_kg_per_h),
                         p.feed_raster_kg_per_h);
            double sign = rng.bernoulli(0.5) ? 1.0 : -1.0;
            ev.feed_kg_per_h = std::clamp(ev.feed_kg_per_h + sign * size, p.feed_min_kg_per_h,
                                          p.feed_max_kg_per_h);
            if (too_far(events.back(), ev)) {
                sign = -sign;
                ev.feed_kg_per_h = std::clamp(events.back().feed_kg_per_h + sign * size,
                                              p.feed_min_kg_per_h, p.feed_max_kg_per_h);
            }
        } else {
            const auto max_trim = static_cast<std::int64_t>(p.inlet_trim_max_degC);
            std::int64_t trim = rng.uniform_int(-max_trim, max_trim - 1);
            if (trim >= 0) {
                ++trim;  // never zero: a trim that changes nothing is not logged
            }
            ev.inlet_setpoint_degC = std::clamp(ev.inlet_setpoint_degC + static_cast<double>(trim),
                                                p.inlet_min_degC, p.inlet_max_degC);
            if (too_far(events.back(), ev)) {
                ev.inlet_setpoint_degC =
                    std::clamp(events.back().inlet_setpoint_degC - static_cast<double>(trim),
                               p.inlet_min_degC, p.inlet_max_degC);
            }
        }
        events.push_back(ev);
        t += rng.exponential(mean_gap_s);
    }
    std::size_t e = 0;
    for (std::size_t i = 0; i < in.steps(); ++i) {
        const UtcSeconds now = in.time_utc(i);
        while (e + 1 < events.size() && events[e + 1].time <= now) {
            ++e;
        }
        in.inlet_setpoint_degC[i] = events[e].inlet_setpoint_degC;
        in.feed_rate_kg_per_h[i] = events[e].feed_kg_per_h;
    }
}

void fill_lab_schedule(DryerInputs& in, std::uint64_t seed, UtcSeconds end_utc,
                       const DryerInputProfile& p) {
    RandomStream rng(seed, sample::dryer_streams::lab_schedule);
    const UtcSeconds step_s = static_cast<UtcSeconds>(in.step_minutes) * 60;
    double minute = std::round(rng.uniform(15.0, p.lab_gap_mean_min));
    while (true) {
        // The lab logs the sample at the start of the historian interval it was taken in.
        const UtcSeconds t = in.start_utc + static_cast<UtcSeconds>(minute) * 60;
        const UtcSeconds at_step = in.start_utc + (t - in.start_utc) / step_s * step_s;
        if (at_step >= end_utc) {
            break;
        }
        if (in.lab_sample_utc.empty() || in.lab_sample_utc.back() < at_step) {
            in.lab_sample_utc.push_back(at_step);
        }
        minute += std::round(std::clamp(rng.normal(p.lab_gap_mean_min, p.lab_gap_sd_min),
                                        p.lab_gap_min_min, p.lab_gap_max_min));
    }
}

}  // namespace

double rule_of_thumb_inlet_setpoint_degC(const DryerTruth& truth, double feed_kg_per_h,
                                         const DryerInputProfile& profile) {
    const double without_inlet = outlet_steady_state_degC(
        truth, truth.inlet_ref_degC, water_load_kg_per_h(feed_kg_per_h, profile.assumed_solids_pct),
        profile.assumed_humidity_g_per_kg, profile.assumed_ambient_degC);
    return truth.inlet_ref_degC +
           (profile.outlet_aim_degC - without_inlet) / truth.outlet_gain_inlet_degC_per_degC;
}

DryerInputs generate_dryer_inputs(const DryerTruth& truth, UtcSeconds start_utc, int days,
                                  int step_minutes, std::uint64_t seed,
                                  const DryerInputProfile& profile) {
    if (days < 1) {
        throw UsageError("days must be at least 1");
    }
    if (step_minutes < 1 || step_minutes > 1440) {
        throw UsageError("step minutes must be between 1 and 1440");
    }
    const sample::LocalClock clock(truth.time_zone);

    DryerInputs in;
    in.start_utc = start_utc;
    in.step_minutes = step_minutes;
    const auto n = static_cast<std::size_t>(static_cast<std::int64_t>(days) * 1440 / step_minutes);
    const UtcSeconds end_utc = start_utc + static_cast<UtcSeconds>(days) * 86400;
    for (auto* v : {&in.inlet_setpoint_degC, &in.feed_rate_kg_per_h, &in.feed_solids_pct,
                    &in.ambient_humidity_g_per_kg, &in.ambient_temp_degC}) {
        v->resize(n);
    }
    fill_weather(in, clock, seed, static_cast<std::size_t>(days) * 24, profile);
    fill_feed_tanks(in, clock, seed, end_utc, profile);
    fill_controls(in, truth, seed, end_utc, profile);
    fill_lab_schedule(in, seed, in.time_utc(n), profile);
    return in;
}

nlohmann::json to_json(const DryerInputProfile& p) {
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
        {"mean_g_per_kg", p.humidity_mean_g_per_kg},
        {"ambient_ref_degC", p.humidity_ambient_ref_degC},
        {"per_seasonal_degC_g_per_kg", p.humidity_per_seasonal_degC_g_per_kg},
        {"per_weather_degC_g_per_kg", p.humidity_per_weather_degC_g_per_kg},
        {"daily_amplitude_g_per_kg", p.humidity_daily_amplitude_g_per_kg},
        {"daily_peak_hour_local", p.humidity_daily_peak_hour_local},
        {"weather_sd_g_per_kg", p.humidity_weather_sd_g_per_kg},
        {"weather_correlation_h", p.humidity_weather_correlation_h},
        {"min_g_per_kg", p.humidity_min_g_per_kg},
        {"max_g_per_kg", p.humidity_max_g_per_kg},
    };
    j["feed_tanks"] = {
        {"min_h", p.tank_min_h},
        {"max_h", p.tank_max_h},
        {"solids_min_pct", p.tank_solids_min_pct},
        {"solids_max_pct", p.tank_solids_max_pct},
        {"solids_drift_max_pct", p.tank_solids_drift_max_pct},
    };
    j["operators"] = {
        {"control_changes_per_day", p.control_changes_per_day},
        {"new_rate_probability", p.new_rate_probability},
        {"feed_trim_probability", p.feed_trim_probability},
        {"feed_min_kg_per_h", p.feed_min_kg_per_h},
        {"feed_max_kg_per_h", p.feed_max_kg_per_h},
        {"feed_raster_kg_per_h", p.feed_raster_kg_per_h},
        {"feed_trim_min_kg_per_h", p.feed_trim_min_kg_per_h},
        {"feed_trim_max_kg_per_h", p.feed_trim_max_kg_per_h},
        {"inlet_min_degC", p.inlet_min_degC},
        {"inlet_max_degC", p.inlet_max_degC},
        {"inlet_sd_degC", p.operator_inlet_sd_degC},
        {"inlet_trim_max_degC", p.inlet_trim_max_degC},
        {"outlet_band_degC", p.operator_outlet_band_degC},
        {"outlet_aim_degC", p.outlet_aim_degC},
        {"assumed_solids_pct", p.assumed_solids_pct},
        {"assumed_humidity_g_per_kg", p.assumed_humidity_g_per_kg},
        {"assumed_ambient_degC", p.assumed_ambient_degC},
    };
    j["lab"] = {
        {"gap_mean_min", p.lab_gap_mean_min},
        {"gap_sd_min", p.lab_gap_sd_min},
        {"gap_min_min", p.lab_gap_min_min},
        {"gap_max_min", p.lab_gap_max_min},
    };
    return j;
}

}  // namespace twinbench
