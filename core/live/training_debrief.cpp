#include "live/training_debrief.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "common/utf8_path.h"
#include "live/training_session.h"
#include "sim/kpi_set.h"
#include "sim/kpis.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

SignalFrame steps_from(const SignalFrame& frame, std::size_t first) {
    SignalFrame f = frame;
    const auto cut = [first](auto& v) {
        if (v.size() > first)
            v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first));
        else
            v.clear();
    };
    cut(f.time_s);
    cut(f.local_hour);
    cut(f.weekend);
    cut(f.table_row);
    for (auto& s : f.series) cut(s.values);
    return f;
}

double minutes_into(const TrainingDebrief& d, double t) {
    return (t - d.start_s) / 60.0;
}

std::string clock(const TrainingDebrief& d, double t) {
    return fmt::format("{:>6.1f} min ({})", minutes_into(d, t),
                       format_iso_with_offset(t, d.time_zone));
}

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string figure(double v) {
    return std::isfinite(v) ? fmt::format("{:.5g}", v) : std::string("-");
}

}  // namespace

TrainingDebrief make_training_debrief(const TrainingSession& session) {
    const TrainingPlant& plant = session.plant();
    const TwinStudy& study = session.study();
    TrainingDebrief d;
    d.project_file = utf8_path_string(session.project_path());
    d.dataset = study.dataset.name;
    d.training_dataset = session.training_dataset();
    d.time_zone = study.history.time_zone;
    d.start_s = plant.start_s();
    d.end_s = plant.end_s();
    d.played_until_s =
        plant.steps_played() == 0 ? plant.start_s() : plant.played_until_s() + plant.step_s();
    d.speed = plant.options().speed;
    d.seed = plant.options().seed;
    d.rows = session.rows_appended();
    d.moves = plant.moves();
    d.monitor_note = session.monitor_note();
    d.traces = session.traces();
    for (const auto& f : plant.options().faults)
        d.faults.push_back({f, d.start_s + f.at_min * 60.0, {}, nan});
    std::sort(d.faults.begin(), d.faults.end(),
              [](const DebriefFault& a, const DebriefFault& b) { return a.time_s < b.time_s; });

    // Each alert is put down to the latest fault before it, one on its own signal first.
    for (const auto& e : session.events()) {
        DebriefEvent de{e, "", nan};
        const DebriefFault* cause = nullptr;
        for (const auto& f : d.faults)
            if (f.time_s <= e.time_s &&
                (cause == nullptr || f.fault.signal == e.signal || cause->fault.signal != e.signal))
                cause = &f;
        if (cause != nullptr) {
            de.fault = describe(cause->fault);
            de.after_fault_min = (e.time_s - cause->time_s) / 60.0;
            if (e.type == AlertEventType::alert)
                for (auto& f : d.faults)
                    if (&f == cause && !f.first_alert) {
                        f.first_alert = e.alert_id;
                        f.alert_after_min = de.after_fault_min;
                    }
        }
        d.events.push_back(std::move(de));
    }

    // Consequences: the process from the first fault on, played against held settings.
    d.compared_from_s = d.faults.empty() ? d.start_s : d.faults.front().time_s;
    const auto from_step = static_cast<std::size_t>(
        std::max(0.0, std::round((d.compared_from_s - d.start_s) / plant.step_s())));
    const double all_moves = std::numeric_limits<double>::infinity();
    d.reference =
        d.faults.empty()
            ? "held: the settings of the session's start kept throughout (the twin's undisturbed "
              "response)"
            : fmt::format(
                  "held: the settings as they stood at the first fault ({:.0f} min) kept from "
                  "there "
                  "on, the faults as played (the twin's response to doing nothing); fault-free: "
                  "the same settings without the process faults",
                  minutes_into(d, d.compared_from_s));
    std::vector<KpiDefinition> kpi_definitions = study.kpis;
    std::vector<std::string> known;
    for (const auto& s : study.history.series) known.push_back(s.name);
    for (const auto& o : study.graph.outputs())
        if (std::find(known.begin(), known.end(), o) == known.end()) known.push_back(o);
    const KpiSet kpis(kpi_definitions, known);
    const GraphOutcome played =
        graph_outcome(study, steps_from(plant.process(all_moves, true), from_step), &kpis);
    const GraphOutcome held =
        graph_outcome(study, steps_from(plant.process(d.compared_from_s, true), from_step), &kpis);
    const GraphOutcome clean =
        graph_outcome(study, steps_from(plant.process(d.compared_from_s, false), from_step), &kpis);
    for (const auto& [name, value] : played.outputs) {
        const GraphSignal* g = study.graph.find(name);
        d.outputs.push_back({name, g != nullptr ? g->unit : "", value, held.outputs.at(name),
                             clean.outputs.at(name)});
    }
    for (const auto& [name, value] : played.kpis)
        d.kpis.push_back({name, "", value, held.kpis.at(name), clean.kpis.at(name)});
    if (const auto p = plant.furnace_kpis(all_moves, true, from_step)) {
        const Kpis h = *plant.furnace_kpis(d.compared_from_s, true, from_step);
        const Kpis c = *plant.furnace_kpis(d.compared_from_s, false, from_step);
        for (std::size_t i = 0; i < kpi_keys.size(); ++i)
            d.kpis.push_back(
                {std::string(kpi_keys[i]), "", kpi_value(*p, i), kpi_value(h, i), kpi_value(c, i)});
    }

    // Findings, in sentences.
    for (const auto& f : d.faults) {
        if (f.time_s >= d.played_until_s) {
            d.findings.push_back(fmt::format("{}: not reached (the session stopped at {:.0f} min)",
                                             describe(f.fault), minutes_into(d, d.played_until_s)));
            continue;
        }
        const auto alert =
            std::find_if(d.events.begin(), d.events.end(), [&](const DebriefEvent& e) {
                return f.first_alert && e.event.alert_id == *f.first_alert &&
                       e.event.type == AlertEventType::alert;
            });
        d.findings.push_back(
            alert == d.events.end()
                ? fmt::format("{}: no alert was raised{}", describe(f.fault),
                              d.monitor_note.empty() ? "" : " (" + d.monitor_note + ")")
                : fmt::format("{}: alert '{}' on {} {:.0f} min after the fault", describe(f.fault),
                              alert->event.rule, alert->event.signal, f.alert_after_min));
    }
    for (const auto& m : d.moves) {
        std::string after;
        for (const auto& e : d.events)
            if (e.event.type == AlertEventType::alert && e.event.time_s <= m.time_s)
                after = fmt::format(", {:.0f} min after the alert on {}",
                                    (m.time_s - e.event.time_s) / 60.0, e.event.signal);
        d.findings.push_back(fmt::format("the trainee set {} from {:.4g} to {:.4g} at {:.0f} min{}",
                                         m.control, m.previous, m.value, minutes_into(d, m.time_s),
                                         after));
    }
    if (d.moves.empty() && !d.faults.empty()) d.findings.push_back("the trainee moved no control");
    for (const auto& o : d.outputs) {
        const double change = o.played - o.held;
        if (!std::isfinite(change) || std::abs(change) <= 1e-9 * std::max(1.0, std::abs(o.held)))
            continue;
        d.findings.push_back(fmt::format(
            "{}: {} on average from the first fault on as played, {} with the settings "
            "held ({:+.3g} {}); {} without the faults",
            o.name, figure(o.played), figure(o.held), change, o.unit, figure(o.fault_free)));
    }
    return d;
}

nlohmann::json to_json(const TrainingDebrief& d) {
    nlohmann::json j;
    j["dataset"] = d.dataset;
    j["training_dataset"] = d.training_dataset;
    j["start"] = format_iso_with_offset(d.start_s, d.time_zone);
    j["end"] = format_iso_with_offset(d.end_s, d.time_zone);
    j["played_until"] = format_iso_with_offset(d.played_until_s, d.time_zone);
    j["speed"] = d.speed;
    j["seed"] = d.seed;
    j["rows"] = d.rows;
    j["faults"] = nlohmann::json::array();
    for (const auto& f : d.faults) {
        nlohmann::json x = to_json(f.fault);
        x["time"] = format_iso_with_offset(f.time_s, d.time_zone);
        x["first_alert_id"] =
            f.first_alert ? nlohmann::json(*f.first_alert) : nlohmann::json(nullptr);
        x["alert_after_min"] = number(f.alert_after_min);
        j["faults"].push_back(std::move(x));
    }
    j["events"] = nlohmann::json::array();
    for (const auto& e : d.events) {
        nlohmann::json x = nlohmann::json::parse(alert_event_json_line(e.event, d.time_zone));
        x["minute"] = minutes_into(d, e.event.time_s);
        x["fault"] = e.fault;
        x["after_fault_min"] = number(e.after_fault_min);
        j["events"].push_back(std::move(x));
    }
    j["moves"] = nlohmann::json::array();
    for (const auto& m : d.moves)
        j["moves"].push_back({{"control", m.control},
                              {"time", format_iso_with_offset(m.time_s, d.time_zone)},
                              {"minute", minutes_into(d, m.time_s)},
                              {"from", m.previous},
                              {"to", m.value}});
    j["compared_from"] = format_iso_with_offset(d.compared_from_s, d.time_zone);
    j["reference"] = d.reference;
    const auto outcomes = [](const std::vector<DebriefOutcome>& list) {
        nlohmann::json o = nlohmann::json::object();
        for (const auto& x : list)
            o[x.name] = {{"played", number(x.played)},
                         {"held", number(x.held)},
                         {"fault_free", number(x.fault_free)}};
        return o;
    };
    j["outputs"] = outcomes(d.outputs);
    j["kpis"] = outcomes(d.kpis);
    j["findings"] = d.findings;
    if (!d.monitor_note.empty()) j["note"] = d.monitor_note;
    return j;
}

std::string debrief_text(const TrainingDebrief& d) {
    std::string out =
        fmt::format("Training debrief: {} (played as '{}')\n", d.dataset, d.training_dataset);
    out += fmt::format(
        "Session {} to {}, {:.0f} min played, {} rows, {}, seed {}\n",
        format_iso_with_offset(d.start_s, d.time_zone),
        format_iso_with_offset(d.end_s, d.time_zone), minutes_into(d, d.played_until_s), d.rows,
        d.speed > 0.0 ? fmt::format("{:g}x real time", d.speed) : std::string("as fast as it goes"),
        d.seed);
    if (!d.monitor_note.empty()) out += "Note: " + d.monitor_note + "\n";
    out += "\nTimeline\n";
    struct Line {
        double t;
        std::string text;
    };
    std::vector<Line> lines;
    for (const auto& f : d.faults) lines.push_back({f.time_s, "FAULT   " + describe(f.fault)});
    for (const auto& e : d.events) {
        const bool alert = e.event.type == AlertEventType::alert;
        std::string text = fmt::format("{} {} ({}): {} against {} expected",
                                       alert ? "ALERT  " : "CLEARED", e.event.signal, e.event.rule,
                                       figure(e.event.value), figure(e.event.expected));
        if (std::isfinite(e.after_fault_min))
            text += fmt::format(", {:.0f} min after the fault", e.after_fault_min);
        if (alert && !e.event.protocol.empty()) text += " -- " + e.event.protocol;
        lines.push_back({e.event.time_s, text});
    }
    for (const auto& m : d.moves)
        lines.push_back({m.time_s, fmt::format("MOVE    {}: {:.4g} -> {:.4g}", m.control,
                                               m.previous, m.value)});
    std::stable_sort(lines.begin(), lines.end(),
                     [](const Line& a, const Line& b) { return a.t < b.t; });
    if (lines.empty()) out += "  (nothing happened)\n";
    for (const auto& l : lines) out += fmt::format("  {}  {}\n", clock(d, l.t), l.text);
    out +=
        fmt::format("\nOutcome from {:.0f} min to the end (the process as the twin simulates it)\n",
                    minutes_into(d, d.compared_from_s));
    out += "  " + d.reference + "\n";
    out += fmt::format("  {:<28} {:>12} {:>12} {:>12}\n", "", "played", "held", "fault-free");
    for (const auto* list : {&d.outputs, &d.kpis})
        for (const auto& o : *list)
            out += fmt::format("  {:<28} {:>12} {:>12} {:>12}\n", o.name, figure(o.played),
                               figure(o.held), figure(o.fault_free));
    out += "\nFindings\n";
    for (const auto& f : d.findings) out += "  - " + f + "\n";
    return out;
}

}  // namespace twinbench
