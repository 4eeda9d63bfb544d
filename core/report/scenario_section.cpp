#include "report/scenario_section.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/time_format.h"
#include "data/sqlite_statement.h"
#include "report/number_format.h"

namespace twinbench::report {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double json_number(const nlohmann::json& j, const std::string& key) {
    const auto it = j.find(key);
    return (it != j.end() && it->is_number()) ? it->get<double>() : nan;
}

std::string json_text(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number()) return format_significant(j.get<double>(), 6);
    return j.dump();
}

DataTable kpi_table(const std::vector<KpiRow>& kpis, const std::string& caption,
                    const std::string& scenario) {
    DataTable t;
    t.caption = caption;
    t.header = {"KPI", "Unit", "Baseline", "Scenario", "Change", "P10", "P90"};
    t.sheet = Sheet::kpis;
    t.sheet_keys = {{"Scenario", scenario}};
    for (const auto& k : kpis) {
        const auto cell = [&](double v) {
            return std::isfinite(v) ? Cell(format_fixed(v, k.decimals), v)
                                    : Cell(format_fixed(v, 0));
        };
        const double change = k.scenario - k.baseline;
        std::string change_text = format_fixed(change, k.decimals);
        if (std::isfinite(change) && change > 0) change_text = "+" + change_text;
        if (std::isfinite(change) && std::abs(k.baseline) > 0)
            change_text += fmt::format(" ({:+.1f} %)", 100.0 * change / std::abs(k.baseline));
        t.rows.push_back({k.label, k.unit, cell(k.baseline), cell(k.scenario),
                          std::isfinite(change) ? Cell(change_text, change) : Cell(change_text),
                          cell(k.p10), cell(k.p90)});
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
        t.rows.push_back({s.name, s.value,
                          s.number ? Cell(format_significant(*s.number, 5), *s.number) : Cell(""),
                          s.unit});
    return t;
}

}  // namespace

KpiRow kpi_row(const std::string& key, double baseline, double scenario, double p10, double p90) {
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
        {"energy_cost", "Energy cost", "currency", 0, 1.0},
        {"core_temp_c", "Part core temperature",
         "\xC2\xB0"
         "C",
         1, 1.0},
        {"availability", "Availability", "%", 1, 100.0},
    };
    for (const auto& k : known)
        if (key == k.key)
            return {key,           k.label,       k.unit,    baseline * k.scale, scenario * k.scale,
                    p10 * k.scale, p90 * k.scale, k.decimals};
    return {key, key, "", baseline, scenario, p10, p90, 3};
}

std::vector<ScenarioSection> stored_scenarios(const Project& project, const DatasetInfo& dataset,
                                              const std::vector<std::string>& names) {
    std::vector<ScenarioSection> all;
    Statement scenarios(
        project.handle(),
        "SELECT id, name, note, spec_json FROM scenario WHERE dataset_id = ?1 ORDER BY id");
    scenarios.bind(1, dataset.id);
    Statement result(project.handle(),
                     "SELECT json FROM result WHERE scenario_id = ?1 ORDER BY created_utc DESC, id "
                     "DESC LIMIT 1");
    while (scenarios.step()) {
        ScenarioSection s;
        s.name = scenarios.text(1);
        s.note = scenarios.text(2);
        const auto spec = nlohmann::json::parse(scenarios.text(3), nullptr, false);
        if (spec.is_object()) {
            if (const auto it = spec.find("settings"); it != spec.end() && it->is_object())
                for (const auto& [name, value] : it->items()) {
                    ScenarioSetting setting{name, json_text(value), "", std::nullopt};
                    if (value.is_object()) {
                        setting.value = json_text(value.value("value", nlohmann::json("")));
                        setting.unit = value.value("unit", "");
                        if (const double v = json_number(value, "absolute"); std::isfinite(v))
                            setting.number = v;
                    } else if (value.is_number()) {
                        setting.number = value.get<double>();
                    }
                    s.settings.push_back(std::move(setting));
                }
            if (spec.contains("horizon")) s.horizon = json_text(spec["horizon"]);
            if (const double runs = json_number(spec, "runs"); std::isfinite(runs))
                s.runs = static_cast<int>(runs);
            if (const double seed = json_number(spec, "seed"); std::isfinite(seed))
                s.seed = static_cast<std::uint64_t>(seed);
        }
        result.bind(1, scenarios.int64(0));
        if (result.step()) {
            const auto r = nlohmann::json::parse(result.text(0), nullptr, false);
            if (r.is_object() && r.contains("baseline") && r.contains("scenario")) {
                const auto& base = r["baseline"];
                const auto& scen = r["scenario"];
                const auto p10 = r.value("p10", nlohmann::json::object());
                const auto p90 = r.value("p90", nlohmann::json::object());
                for (const auto& [key, value] : scen.items())
                    if (value.is_number())
                        s.kpis.push_back(kpi_row(key, json_number(base, key), value.get<double>(),
                                                 json_number(p10, key), json_number(p90, key)));
                for (const auto& e : r.value("events", nlohmann::json::array()))
                    if (e.is_object())
                        s.events.push_back({e.value("what", ""), nan, json_number(e, "after_h")});
                for (const auto& w : r.value("warnings", nlohmann::json::array()))
                    if (w.is_string()) s.extrapolation_warnings.push_back(w.get<std::string>());
            }
        }
        result.reset();
        all.push_back(std::move(s));
    }
    if (names.empty()) return all;
    std::vector<ScenarioSection> chosen;
    for (const auto& name : names) {
        const auto it =
            std::find_if(all.begin(), all.end(), [&](const auto& s) { return s.name == name; });
        if (it == all.end()) {
            std::string known;
            for (const auto& s : all) known += (known.empty() ? "" : ", ") + s.name;
            throw UsageError(
                fmt::format("no scenario '{}' in dataset '{}' ({}); run simulate first", name,
                            dataset.name, known.empty() ? "none stored" : "stored: " + known));
        }
        chosen.push_back(*it);
    }
    return chosen;
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
            "Monte Carlo runs (model parameters drawn from their fitted uncertainty)."});
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
        if (!s.note.empty()) sec.blocks.push_back(Paragraph{s.note});
        KeyValueTable run{"Simulation", {}};
        if (!s.horizon.empty()) run.rows.push_back({"Horizon", s.horizon});
        run.rows.push_back({"Monte Carlo runs", Cell(std::to_string(s.runs), s.runs)});
        run.rows.push_back({"Seed", Cell(std::to_string(s.seed), static_cast<double>(s.seed))});
        sec.blocks.push_back(std::move(run));
        if (!s.settings.empty()) sec.blocks.push_back(settings_table(s.settings, s.name));
        if (!s.kpis.empty())
            sec.blocks.push_back(kpi_table(s.kpis, "Key figures against the baseline", s.name));
        for (const auto& c : s.charts) sec.blocks.push_back(c);
        if (!s.events.empty()) {
            DataTable events;
            events.caption = "Limits reached within the horizon";
            events.header = {"Event", "When", "After [h]"};
            for (const auto& e : s.events)
                events.rows.push_back(
                    {e.what, std::isfinite(e.time_s) ? format_utc_iso(e.time_s) : "",
                     std::isfinite(e.after_h) ? Cell(format_fixed(e.after_h, 1), e.after_h)
                                              : Cell("")});
            sec.blocks.push_back(std::move(events));
        } else if (!s.kpis.empty()) {
            sec.blocks.push_back(
                Paragraph{"No process limit is reached within the horizon.", ParagraphStyle::note});
        }
        for (const auto& w : s.extrapolation_warnings)
            sec.blocks.push_back(Paragraph{"Extrapolation: " + w, ParagraphStyle::warning});
        document.sections.push_back(std::move(sec));
    }
}

void append_recommendation_chapter(ReportDocument& document, const std::string& chapter,
                                   const RecommendationSection& r) {
    Section sec{chapter, "Recommendation", 1, "recommendation", {}};
    KeyValueTable summary{"Optimisation", {}};
    summary.rows.push_back({"Objective", r.objective});
    for (const auto& c : r.constraints) summary.rows.push_back({"Constraint", c});
    summary.rows.push_back({"Constraints met", r.constraints_met ? "yes" : "no"});
    summary.rows.push_back({"Seed", Cell(std::to_string(r.seed), static_cast<double>(r.seed))});
    sec.blocks.push_back(std::move(summary));
    if (!r.settings.empty()) sec.blocks.push_back(settings_table(r.settings, "Recommendation"));
    if (!r.kpis.empty())
        sec.blocks.push_back(
            kpi_table(r.kpis, "Key figures at the recommended settings", "Recommendation"));
    if (r.pareto) sec.blocks.push_back(*r.pareto);
    for (const auto& w : r.warnings) sec.blocks.push_back(Paragraph{w, ParagraphStyle::warning});
    document.sections.push_back(std::move(sec));
}

}  // namespace twinbench::report
