#include "sim/series_csv.h"

#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "common/csv_field.h"
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

std::string signal_cell(const FrameSignal& s, std::size_t k) {
    if (k >= s.values.size()) return {};
    if (!s.categorical()) return cell(s.values[k]);
    const double code = s.values[k];
    if (!(code >= 0.0) || code >= static_cast<double>(s.levels.size())) return {};
    return csv_field(s.levels[static_cast<std::size_t>(code)]);
}

std::ofstream open_csv(const std::string& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw ProjectError(
            fmt::format("{}: cannot write the CSV file; check the folder and permissions", path));
    return out;
}

}  // namespace

void write_series_csv(const std::string& path, const TwinWhatIfResult& r, const std::string& time_zone) {
    std::ofstream out = open_csv(path);
    const SignalFrame& base = r.baseline.frame;
    const SignalFrame& changed = r.result.frame;
    const bool timed = base.has_time();
    out << (timed ? "time_local,time_utc" : "row");
    for (const auto* frame : {&base, &changed})
        for (const FrameSignal& s : frame->series)
            out << ',' << csv_field(fmt::format("{} {}{}", frame == &base ? "baseline" : "scenario", s.name,
                                                  s.unit.empty() ? std::string() : " [" + s.unit + "]"));
    out << '\n';
    for (std::size_t k = 0; k < base.steps(); ++k) {
        if (timed) out << format_local(base.time_s[k], time_zone) << ',' << format_utc_iso(base.time_s[k]);
        else out << k + 1;
        for (const auto* frame : {&base, &changed})
            for (const FrameSignal& s : frame->series) out << ',' << signal_cell(s, k);
        out << '\n';
    }
    if (!out) throw ProjectError(fmt::format("{}: writing the CSV failed (disk full?)", path));
}

void write_series_csv(const std::string& path, const WhatIfResult& r,
                      const std::string& time_zone) {
    std::ofstream out = open_csv(path);
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
