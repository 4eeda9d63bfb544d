#include "report/training_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/utf8_path.h"
#include "report/file_hash.h"
#include "report/number_format.h"

namespace twinbench::report {
namespace {

std::string minutes(const TrainingDebrief& d, double t) {
    return fmt::format("{:.0f}", (t - d.start_s) / 60.0);
}

Chart trace_chart(const TrainingDebrief& d, const TrainingTrace& trace) {
    Chart c;
    c.title = trace.name;
    c.caption = fmt::format(
        "{} as the instrument read it, the twin alongside's expectation and its band "
        "(3 sd); dashed: the faults, grey: the trainee's moves.",
        trace.name);
    c.x = {"Time", "", true, d.time_zone};
    c.y = {trace.name, trace.unit, false, ""};
    ChartSeries measured{"measured", SeriesKind::line, {}, {}, {}, 0};
    ChartSeries expected{"twin expects", SeriesKind::line, {}, {}, {}, 1};
    ChartSeries band{"band (3 sd)", SeriesKind::band, {}, {}, {}, 1};
    for (std::size_t k = 0; k < trace.time_s.size(); ++k) {
        if (std::isfinite(trace.measured[k])) {
            measured.x.push_back(trace.time_s[k]);
            measured.y.push_back(trace.measured[k]);
        }
        if (std::isfinite(trace.expected[k])) {
            expected.x.push_back(trace.time_s[k]);
            expected.y.push_back(trace.expected[k]);
            if (std::isfinite(trace.band_sd[k])) {
                band.x.push_back(trace.time_s[k]);
                band.y.push_back(trace.expected[k] - 3.0 * trace.band_sd[k]);
                band.y_high.push_back(trace.expected[k] + 3.0 * trace.band_sd[k]);
            }
        }
    }
    // A sparse output (a lab value every few hours) reads as points, not a line.
    if (measured.x.size() * 4 < trace.time_s.size()) measured.kind = SeriesKind::points;
    if (!band.x.empty()) c.series.push_back(std::move(band));
    c.series.push_back(std::move(expected));
    c.series.push_back(std::move(measured));
    for (const auto& f : d.faults)
        c.lines.push_back({std::string(fault_kind_name(f.fault.kind)) + " " + f.fault.signal,
                           f.time_s, true, true});
    for (const auto& m : d.moves) c.lines.push_back({m.control, m.time_s, true, false});
    return c;
}

}  // namespace

ReportDocument training_debrief_report(const TrainingDebrief& d) {
    ReportDocument doc;
    doc.title.title = "Training session debrief";
    doc.title.project =
        d.project_file.empty() ? "" : utf8_path_string(path_from_utf8(d.project_file).filename());
    doc.title.dataset = d.dataset;
    doc.title.date = format_iso_with_offset(d.start_s, d.time_zone).substr(0, 10);
    doc.title.question =
        "What happened in the session, what did the twin alongside raise, and what did the "
        "trainee's moves do against holding the settings and against the twin's best response?";
    doc.title.twinbench_version = TWINBENCH_VERSION;

    Section session{"1", "Session", 1, "session", {}};
    KeyValueTable facts{"The session", {}};
    facts.rows.emplace_back("Plant dataset", d.dataset);
    facts.rows.emplace_back("Played into", d.training_dataset);
    facts.rows.emplace_back("From", format_iso_with_offset(d.start_s, d.time_zone));
    facts.rows.emplace_back("To", format_iso_with_offset(d.end_s, d.time_zone));
    facts.rows.emplace_back("Played", Cell(fmt::format("{} min", minutes(d, d.played_until_s)),
                                           (d.played_until_s - d.start_s) / 60.0));
    facts.rows.emplace_back(
        "Pace", d.speed > 0.0 ? fmt::format("{:g}x real time", d.speed) : "as fast as it goes");
    facts.rows.emplace_back("Rows", Cell(fmt::format("{}", d.rows), static_cast<double>(d.rows)));
    facts.rows.emplace_back("Noise seed",
                            Cell(fmt::format("{}", d.seed), static_cast<double>(d.seed)));
    session.blocks.emplace_back(std::move(facts));
    if (!d.monitor_note.empty())
        session.blocks.emplace_back(Paragraph{d.monitor_note, ParagraphStyle::warning});
    doc.sections.push_back(std::move(session));

    Section timeline{"2", "Timeline", 1, "timeline", {}};
    DataTable events{"Faults, alerts and moves in time order",
                     {"Minute", "Time", "What", "Detail"},
                     {},
                     Sheet::none,
                     {}};
    struct Row {
        double t;
        std::vector<Cell> cells;
    };
    std::vector<Row> rows;
    for (const auto& f : d.faults)
        rows.push_back({f.time_s,
                        {minutes(d, f.time_s), format_iso_with_offset(f.time_s, d.time_zone),
                         "Fault", describe(f.fault)}});
    for (const auto& e : d.events) {
        std::string detail =
            fmt::format("{}: {} against {} expected", e.event.signal,
                        format_significant(e.event.value), format_significant(e.event.expected));
        if (std::isfinite(e.after_fault_min))
            detail += fmt::format(", {:.0f} min after the fault", e.after_fault_min);
        rows.push_back(
            {e.event.time_s,
             {minutes(d, e.event.time_s), format_iso_with_offset(e.event.time_s, d.time_zone),
              e.event.type == AlertEventType::alert ? "Alert" : "Cleared", detail}});
    }
    for (const auto& m : d.moves)
        rows.push_back(
            {m.time_s,
             {minutes(d, m.time_s), format_iso_with_offset(m.time_s, d.time_zone), "Move",
              fmt::format("{}: {} -> {}", m.control, format_significant(m.previous),
                          format_significant(m.value))}});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.t < b.t; });
    for (auto& r : rows) events.rows.push_back(std::move(r.cells));
    if (events.rows.empty())
        timeline.blocks.emplace_back(Paragraph{"Nothing happened: no fault, alert or move."});
    else
        timeline.blocks.emplace_back(std::move(events));
    doc.sections.push_back(std::move(timeline));

    Section outcome{"3", "Outcome", 1, "outcome", {}};
    outcome.blocks.emplace_back(
        Paragraph{fmt::format("Means from minute {} to the end, the process as the twin "
                              "simulates it (not the instruments). {}.",
                              minutes(d, d.compared_from_s), d.reference)});
    const BestResponse& best = d.best.response;
    outcome.blocks.emplace_back(Paragraph{
        best.found
            ? fmt::format("Best: the twin's best response from minute {} on, the controls set by "
                          "the optimiser within their envelopes (the data's range) for {} {}, "
                          "{}; the faults as played.{}",
                          minutes(d, d.compared_from_s),
                          best.maximize ? "maximising" : "minimising", best.objective,
                          best.objective_source,
                          best.fixed_controls.empty()
                              ? ""
                              : " Frozen or tripped, not set: " +
                                    fmt::format("{}", fmt::join(best.fixed_controls, ", ")) + ".")
            : "No best response: " + best.note + "."});
    DataTable table{"Played against the settings held and the twin's best response",
                    {"Output or KPI", "Played", "Held", "Fault-free", "Best"},
                    {},
                    Sheet::kpis,
                    {}};
    for (const auto* list : {&d.outputs, &d.kpis})
        for (const auto& o : *list)
            table.rows.push_back({o.unit.empty() ? o.name : fmt::format("{} [{}]", o.name, o.unit),
                                  significant_cell(o.played), significant_cell(o.held),
                                  significant_cell(o.fault_free), significant_cell(o.best)});
    outcome.blocks.emplace_back(std::move(table));
    if (best.found) {
        DataTable settings{"The best response's settings",
                           {"Control", "Held", "Best", "Envelope from", "Envelope to"},
                           {},
                           Sheet::none,
                           {}};
        for (const auto& [control, value] : best.settings) {
            const std::string unit = best.units.count(control) ? best.units.at(control) : "";
            const auto env = best.envelope.count(control)
                                 ? best.envelope.at(control)
                                 : std::pair{std::nan(""), std::nan("")};
            settings.rows.push_back(
                {unit.empty() ? control : fmt::format("{} [{}]", control, unit),
                 significant_cell(best.held_settings.at(control)), significant_cell(value),
                 significant_cell(env.first), significant_cell(env.second)});
        }
        outcome.blocks.emplace_back(std::move(settings));
    }
    doc.sections.push_back(std::move(outcome));

    Section findings{"4", "Findings", 1, "findings", {}};
    for (const auto& f : d.findings) findings.blocks.emplace_back(Paragraph{f});
    doc.sections.push_back(std::move(findings));

    Section charts{"5", "What the trainee saw", 1, "charts", {}};
    for (const auto& trace : d.traces)
        if (std::count_if(trace.measured.begin(), trace.measured.end(),
                          [](double v) { return std::isfinite(v); }) > 1)
            charts.blocks.emplace_back(trace_chart(d, trace));
    if (!charts.blocks.empty()) doc.sections.push_back(std::move(charts));

    Section appendix{
        std::to_string(doc.sections.size() + 1), "Appendix: reproducibility", 1, "appendix", {}};
    KeyValueTable repro{"To play the session again", {}};
    if (!d.project_file.empty()) {
        repro.rows.emplace_back("Project file", d.project_file);
        repro.rows.emplace_back("SHA-256 (when this report was written)",
                                sha256_file(path_from_utf8(d.project_file)));
    }
    repro.rows.emplace_back("Training dataset", d.training_dataset);
    repro.rows.emplace_back("Noise seed",
                            Cell(fmt::format("{}", d.seed), static_cast<double>(d.seed)));
    std::string faults;
    for (const auto& f : d.faults)
        faults += fmt::format("{}--fault '{}:{}{}@{:g}'", faults.empty() ? "" : " ",
                              fault_kind_name(f.fault.kind), f.fault.signal,
                              !f.fault.level.empty()         ? "=" + f.fault.level
                              : std::isfinite(f.fault.value) ? fmt::format("={:g}", f.fault.value)
                                                             : std::string(),
                              f.fault.at_min);
    if (!faults.empty()) repro.rows.emplace_back("Faults (twinbench-cli train)", faults);
    appendix.blocks.emplace_back(std::move(repro));
    doc.sections.push_back(std::move(appendix));
    return doc;
}

}  // namespace twinbench::report
