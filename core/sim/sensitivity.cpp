#include "sim/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "sim/parallel_jobs.h"
#include "sim/setpoint_sweep.h"
#include "sim/simulator.h"

namespace twinbench {

double current_control_value(const SimulationInputs& in, Control control) {
    const auto mean = [](const std::vector<double>& v) {
        return v.empty() ? NAN
                         : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    };
    switch (control) {
        case Control::speed:
            return mean(in.speed_m_per_min);
        case Control::setpoint:
            return mean(in.setpoint_degC);
        case Control::maintenance_interval:
            return in.maintenance_interval_running_min / 60.0;
        case Control::check_interval:
            return in.check_interval_h;
        case Control::material:
        case Control::signal:
            break;
    }
    throw std::invalid_argument("the material mix and graph controls have no single furnace value to profile");
}

void set_control(SimulationInputs& in, Control control, double value) {
    switch (control) {
        case Control::speed:
            std::fill(in.speed_m_per_min.begin(), in.speed_m_per_min.end(), value);
            return;
        case Control::setpoint:
            std::fill(in.setpoint_degC.begin(), in.setpoint_degC.end(), value);
            return;
        case Control::maintenance_interval:
            in.maintenance_interval_running_min = value * 60.0;
            return;
        case Control::check_interval:
            in.check_interval_h = value;
            return;
        case Control::material:
        case Control::signal:
            break;
    }
    throw std::invalid_argument("the material mix has no single value to set");
}

std::vector<ProfileTrace> profile_traces(const PlantTwin& twin, const SimulationInputs& inputs,
                                         const std::vector<ProfileAxis>& axes, int points,
                                         int threads) {
    points = std::max(points, 2);
    std::vector<ProfileTrace> traces(axes.size());
    for (std::size_t a = 0; a < axes.size(); ++a) {
        traces[a].axis = axes[a];
        traces[a].x.resize(static_cast<std::size_t>(points));
        traces[a].kpis.resize(static_cast<std::size_t>(points));
        for (int p = 0; p < points; ++p)
            traces[a].x[static_cast<std::size_t>(p)] =
                axes[a].low + (axes[a].high - axes[a].low) * p / double(points - 1);
    }
    // The setpoint column needs the step-by-step state pass only once (setpoint_sweep.h).
    std::vector<std::unique_ptr<SetpointSweep>> sweeps(axes.size());
    for (std::size_t a = 0; a < axes.size(); ++a)
        if (axes[a].control == Control::setpoint)
            sweeps[a] = std::make_unique<SetpointSweep>(twin, inputs);
    const int jobs = static_cast<int>(axes.size()) * points;
    // One copy of the inputs per thread; only one control changes.
    run_parallel_jobs(jobs, threads, [&] {
        return [&, work = inputs, last_axis = -1](int j) mutable {
            const int a = j / points, p = j % points;
            auto& t = traces[static_cast<std::size_t>(a)];
            if (const auto& sweep = sweeps[static_cast<std::size_t>(a)]) {
                t.kpis[static_cast<std::size_t>(p)] = sweep->at(t.x[static_cast<std::size_t>(p)]);
                return;
            }
            if (a != last_axis) {
                if (last_axis >= 0) {
                    // Restore the control the previous axis moved (the setpoint column
                    // never gets here: it is swept).
                    const auto c = axes[static_cast<std::size_t>(last_axis)].control;
                    if (c == Control::speed)
                        work.speed_m_per_min = inputs.speed_m_per_min;
                    else
                        work.maintenance_interval_running_min =
                            inputs.maintenance_interval_running_min;
                }
                last_axis = a;
            }
            set_control(work, t.axis.control, t.x[static_cast<std::size_t>(p)]);
            t.kpis[static_cast<std::size_t>(p)] = simulate(twin, work).kpis;
        };
    });
    return traces;
}

std::vector<Kpis> speed_setpoint_map(const PlantTwin& twin, const SimulationInputs& inputs,
                                     const std::vector<double>& speeds_m_per_min,
                                     const std::vector<double>& setpoints_degC, int threads) {
    const std::size_t columns = speeds_m_per_min.size();
    std::vector<Kpis> map(columns * setpoints_degC.size());
    run_parallel_jobs(static_cast<int>(columns), threads, [&] {
        return [&, work = inputs](int column) mutable {
            const auto c = static_cast<std::size_t>(column);
            set_control(work, Control::speed, speeds_m_per_min[c]);
            const SetpointSweep sweep(twin, work);
            for (std::size_t row = 0; row < setpoints_degC.size(); ++row)
                map[row * columns + c] = sweep.at(setpoints_degC[row]);
        };
    });
    return map;
}

std::vector<TornadoBar> tornado(const PlantTwin& twin, const SimulationInputs& inputs,
                                const std::vector<Control>& controls, double percent) {
    std::vector<TornadoBar> out;
    for (Control c : controls) {
        const double v = current_control_value(inputs, c);
        if (!std::isfinite(v)) continue;
        TornadoBar bar;
        bar.control = c;
        SimulationInputs work = inputs;
        set_control(work, c, v * (1.0 - percent / 100.0));
        bar.low = simulate(twin, work).kpis;
        work = inputs;
        set_control(work, c, v * (1.0 + percent / 100.0));
        bar.high = simulate(twin, work).kpis;
        out.push_back(bar);
    }
    return out;
}

}  // namespace twinbench
