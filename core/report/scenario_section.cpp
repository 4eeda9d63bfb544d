#include "report/scenario_section.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/time_format.h"
#include "report/number_format.h"

namespace twinbench::report {
namespace {

std::string trust_text(const std::string& level) {
    if (level == "trusted") return "trusted";
    if (level == "caution") return "use with care";
    if (level == "not_trusted") return "not trusted";
    return level;
}

// P10/P90 columns only when some KPI has them (Monte Carlo runs > 1).
DataTable kpi_table(const std::vector<KpiRow>& kpis, const std::string& caption,
                    const std::string& scenario, const std::string& value_header = "Scenario") {
    const bool bands = std::any_of(kpis.begin(), kpis.end(), [](const KpiRow& k) {
        return std::isfinite(k.p10) || std::isfinite(k.p90);
    });
    const bool trust = std::any_of(kpis.begin(), kpis.end(), [](const KpiRow& k) { return !k.trust.empty(); });
    DataTable t;
    t.caption = caption;
    t.header = {"KPI", "Unit", "Baseline", value_header, "Change"};
    if (bands) t.header.insert(t.header.end(), {"P10", "P90"});
    if (trust) t.header.push_back("Model trust");
    t.sheet = Sheet::kpis;
    t.sheet_keys = {{"Case", scenario}};  // "Scenario" already heads the values
    for (const auto& k : kpis) {
        const auto cell = [&](double v) {
            return std::isfinite(v) ? fixed_cell(v, k.decimals) : Cell(format_fixed(v, 0));
        };
        const double change = k.scenario - k.baseline;
        std::string change_text = format_fixed(change, k.decimals);
        if (std::isfinite(change) && change > 0) change_text = "+" + change_text;
        if (std::isfinite(change) && std::abs(k.baseline) > 0)
            change_text += fmt::format(" ({:+.1f} %)", 100.0 * change / std::abs(k.baseline));
        t.rows.push_back({k.label, k.unit, cell(k.baseline), cell(k.scenario),
                          std::isfinite(change) ? Cell(change_text, change) : Cell(change_text)});
        if (bands) t.rows.back().insert(t.rows.back().end(), {cell(k.p10), cell(k.p90)});
        if (trust) t.rows.back().push_back(trust_text(k.trust));
    }
    return t;
}

DataTable settings_table(const std::vector<ScenarioSetting>& settings,
                         const std::string& scenario) {
    DataTable t;
    t.caption = "Settings";
    t.header = {"Setting", "As given", "Value used", "Unit"};
    t.sheet = Sheet::scenario_settings;
    t.sheet_keys = {{"Scenario", scenario}};
    for (const auto& s : settings)
        t.rows.push_back(
            {s.name, s.value, s.number ? significant_cell(*s.number, 4) : Cell(""), s.unit});
    return t;
}

// The forecast's figures: one value each, with the band and the model's trust.
DataTable forecast_table(const std::vector<KpiRow>& kpis, const std::string& caption) {
    const bool bands = std::any_of(kpis.begin(), kpis.end(), [](const KpiRow& k) {
        return std::isfinite(k.p10) || std::isfinite(k.p90);
    });
    const bool trust = std::any_of(kpis.begin(), kpis.end(), [](const KpiRow& k) { return !k.trust.empty(); });
    DataTable t;
    t.caption = caption;
    t.header = {"KPI", "Unit", "Forecast"};
    if (bands) t.header.insert(t.header.end(), {"P10", "P90"});
    if (trust) t.header.push_back("Model trust");
    t.sheet = Sheet::kpis;
    t.sheet_keys = {{"Case", "If nothing changes"}};
    for (const auto& k : kpis) {
        const auto cell = [&](double v) {
            return std::isfinite(v) ? fixed_cell(v, k.decimals) : Cell(format_fixed(v, 0));
        };
        t.rows.push_back({k.label, k.unit, cell(k.scenario)});
        if (bands) t.rows.back().insert(t.rows.back().end(), {cell(k.p10), cell(k.p90)});
        if (trust) t.rows.back().push_back(trust_text(k.trust));
    }
    return t;
}

// What follows a scenario's (or the forecast's) heading: the run, the settings, the
// figures, the charts, the time-to-limit events, the warnings.
void append_section_body(Section& sec, const ScenarioSection& s) {
    if (!s.note.empty()) sec.blocks.push_back(Paragraph{s.note});
    KeyValueTable run{"Simulation", {}};
    if (!s.horizon.empty()) run.rows.push_back({"Horizon", s.horizon});
    run.rows.push_back({"Monte Carlo runs", Cell(std::to_string(s.runs), s.runs)});
    run.rows.push_back({"Seed", Cell(std::to_string(s.seed), static_cast<double>(s.seed))});
    sec.blocks.push_back(std::move(run));
    if (!s.settings.empty()) sec.blocks.push_back(settings_table(s.settings, s.name));
    if (!s.kpis.empty())
        sec.blocks.push_back(s.forecast ? forecast_table(s.kpis, "Key figures over the horizon")
                                        : kpi_table(s.kpis, "Key figures against the baseline", s.name));
    for (const auto& c : s.charts) sec.blocks.push_back(c);
    if (!s.events.empty()) {
        DataTable events;
        events.caption = "Limits reached within the horizon";
        events.header = {"Event", "When", "After [h]"};
        for (const auto& e : s.events)
            events.rows.push_back({e.what, std::isfinite(e.time_s) ? format_local(e.time_s, s.time_zone) : "",
                                   std::isfinite(e.after_h) ? fixed_cell(e.after_h, 1) : Cell("")});
        sec.blocks.push_back(std::move(events));
    } else if (!s.kpis.empty()) {
        sec.blocks.push_back(Paragraph{"No process limit is reached within the horizon.", ParagraphStyle::note});
    }
    for (const auto& w : s.extrapolation_warnings)
        sec.blocks.push_back(Paragraph{"Extrapolation: " + w, ParagraphStyle::warning});
    for (const auto& n : s.notes) sec.blocks.push_back(Paragraph{n, ParagraphStyle::note});
}


}  // namespace

KpiRow kpi_row(const std::string& key, double baseline, double scenario, double p10, double p90,
               const std::string& currency) {
    struct Known {
        const char* key;
        const char* label;
        const char* unit;
        int decimals;
        double scale;  // fractions are shown in percent
    };
    static constexpr Known known[] = {
        {"throughput_per_h", "Good parts per hour", "parts/h", 1, 1.0},
        {"scrap_rate", "Scrap rate", "%", 2, 100.0},
        {"energy_kwh", "Energy", "kWh", 0, 1.0},
        {"energy_kwh_per_part", "Energy per good part", "kWh/part", 4, 1.0},
        {"energy_cost", "Energy cost", nullptr, 0, 1.0},  // the tariff's currency
        {"core_temp_c", "Part core temperature",
         "\xC2\xB0"
         "C",
         1, 1.0},
        {"availability", "Availability", "%", 1, 100.0},
    };
    for (const auto& k : known)
        if (key == k.key) {
            const std::string unit =
                k.unit != nullptr ? k.unit : (currency.empty() ? "currency units" : currency);
            return {key,           k.label,       unit,      baseline * k.scale, scenario * k.scale,
                    p10 * k.scale, p90 * k.scale, k.decimals, ""};
        }
    return {key, key, "", baseline, scenario, p10, p90, 3, ""};
}

void append_scenario_chapter(ReportDocument& document, const std::string& chapter,
                             const std::vector<ScenarioSection>& scenarios) {
    Section intro{chapter, "Scenarios", 1, "scenarios", {}};
    if (scenarios.empty()) {
        intro.blocks.push_back(Paragraph{
            "No scenario has been simulated for this dataset yet. Run `twinbench-cli simulate` (or "
            "the What-if page) and export the report again to compare scenarios with the baseline.",
            ParagraphStyle::note});
    } else {
        intro.blocks.push_back(Paragraph{
            "Each scenario is compared with the baseline \"everything stays the same\": the "
            "disturbances of the latest horizon-long window of the data replayed with the controls "
            "held at their median over that window. P10 and P90 bound the central 80 % of the "
            "Monte Carlo runs (model parameters drawn from their fitted uncertainty); with runs drawn, "
            "each figure is their median, the baseline's over the same draws."});
    }
    document.sections.push_back(std::move(intro));
    int index = 0;
    for (const auto& s : scenarios) {
        ++index;
        Section sec{fmt::format("{}.{}", chapter, index),
                    "Scenario: " + s.name,
                    2,
                    fmt::format("scenario-{}", index),
                    {}};
        append_section_body(sec, s);
        document.sections.push_back(std::move(sec));
    }
}

void append_forecast_chapter(ReportDocument& document, const std::string& chapter, const ScenarioSection& forecast) {
    Section sec{chapter, "Forecast: if nothing changes", 1, "forecast", {}};
    sec.blocks.push_back(Paragraph{
        "What the twin expects over the next horizon when nothing is changed: the disturbances of the "
        "latest horizon-long window of the data replayed, every control held where it ran. P10 and P90 "
        "bound the central 80 % of the Monte Carlo runs (model parameters drawn from their fitted "
        "uncertainty, plus each output's residual noise)."});
    append_section_body(sec, forecast);
    document.sections.push_back(std::move(sec));
}

void append_recommendation_chapter(ReportDocument& document, const std::string& chapter,
                                   const RecommendationSection& r) {
    Section sec{chapter, "Recommendation", 1, "recommendation", {}};
    KeyValueTable summary{"Optimisation", {}};
    summary.rows.push_back({"Objective", r.objective});
    for (const auto& c : r.constraints) summary.rows.push_back({"Constraint", c});
    summary.rows.push_back({"Constraints met", !r.evaluated        ? "not evaluated"
                                               : r.constraints_met ? "yes"
                                                                   : "no"});
    summary.rows.push_back({"Seed", Cell(std::to_string(r.seed), static_cast<double>(r.seed))});
    sec.blocks.push_back(std::move(summary));
    if (!r.settings.empty()) sec.blocks.push_back(settings_table(r.settings, "Recommendation"));
    if (!r.kpis.empty())
        sec.blocks.push_back(kpi_table(r.kpis, "Key figures at the recommended settings",
                                       "Recommendation", "Recommended"));
    if (r.pareto) sec.blocks.push_back(*r.pareto);
    for (const auto& w : r.warnings) sec.blocks.push_back(Paragraph{w, ParagraphStyle::warning});
    document.sections.push_back(std::move(sec));
}

}  // namespace twinbench::report
