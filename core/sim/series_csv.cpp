#include "sim/series_csv.h"

#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/time_format.h"

namespace twinbench {
namespace {

std::string cell(double v) {
    return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string{};
}

const char* state_text(SimulatedState s) {
    switch (s) {
        case SimulatedState::running:
            return "running";
        case SimulatedState::stopped:
            return "stopped";
        case SimulatedState::maintenance:
            return "maintenance";
    }
    return "";
}

}  // namespace

void write_series_csv(const std::string& path, const WhatIfResult& r,
                      const std::string& time_zone) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw ProjectError(
            fmt::format("{}: cannot write the CSV file; check the folder and permissions", path));
    const auto& b = r.baseline.series;
    const auto& s = r.result.series;
    const auto& in = r.scenario_inputs;
    out << "time_local,time_utc";
    for (const char* who : {"baseline", "scenario"})
        out << fmt::format(
            ",{0} setpoint [°C],{0} speed [m/min],{0} furnace [°C],{0} core [°C],{0} defect "
            "probability,"
            "{0} produced [parts],{0} scrap [parts],{0} energy [kWh],{0} cost,{0} wear [%],{0} "
            "state",
            who);
    out << '\n';
    for (std::size_t i = 0; i < in.steps(); ++i) {
        out << format_local(in.time_s[i], time_zone) << ',' << format_utc_iso(in.time_s[i]);
        const auto row = [&](const SimulationSeries& x, const SimulationInputs& xin) {
            out << ',' << cell(x.setpoint_degC[i]) << ',' << cell(xin.speed_m_per_min[i]) << ','
                << cell(x.furnace_degC[i]) << ',' << cell(x.core_degC[i]) << ','
                << cell(x.defect_probability[i]) << ',' << cell(x.produced[i]) << ','
                << cell(x.scrap[i]) << ',' << cell(x.energy_kwh[i]) << ',' << cell(x.cost[i]) << ','
                << cell(x.wear_pct[i]) << ',' << state_text(x.state[i]);
        };
        row(b, r.window.inputs);
        row(s, in);
        out << '\n';
    }
    if (!out) throw ProjectError(fmt::format("{}: writing the CSV failed (disk full?)", path));
}

}  // namespace twinbench
