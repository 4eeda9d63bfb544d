#include "live/training_debrief.h"
#include "common/missing_value.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/json_number.h"
#include "common/utf8_path.h"
#include "live/training_session.h"
#include "sim/kpi_set.h"
#include "sim/kpis.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

double minutes_into(const TrainingDebrief& d, double t) {
    return (t - d.start_s) / 60.0;
}

std::string clock(const TrainingDebrief& d, double t) {
    return fmt::format("{:>6.1f} min ({})", minutes_into(d, t),
                       format_iso_with_offset(t, d.time_zone));
}

std::string figure(double v) {
    return std::isfinite(v) ? fmt::format("{:.5g}", v) : std::string("-");
}

}  // namespace

namespace {

std::string amount_of(double change, const std::string& unit) {
    return fmt::format("{:.3g}{}", std::abs(change), unit.empty() ? "" : " " + unit);
}

// The trainee's moves against the best response, in sentences: what it sets, each move's
// direction against it, the share of its gain the moves recovered.
void add_best_response_findings(TrainingDebrief& d, const TwinStudy& study) {
    const BestResponse& best = d.best.response;
    if (!best.found) {
        if (!best.note.empty()) d.findings.push_back("no best response: " + best.note);
        return;
    }
    const std::string goal = fmt::format("{} {}", best.maximize ? "maximising" : "minimising",
                                         best.objective);
    std::string settings;
    for (const auto& [control, value] : best.settings) {
        const std::string unit = best.units.count(control) ? best.units.at(control) : "";
        settings += fmt::format("{}{} {:.4g} -> {:.4g}{}", settings.empty() ? "" : ", ", control,
                                best.held_settings.at(control), value,
                                unit.empty() ? "" : " " + unit);
    }
    d.findings.push_back(fmt::format(
        "the twin's best response for {} ({}) from {:.0f} min on: {}; {} {} against {} with the "
        "settings held{}",
        goal, best.objective_source, minutes_into(d, d.compared_from_s), settings, best.objective,
        figure(best.objective_value), figure(d.best.held_objective),
        best.fixed_controls.empty()
            ? ""
            : fmt::format(" ({} frozen or tripped: not set)",
                          fmt::format("{}", fmt::join(best.fixed_controls, ", ")))));
    std::vector<const ControlMove*> after_fault;
    for (const auto& m : d.moves)
        if (m.time_s >= d.compared_from_s) after_fault.push_back(&m);
    for (const ControlMove* m : after_fault) {
        const auto it = best.settings.find(m->control);
        if (it == best.settings.end()) continue;
        const double wanted = it->second - best.held_settings.at(m->control);
        const double moved = m->value - m->previous;
        const std::string unit = best.units.count(m->control) ? best.units.at(m->control) : "";
        const auto [lo, hi] = best.envelope.count(m->control) ? best.envelope.at(m->control)
                                                               : std::pair{0.0, 0.0};
        // Within a thousandth of the envelope the best response keeps the setting.
        const bool keeps = std::abs(wanted) <= 1e-3 * std::abs(hi - lo);
        d.findings.push_back(fmt::format(
            "{} {} by {} at {:.0f} min; the best response {} from the fault on{}",
            moved > 0.0 ? "the trainee raised" : "the trainee lowered", m->control,
            amount_of(moved, unit), minutes_into(d, m->time_s),
            keeps ? "keeps it"
                  : fmt::format("{} it by {}", wanted > 0.0 ? "raises" : "lowers",
                                amount_of(wanted, unit)),
            keeps ? "" : (moved * wanted > 0.0 ? " (the same way)" : " (the other way)")));
    }
    const double share = d.best.recovered_share;
    if (!std::isfinite(share)) {
        d.findings.push_back(fmt::format(
            "the best response gains nothing over holding the settings on {} ({} held, {} best): "
            "doing nothing was the twin's best",
            best.objective, figure(d.best.held_objective), figure(best.objective_value)));
        return;
    }
    std::string who = "doing nothing";
    if (after_fault.size() == 1) {
        const ControlMove& m = *after_fault.front();
        const GraphSignal* g = study.graph.find(m.control);
        who = fmt::format("{} {} by {}", m.value > m.previous ? "raising" : "lowering", m.control,
                          amount_of(m.value - m.previous, g != nullptr ? g->unit : ""));
    } else if (after_fault.size() > 1) {
        who = fmt::format("the trainee's {} moves", after_fault.size());
    }
    d.findings.push_back(fmt::format(
        "{} recovered {:.0f} % of what the best response would have on {} (played {}, held {}, "
        "best {}){}",
        who, 100.0 * share, best.objective, figure(d.best.played_objective),
        figure(d.best.held_objective), figure(best.objective_value),
        share < 0.0 ? ": worse than doing nothing" : ""));
}

TrainingDebrief debrief_of(const TrainingPlant& plant, const TrainingObjective& objective,
                           const std::vector<AlertEvent>& events, const std::string& monitor_note) {
    const TwinStudy& study = plant.study();
    TrainingDebrief d;
    d.dataset = study.dataset.name;
    d.time_zone = study.history.time_zone;
    d.start_s = plant.start_s();
    d.end_s = plant.end_s();
    d.played_until_s =
        plant.steps_played() == 0 ? plant.start_s() : plant.played_until_s() + plant.step_s();
    d.speed = plant.options().speed;
    d.seed = plant.options().seed;
    d.moves = plant.moves();
    d.monitor_note = monitor_note;
    for (const auto& f : plant.options().faults)
        d.faults.push_back({f, d.start_s + f.at_min * 60.0, {}, nan});
    std::sort(d.faults.begin(), d.faults.end(),
              [](const DebriefFault& a, const DebriefFault& b) { return a.time_s < b.time_s; });

    // Each alert is put down to the latest fault before it, one on its own signal first.
    for (const auto& e : events) {
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
    d.best.response = find_best_response(plant, objective, d.compared_from_s);
    const BestResponse& best = d.best.response;
    // The default objective's KPI is scored for every outcome, so its column compares them.
    std::vector<KpiDefinition> kpi_definitions = study.kpis;
    if (best.objective_kpi) kpi_definitions.push_back(*best.objective_kpi);
    std::vector<std::string> known;
    for (const auto& s : study.history.series) known.push_back(s.name);
    for (const auto& o : study.graph.outputs())
        if (std::find(known.begin(), known.end(), o) == known.end()) known.push_back(o);
    const KpiSet kpis(kpi_definitions, known);
    const GraphOutcome played =
        graph_outcome(study, frame_from_step(plant.process(all_moves, true), from_step), &kpis);
    const GraphOutcome held =
        graph_outcome(study, frame_from_step(plant.process(d.compared_from_s, true), from_step), &kpis);
    const GraphOutcome clean =
        graph_outcome(study, frame_from_step(plant.process(d.compared_from_s, false), from_step), &kpis);
    const auto best_of = [&](const std::map<std::string, double>& figures, const std::string& name) {
        const auto it = figures.find(name);
        return best.found && it != figures.end() ? it->second : nan;
    };
    for (const auto& [name, value] : played.outputs) {
        const GraphSignal* g = study.graph.find(name);
        d.outputs.push_back({name, g != nullptr ? g->unit : "", value, held.outputs.at(name),
                             clean.outputs.at(name), best_of(best.outcome.outputs, name)});
    }
    for (const auto& [name, value] : played.kpis)
        d.kpis.push_back({name, "", value, held.kpis.at(name), clean.kpis.at(name),
                          best_of(best.outcome.kpis, name)});
    if (const auto p = plant.furnace_kpis(all_moves, true, from_step)) {
        const Kpis h = *plant.furnace_kpis(d.compared_from_s, true, from_step);
        const Kpis c = *plant.furnace_kpis(d.compared_from_s, false, from_step);
        std::optional<Kpis> b;
        if (best.found)
            b = plant.furnace_kpis(d.compared_from_s, true, from_step, best.settings,
                                   d.compared_from_s);
        for (std::size_t i = 0; i < kpi_keys.size(); ++i)
            d.kpis.push_back({std::string(kpi_keys[i]), "", kpi_value(*p, i), kpi_value(h, i),
                              kpi_value(c, i), b ? kpi_value(*b, i) : nan});
    }
    if (best.found) {
        d.best.played_objective = outcome_figure(played, best.objective);
        d.best.held_objective = outcome_figure(held, best.objective);
        const double better = best.maximize ? -1.0 : 1.0;
        const double gain = better * (d.best.held_objective - best.objective_value);
        if (gain > 1e-9 * std::max(1.0, std::abs(d.best.held_objective)))
            d.best.recovered_share =
                better * (d.best.held_objective - d.best.played_objective) / gain;
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
    add_best_response_findings(d, study);
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

}  // namespace

TrainingDebrief make_training_debrief(const TrainingSession& session) {
    TrainingDebrief d = debrief_of(session.plant(), session.objective(), session.events(),
                                   session.monitor_note());
    d.project_file = utf8_path_string(session.project_path());
    d.training_dataset = session.training_dataset();
    d.rows = session.rows_appended();
    d.traces = session.traces();
    return d;
}

TrainingDebrief make_training_debrief(const TrainingPlant& plant,
                                      const TrainingObjective& objective) {
    return debrief_of(plant, objective, {},
                      "played without the twin alongside: no alerts were watched");
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
        x["alert_after_min"] = json_number(f.alert_after_min);
        j["faults"].push_back(std::move(x));
    }
    j["events"] = nlohmann::json::array();
    for (const auto& e : d.events) {
        nlohmann::json x = nlohmann::json::parse(alert_event_json_line(e.event, d.time_zone));
        x["minute"] = minutes_into(d, e.event.time_s);
        x["fault"] = e.fault;
        x["after_fault_min"] = json_number(e.after_fault_min);
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
            o[x.name] = {{"played", json_number(x.played)},
                         {"held", json_number(x.held)},
                         {"fault_free", json_number(x.fault_free)},
                         {"best", json_number(x.best)}};
        return o;
    };
    j["outputs"] = outcomes(d.outputs);
    j["kpis"] = outcomes(d.kpis);
    const BestResponse& b = d.best.response;
    nlohmann::json best = {{"found", b.found},
                           {"objective", b.objective},
                           {"maximize", b.maximize},
                           {"objective_source", b.objective_source},
                           {"from", format_iso_with_offset(d.compared_from_s, d.time_zone)},
                           {"settings", nlohmann::json::object()},
                           {"fixed_controls", b.fixed_controls},
                           {"objective_value", json_number(b.objective_value)},
                           {"played_objective", json_number(d.best.played_objective)},
                           {"held_objective", json_number(d.best.held_objective)},
                           {"recovered_share", json_number(d.best.recovered_share)},
                           {"constraints_met", b.constraints_met},
                           {"evaluations", b.evaluations},
                           {"note", b.note}};
    for (const auto& [control, value] : b.settings)
        best["settings"][control] = {
            {"value", value},
            {"held", b.held_settings.at(control)},
            {"unit", b.units.count(control) ? b.units.at(control) : ""},
            {"envelope", {json_number(b.envelope.count(control) ? b.envelope.at(control).first : nan),
                          json_number(b.envelope.count(control) ? b.envelope.at(control).second : nan)}}};
    j["best"] = std::move(best);
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
    const BestResponse& b = d.best.response;
    if (b.found) {
        out += fmt::format("  best: the twin's best response, {} {} ({}):", b.maximize ? "maximising" : "minimising",
                           b.objective, b.objective_source);
        for (const auto& [control, value] : b.settings)
            out += fmt::format(" {} {:.4g}{} (held {:.4g}, envelope {:.4g} to {:.4g});", control, value,
                               b.units.count(control) && !b.units.at(control).empty()
                                   ? " " + b.units.at(control)
                                   : "",
                               b.held_settings.at(control), b.envelope.count(control) ? b.envelope.at(control).first : nan,
                               b.envelope.count(control) ? b.envelope.at(control).second : nan);
        out.back() = '\n';
        if (!b.fixed_controls.empty())
            out += fmt::format("  not set (frozen or tripped): {}\n", fmt::join(b.fixed_controls, ", "));
    } else {
        out += "  best: none (" + b.note + ")\n";
    }
    out += fmt::format("  {:<28} {:>12} {:>12} {:>12} {:>12}\n", "", "played", "held", "fault-free", "best");
    for (const auto* list : {&d.outputs, &d.kpis})
        for (const auto& o : *list)
            out += fmt::format("  {:<28} {:>12} {:>12} {:>12} {:>12}\n", o.name, figure(o.played),
                               figure(o.held), figure(o.fault_free), figure(o.best));
    out += "\nFindings\n";
    for (const auto& f : d.findings) out += "  - " + f + "\n";
    return out;
}

}  // namespace twinbench
