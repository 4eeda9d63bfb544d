#include "sim/graph_scenario.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"

namespace twinbench {
namespace {

std::string control_list(const ProcessGraph& graph, const std::vector<std::string>& furnace_controls) {
    std::vector<std::string> names = furnace_controls;
    for (const auto& c : graph.controls())
        if (std::find(names.begin(), names.end(), c) == names.end()) names.push_back(c);
    if (names.empty()) return "none (give a column the role control first)";
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + (n.find(' ') == std::string::npos ? n : "'" + n + "'");
    return out;
}

bool in_daily_window(const ControlChange& c, double local_hour) {
    if (c.from_min < 0) return true;
    const double minute = local_hour * 60.0;
    if (c.from_min < c.to_min) return minute >= c.from_min && minute < c.to_min;
    if (c.from_min > c.to_min) return minute >= c.from_min || minute < c.to_min;
    return false;
}

}  // namespace

void check_scenario_controls(const Scenario& scenario, const ProcessGraph& graph,
                             const std::vector<std::string>& furnace_controls) {
    for (const auto& c : scenario.changes) {
        const std::string name = control_name(c);
        const GraphSignal* s = graph.find(name);
        const bool furnace = c.control != Control::signal &&
                             std::find(furnace_controls.begin(), furnace_controls.end(), name) != furnace_controls.end();
        if (furnace || (c.control == Control::signal && s != nullptr && s->kind == SignalKind::control)) continue;
        if (s != nullptr)
            throw UsageError(fmt::format("'{}' is {} {}, not a control; the controls are {}", name,
                                         s->kind == SignalKind::output ? "an" : "a", signal_kind_name(s->kind),
                                         control_list(graph, furnace_controls)));
        throw UsageError(fmt::format("'{}' is not a control; the controls are {}", name,
                                     control_list(graph, furnace_controls)));
    }
}

void apply_graph_scenario(const Scenario& scenario, const ProcessGraph& graph, SignalFrame& frame) {
    for (const auto& c : scenario.changes) {
        if (c.control != Control::signal) continue;
        const GraphSignal* g = graph.find(c.signal);
        if (g == nullptr || g->kind != SignalKind::control)
            throw UsageError(fmt::format("'{}' is not a control; the controls are {}", c.signal, control_list(graph, {})));
        FrameSignal& s = frame.at(c.signal);
        if (c.from_min >= 0 && frame.local_hour.size() != frame.steps())
            throw UsageError(fmt::format("--set {}: a daily window needs data with a time axis", c.signal));
        if (s.categorical()) {
            if (c.level.empty())
                throw UsageError(fmt::format("'{}' is categorical: set it to one of its levels ({})", c.signal,
                                             fmt::join(s.levels, ", ")));
            const int code = s.level_code(c.level);
            if (code < 0)
                throw UsageError(fmt::format("'{}' has no level '{}' (levels: {})", c.signal, c.level,
                                             fmt::join(s.levels, ", ")));
            for (std::size_t k = 0; k < frame.steps(); ++k)
                if (in_daily_window(c, c.from_min < 0 ? 0.0 : frame.local_hour[k])) s.values[k] = code;
            continue;
        }
        if (!c.level.empty())
            throw UsageError(fmt::format("--set {}={}: '{}' is numeric; give a number, +DELTA or +P%", c.signal, c.level,
                                         c.signal));
        for (std::size_t k = 0; k < frame.steps(); ++k) {
            if (!in_daily_window(c, c.from_min < 0 ? 0.0 : frame.local_hour[k])) continue;
            double& v = s.values[k];
            switch (c.op) {
                case ChangeOp::set: v = c.value; break;
                case ChangeOp::add: v += c.value; break;
                case ChangeOp::percent: v *= 1.0 + c.value / 100.0; break;
            }
        }
    }
}

}  // namespace twinbench
