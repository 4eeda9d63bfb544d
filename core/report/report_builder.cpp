#include "report/report_builder.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/utf8_path.h"
#include "report/excursions_chapter.h"
#include "report/file_hash.h"
#include "report/number_format.h"

namespace twinbench::report {
namespace {

std::string user_name() {
    for (const char* variable : {"USER", "USERNAME", "LOGNAME"})
        if (const char* v = std::getenv(variable); v != nullptr && *v != '\0') return v;
    return "";
}

std::string today_utc() {
    return date::format("%F", date::floor<date::days>(std::chrono::system_clock::now()));
}

// Every stored model's terms at full precision: enough to rebuild the models by hand.
DataTable full_precision_terms(const Project& project, const DatasetInfo& dataset) {
    DataTable t;
    t.caption = "Model parameters at full precision";
    t.header = {"Model", "Term", "Estimate", "Std. error"};
    for (const StoredModel& stored : project.models(dataset.id)) {
        const auto spec = nlohmann::json::parse(stored.json, nullptr, false);
        if (!spec.is_object() || !spec.contains("terms")) continue;
        for (const auto& term : spec["terms"]) {
            const auto value = [&](const char* key) {
                const auto it = term.find(key);
                if (it == term.end() || !it->is_number()) return Cell("\xE2\x80\x93");
                const double v = it->get<double>();
                return Cell(fmt::format("{:.10g}", v), v);
            };
            t.rows.push_back(
                {stored.kind, term.value("name", ""), value("estimate"), value("std_error")});
        }
    }
    return t;
}

Section appendix(const std::string& chapter, const Project& project, const DatasetInfo& dataset,
                 const ScenarioSection& forecast, const std::vector<ScenarioSection>& scenarios,
                 const std::optional<RecommendationSection>& rec, const std::string& generated) {
    Section sec{chapter, "Appendix: reproducibility", 1, "appendix", {}};
    KeyValueTable kv{"", {}};
    kv.rows.push_back({"Twinbench version", TWINBENCH_VERSION});
    kv.rows.push_back({"Project file", utf8_path_string(project.path().filename())});
    std::error_code ec;
    const auto size = std::filesystem::file_size(project.path(), ec);
    if (!ec)
        kv.rows.push_back(
            {"Project file size",
             Cell(format_count(static_cast<double>(size)) + " bytes", static_cast<double>(size))});
    kv.rows.push_back({"Project file SHA-256", sha256_file(project.path())});
    kv.rows.push_back({"Project schema version", std::to_string(project.schema_version())});
    kv.rows.push_back({"Dataset", dataset.name});
    kv.rows.push_back({"Report generated (UTC)", generated});
    if (!forecast.kpis.empty())
        kv.rows.push_back({"Seed, forecast", Cell(std::to_string(forecast.seed), static_cast<double>(forecast.seed))});
    else if (scenarios.empty() && !rec)
        kv.rows.push_back({"Random seeds", "none used (no simulation in this report)"});
    for (const auto& s : scenarios)
        kv.rows.push_back({"Seed, scenario " + s.name,
                           Cell(std::to_string(s.seed), static_cast<double>(s.seed))});
    if (rec)
        kv.rows.push_back({"Seed, optimisation",
                           Cell(std::to_string(rec->seed), static_cast<double>(rec->seed))});
    sec.blocks.push_back(std::move(kv));
    sec.blocks.push_back(
        Paragraph{"The SHA-256 identifies the exact project file this report was made from: "
                  "`sha256sum` on Linux or "
                  "`Get-FileHash` on Windows gives the same digest for an unchanged file.",
                  ParagraphStyle::note});
    if (auto terms = full_precision_terms(project, dataset); !terms.rows.empty())
        sec.blocks.push_back(std::move(terms));
    return sec;
}

}  // namespace

ReportDocument build_report(const Project& project, const std::string& dataset_name,
                            const ReportOptions& options) {
    const DatasetInfo dataset = project.dataset(dataset_name);
    // The forecast is in every report; the stored scenarios and the optimisation are
    // simulated unless the caller brings its own.
    StudyReportOptions study = options.study;
    study.simulate_stored_scenarios = !options.scenarios;
    if (options.recommendation) study.objective.clear();
    const SimulatedStudy simulated = simulate_for_report(project, dataset, study);
    const auto scenarios = options.scenarios ? *options.scenarios : simulated.scenarios;
    const auto recommendation =
        options.recommendation ? options.recommendation : simulated.recommendation;
    ReportDocument doc;
    auto& t = doc.title;
    t.title = options.title.empty() ? dataset.name + ": process study" : options.title;
    t.project = utf8_path_string(project.path().filename());
    t.dataset = dataset.name;
    t.author = options.author.empty() ? user_name() : options.author;
    t.date = options.date.empty() ? today_utc() : options.date;
    t.question = options.question;
    for (const auto& s : scenarios)
        if (t.question.empty() && !s.note.empty()) t.question = s.note;
    t.twinbench_version = TWINBENCH_VERSION;

    append_data_chapter(doc, "1", project, dataset);
    append_models_chapter(doc, "2", project, dataset);
    append_forecast_chapter(doc, "3", simulated.forecast);
    append_scenario_chapter(doc, "4", scenarios);
    append_excursions_chapter(doc, "5", project, dataset);
    int next = 6;
    if (recommendation) append_recommendation_chapter(doc, std::to_string(next++), *recommendation);
    const auto generated =
        date::format("%F %T", date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    doc.sections.push_back(
        appendix(std::to_string(next), project, dataset, simulated.forecast, scenarios, recommendation, generated));
    return doc;
}

}  // namespace twinbench::report
