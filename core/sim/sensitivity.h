// Sensitivity of every KPI to every control around the current point: one-factor profile
// traces (the data behind JMP-style linked profilers: each KPI along each control with the
// others held) and a tornado (each control moved +-x %). Computed by re-simulating the
// whole horizon for every point, spread over the cores, so that the what-if page can
// redraw the profiler grid within a frame while a slider moves.
#pragma once

#include <vector>

#include "sim/kpis.h"
#include "sim/plant_twin.h"
#include "sim/scenario.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

struct ProfileAxis {
    Control control = Control::speed;  // speed, setpoint or maintenance_interval (running hours)
    double low = 0.0, high = 0.0;
};

struct ProfileTrace {
    ProfileAxis axis;
    std::vector<double> x;
    std::vector<Kpis> kpis;  // one per x
};

// The control's value in the inputs (its mean over the horizon; NaN interval = none).
double current_control_value(const SimulationInputs& inputs, Control control);
// Sets a control to one value over the whole horizon.
void set_control(SimulationInputs& inputs, Control control, double value);

// points per axis, evenly from low to high. threads 0 = all cores.
std::vector<ProfileTrace> profile_traces(const PlantTwin& twin, const SimulationInputs& inputs,
                                         const std::vector<ProfileAxis>& axes, int points,
                                         int threads = 0);

// KPIs over a grid of constant speeds x constant setpoints, everything else as in the
// inputs (the two-factor contour profiler's data): row-major, setpoint rows and speed
// columns. One step-by-step state pass per speed (setpoint_sweep.h). threads 0 = all cores.
std::vector<Kpis> speed_setpoint_map(const PlantTwin& twin, const SimulationInputs& inputs,
                                     const std::vector<double>& speeds_m_per_min,
                                     const std::vector<double>& setpoints_degC, int threads = 0);

struct TornadoBar {
    Control control = Control::speed;
    Kpis low, high;  // at -x % and +x %
};
std::vector<TornadoBar> tornado(const PlantTwin& twin, const SimulationInputs& inputs,
                                const std::vector<Control>& controls, double percent);

}  // namespace twinbench
