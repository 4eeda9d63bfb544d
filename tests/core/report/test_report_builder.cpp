// build_report on the sample plant: the content carries the engine's own numbers (import
// counts, audit score, fitted terms), the HTML is self-contained and escaped, and the
// spreadsheet holds the listed sheets with numbers as numbers.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "common/error.h"
#include "data/audit.h"
#include "data/importer.h"
#include "models/furnace_output_models.h"
#include "report/file_hash.h"
#include "report/html_renderer.h"
#include "report/number_format.h"
#include "report/report_builder.h"
#include "report/xlsx_renderer.h"
#include "report_fixture.h"
#include "support/zip_entry.h"

namespace twinbench::report {
namespace {

using test::blocks_of;
using test::plant_report;
using test::sample_plant;
using test::section;

const Cell& kv(const Section& s, const std::string& key) {
    for (const auto* t : blocks_of<KeyValueTable>(s))
        for (const auto& [k, v] : t->rows)
            if (k == key) return v;
    throw std::runtime_error("no key " + key + " in section " + s.title);
}

TEST(ReportBuilder, DataChapterHasTheImportCountsAndTheAuditScore) {
    const auto doc = plant_report();
    const auto& data = section(doc, "data");
    const auto& plant = sample_plant();
    EXPECT_EQ(kv(data, "Rows imported").text,
              format_count(static_cast<double>(plant.imported.rows_imported)));
    EXPECT_EQ(kv(data, "Rows rejected").value.value(),
              static_cast<double>(plant.imported.rows_rejected));
    EXPECT_GT(plant.imported.rows_rejected, 0u);  // the sample plant has bad rows on purpose

    Project project(plant.project_path, Project::Mode::read_only);
    const auto dataset = project.dataset("plant");
    AuditOptions options;
    options.rows_rejected = dataset.rows_rejected;
    const auto audit = audit_table(project.read_dataset(dataset), options);
    const auto& quality = section(doc, "data-quality");
    EXPECT_DOUBLE_EQ(kv(quality, "Audit score (0-100)").value.value(), audit.score);
    EXPECT_LT(audit.score, 100.0);
    const auto findings = blocks_of<DataTable>(quality);
    ASSERT_FALSE(findings.empty());
    EXPECT_EQ(findings.front()->rows.front()[0].text, audit.penalties.front().reason);

    // Every source with its file names, the historian's four monthly files in one source.
    const auto tables = blocks_of<DataTable>(data);
    const auto sources =
        std::find_if(tables.begin(), tables.end(), [](auto* t) { return t->caption == "Sources"; });
    ASSERT_NE(sources, tables.end());
    EXPECT_EQ((*sources)->rows.size(), dataset.sources.size());
    EXPECT_NE((*sources)->rows[0][1].text.find("historian_2026-05.csv.gz"), std::string::npos);
}

TEST(ReportBuilder, ModelTermsAreTheStoredFitWithIntervals) {
    const auto doc = plant_report();
    const auto& temperature = section(doc, "model-temperature");
    const auto& fit = sample_plant().model("temperature");
    const auto& tau = fit["terms"][0];
    ASSERT_EQ(tau["name"], "tau");
    const auto terms = blocks_of<DataTable>(temperature);
    ASSERT_FALSE(terms.empty());
    const auto& row = terms.front()->rows.front();
    EXPECT_EQ(row[0].text, "Time constant");  // the stored "tau" in words
    EXPECT_EQ(row[2].text,
              format_estimate(tau["estimate"].get<double>(), tau["std_error"].get<double>()));
    EXPECT_DOUBLE_EQ(row[2].value.value(), tau["estimate"].get<double>());
    // The 95 % interval brackets the estimate and is 2 x 1.96 standard errors wide.
    EXPECT_NEAR(row[5].value.value() - row[4].value.value(),
                2 * 1.959964 * tau["std_error"].get<double>(), 1e-9);
    // The truth (25 min) lies inside the reported interval on the sample plant.
    EXPECT_LT(row[4].value.value(), 25.0);
    EXPECT_GT(row[5].value.value(), 25.0);
    EXPECT_EQ(terms.front()->sheet, Sheet::model_terms);

    const auto& metrics = kv(temperature, "Hold-out rows");
    EXPECT_EQ(metrics.value.value(), fit["n_test"].get<double>());
    // One section per stored model.
    for (const auto& m : sample_plant().fitted.models)
        EXPECT_NO_THROW(section(doc, "model-" + m.key));
}

// The furnace template's sections carry the trust verdict of their typed models, judged
// from the stored fits' hold-out; the soft sensor's from its check-interval curve.
TEST(ReportBuilder, FurnaceModelSectionsCarryTheTypedModelsTrust) {
    const auto doc = plant_report();
    nlohmann::json stored = nlohmann::json::object();
    for (const auto& m : sample_plant().fitted.models) stored[m.key] = m.json;
    const FurnaceOutputModels typed = furnace_output_models(stored);
    const std::pair<const char*, const OutputModel*> models[] = {
        {"temperature", typed.temperature.get()}, {"defect", typed.scrap.get()}, {"energy", typed.energy.get()},
        {"throughput", typed.throughput.get()}};
    for (const auto& [key, model] : models) {
        ASSERT_NE(model, nullptr) << key;
        ASSERT_FALSE(model->report().trust.message.empty()) << key;
        std::size_t found = 0;
        for (const auto* p : blocks_of<Paragraph>(section(doc, std::string("model-") + key)))
            if (p->text == "Trust: " + model->report().trust.message) ++found;
        EXPECT_EQ(found, 1u) << key << ": " << model->report().trust.message;
    }
    // The sample plant's furnace model explains its hold-out: trusted, with its R².
    EXPECT_EQ(typed.temperature->report().trust.level, TrustVerdict::Level::trusted)
        << typed.temperature->report().trust.message;
    // Its throughput follows the conveyor law: trusted, in parts per hour.
    EXPECT_EQ(typed.throughput->report().trust.level, TrustVerdict::Level::trusted)
        << typed.throughput->report().trust.message;
    EXPECT_NE(typed.throughput->report().trust.message.find("parts/h"), std::string::npos);
    ASSERT_NE(typed.core, nullptr);
    std::size_t core_found = 0;
    for (const auto* p : blocks_of<Paragraph>(section(doc, "model-temperature")))
        if (p->text == "Trust: " + typed.core->report().trust.message) ++core_found;
    EXPECT_EQ(core_found, 1u) << typed.core->report().trust.message;
}

TEST(ReportBuilder, DiagnosticsChartWhenTheFitHasDiagnostics) {
    const auto doc = plant_report();
    for (const auto& m : sample_plant().fitted.models) {
        const auto charts = blocks_of<Chart>(section(doc, "model-" + m.key));
        if (!m.json.contains("diagnostics")) {
            EXPECT_TRUE(charts.empty()) << m.key;
            continue;
        }
        ASSERT_EQ(charts.size(), 1u) << m.key;
        EXPECT_TRUE(charts[0]->identity_line);
        EXPECT_EQ(charts[0]->series[0].x.size(),
                  m.json["diagnostics"]["predicted_vs_actual"].size());
    }
}

TEST(ReportBuilder, TitleTocAndAppendix) {
    ReportOptions options;
    options.author = "A. Engineer";
    options.question = "Can the line run faster?";
    const auto doc = plant_report(options);
    EXPECT_EQ(doc.title.author, "A. Engineer");
    EXPECT_EQ(doc.title.question, "Can the line run faster?");
    EXPECT_EQ(doc.title.date, "2026-11-23");
    const auto toc = doc.table_of_contents();
    ASSERT_EQ(toc.size(), doc.sections.size());
    EXPECT_EQ(toc.front().title, "Data");
    const auto& appendix = section(doc, "appendix");
    EXPECT_EQ(kv(appendix, "Project file SHA-256").text, sha256_file(sample_plant().project_path));
    EXPECT_EQ(kv(appendix, "Twinbench version").text, TWINBENCH_VERSION);
    // Without a simulation, the scenario chapter says so instead of showing empty tables.
    const auto& scenarios = section(doc, "scenarios");
    ASSERT_EQ(scenarios.blocks.size(), 1u);
    EXPECT_NE(std::get<Paragraph>(scenarios.blocks[0]).text.find("No scenario"), std::string::npos);
}

TEST(ReportBuilder, UnknownScenarioIsAUsageError) {
    ReportOptions options;
    options.study.scenario_names = {"faster line"};
    try {
        plant_report(options);
        FAIL() << "expected a UsageError";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("faster line"), std::string::npos);
    }
}

TEST(ReportBuilder, ScenarioSectionsFromTheSimulationLayer) {
    ScenarioSection s;
    s.name = "faster line";
    s.note = "Speed +10 %: does scrap rise?";
    s.settings.push_back({"speed", "+10 %", "m/min", 3.3});
    s.runs = 200;
    s.seed = 42;
    s.kpis.push_back(kpi_row("scrap_rate", 0.021, 0.025, 0.022, 0.029, "EUR"));
    s.events.push_back({"wear reaches its limit", NAN, 30.5});
    s.extrapolation_warnings.push_back(
        "line speed 3.3 m/min is above the 3.0 m/min seen in the data");
    ReportOptions options;
    options.scenarios = std::vector<ScenarioSection>{s};
    const auto doc = plant_report(options);
    EXPECT_EQ(doc.title.question, s.note);  // no --question: the scenario's note
    const auto& sec = section(doc, "scenario-1");
    const auto tables = blocks_of<DataTable>(sec);
    ASSERT_EQ(tables.size(), 3u);  // settings, KPIs, events
    const auto& kpi = tables[1]->rows[0];
    EXPECT_EQ(kpi[0].text, "Scrap rate");
    EXPECT_EQ(kpi[1].text, "%");
    EXPECT_EQ(kpi[2].text, "2.10");
    EXPECT_EQ(kpi[3].text, "2.50");
    EXPECT_EQ(kpi[5].text, "2.20");
    EXPECT_EQ(kpi[6].text, "2.90");
    EXPECT_EQ(tables[1]->sheet, Sheet::kpis);
    const auto warnings = blocks_of<Paragraph>(sec);
    EXPECT_EQ(warnings.back()->style, ParagraphStyle::warning);
    EXPECT_EQ(kv(section(doc, "appendix"), "Seed, scenario faster line").text, "42");
}

TEST(HtmlRenderer, SelfContainedWithTheSameNumbers) {
    const auto doc = plant_report();
    const auto html = render_html(doc);
    EXPECT_EQ(html.find("http://"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("src="), std::string::npos);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    const auto& tau = sample_plant().model("temperature")["terms"][0];
    const auto tau_text =
        format_estimate(tau["estimate"].get<double>(), tau["std_error"].get<double>());
    EXPECT_NE(html.find("<td>Time constant</td>"), std::string::npos);
    EXPECT_NE(html.find(">" + tau_text + "<"), std::string::npos) << tau_text;
    // Every contents entry links to a section that exists.
    for (const auto& e : doc.table_of_contents()) {
        EXPECT_NE(html.find("href=\"#" + e.anchor + "\""), std::string::npos);
        EXPECT_NE(html.find("id=\"" + e.anchor + "\""), std::string::npos);
    }
}

TEST(HtmlRenderer, TextFromDataFilesIsEscaped) {
    test::TempDir dir;
    const auto hostile = std::filesystem::path(TWINBENCH_TEST_DATA_DIR) / "hostile";
    const std::string dataset_name = "<script>alert(\"ds\")</script>\"; DROP TABLE x; --";
    {
        Project project(dir / "hostile.twin", Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {hostile / "html_column_names.csv", hostile / "sql_html_in_values.csv",
                         hostile / "sql_column_names.csv"};
        options.dataset = dataset_name;
        options.time_zone = "UTC";
        import_files(project, options);
    }
    Project project(dir / "hostile.twin", Project::Mode::read_only);
    ReportOptions options;
    options.author = "<img src=x onerror=alert(1)>";
    options.question = "</title><script>alert(2)</script>";
    const auto html = render_html(build_report(project, dataset_name, options));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    // "src=" may appear as escaped text, never as an attribute of a tag.
    EXPECT_FALSE(std::regex_search(html, std::regex("<[^>]*\\ssrc\\s*=")));
    EXPECT_FALSE(std::regex_search(html, std::regex("<[^>]*\\son[a-z]+\\s*=")));
    EXPECT_EQ(html.find("</td></tr><b>"), std::string::npos);
    EXPECT_NE(
        html.find("&lt;script&gt;alert(&quot;ds&quot;)&lt;/script&gt;&quot;; DROP TABLE x; --"),
        std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(html.find("html_column_names.csv"), std::string::npos);
}

TEST(XlsxRenderer, SheetsWithUnitsAndNumbers) {
    const auto doc = plant_report();
    test::TempDir dir;
    const auto file = dir / "plant.xlsx";
    write_xlsx(doc, file);
    const auto workbook = test::zip_entry(file, "xl/workbook.xml");
    std::vector<std::string> names;
    const std::regex sheet_re("<sheet name=\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet_re);
         it != std::sregex_iterator(); ++it)
        names.push_back((*it)[1]);
    EXPECT_EQ(names,
              (std::vector<std::string>{kpi_sheet_name, settings_sheet_name, terms_sheet_name,
                                        series_sheet_name, about_sheet_name}));

    const auto strings = test::zip_entry(file, "xl/sharedStrings.xml");
    for (const char* expected :
         {"Model", "Term", "Estimate", "Time constant", "Furnace temperature", "95 % CI low"})
        EXPECT_NE(strings.find(std::string(">") + expected + "<"), std::string::npos) << expected;
    // Time series headers carry the unit.
    EXPECT_NE(strings.find("[\xC2\xB0"
                           "C]"),
              std::string::npos);

    // The tau estimate is a number cell on the Model terms sheet (sheet 3), at full precision.
    const auto terms = test::zip_entry(file, "xl/worksheets/sheet3.xml");
    const double tau = sample_plant().model("temperature")["terms"][0]["estimate"].get<double>();
    bool found = false;
    const std::regex value_re("<v>([-0-9.eE+]+)</v>");
    for (auto it = std::sregex_iterator(terms.begin(), terms.end(), value_re);
         it != std::sregex_iterator(); ++it)
        if (std::abs(std::stod((*it)[1]) - tau) < 1e-12 * std::abs(tau)) found = true;
    EXPECT_TRUE(found) << "tau " << tau << " not on the Model terms sheet";

    // The time series sheet has one row per exported point (plus the header).
    const auto series = test::zip_entry(file, "xl/worksheets/sheet4.xml");
    std::size_t exported = 0;
    for (const auto& s : doc.sections)
        for (const auto& b : s.blocks)
            if (const auto* c = std::get_if<Chart>(&b); c && c->export_series)
                exported = std::max(exported, c->series.front().x.size());
    ASSERT_GT(exported, 100u);
    EXPECT_NE(series.find("<row r=\"" + std::to_string(exported + 1) + "\""), std::string::npos);
    EXPECT_EQ(series.find("<row r=\"" + std::to_string(exported + 2) + "\""), std::string::npos);
}

TEST(FileHash, KnownDigests) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace twinbench::report
