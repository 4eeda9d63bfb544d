// `twinbench-cli report` on the sample plant, as a user runs it: import, fit, then the
// report in all three formats. The PDF is rendered with poppler (pdftoppm, pdftotext) to
// check pages, that they are not blank, and that its numbers are the engine's numbers
// (as `fit --json`, `import --json` and `audit --json` print them).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/number_format.h"
#include "support/cli_runner.h"
#include "support/zip_entry.h"

namespace twinbench::test {
namespace {

const std::string cli = TWINBENCH_CLI_PATH;

class ReportCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        project_ = new std::filesystem::path(*dir_ / "plant.twin");
        std::vector<std::string> args = {"import", project_->string()};
        const auto plant = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
        std::vector<std::string> files;
        for (const auto& e : std::filesystem::directory_iterator(plant))
            if (e.path().extension() == ".gz") files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        args.insert(args.end(), files.begin(), files.end());
        for (const char* a : {"--dataset", "plant", "--timezone", "Europe/Berlin", "--json"})
            args.push_back(a);
        const auto imported = run_cli(cli, *dir_, args);
        ASSERT_EQ(imported.exit, 0) << imported.err_excerpt();
        import_ = new nlohmann::json(nlohmann::json::parse(imported.out));
        const auto fitted = run_cli(cli, *dir_, {"fit", project_->string(), "--json"});
        ASSERT_EQ(fitted.exit, 0) << fitted.err_excerpt();
        fit_ = new nlohmann::json(nlohmann::json::parse(fitted.out));
        // The acceptance study: two stored scenarios and an optimisation in the report.
        for (const auto& [name, set] :
             {std::pair{"cooler furnace", "setpoint=-5"}, {"faster line", "speed=+5%"}}) {
            const auto saved = run_cli(
                cli, *dir_,
                {"simulate", project_->string(), "--set", set, "--limit", "core_temp>=160",
                 "--save-scenario", name, "--note", std::string("Scenario ") + set, "--runs", "100",
                 "--json"});
            ASSERT_EQ(saved.exit, 0) << saved.err_excerpt();
            simulated_[name] = nlohmann::json::parse(saved.out);
        }
        const auto audited = run_cli(cli, *dir_, {"audit", project_->string(), "--json"});
        ASSERT_EQ(audited.exit, 0) << audited.err_excerpt();
        audit_ = new nlohmann::json(nlohmann::json::parse(audited.out));
    }
    static void TearDownTestSuite() {
        delete audit_;
        delete fit_;
        delete import_;
        delete project_;
        delete dir_;
    }
    static CliRun report(const std::string& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"report", project_->string(), "-o",
                                         (*dir_ / out).string()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_cli(cli, *dir_, args);
    }
    static std::string tool(const std::string& command) {
        const auto out_file = *dir_ / "tool.out";
        if (std::system(
                (command + " > " + shell_quote(out_file.string()) + " 2>/dev/null").c_str()) != 0)
            return "";
        return read_bytes(out_file);
    }
    static TempDir* dir_;
    static std::filesystem::path* project_;
    static nlohmann::json* import_;
    static nlohmann::json* fit_;
    static nlohmann::json* audit_;
    static inline std::map<std::string, nlohmann::json> simulated_;
};
TempDir* ReportCli::dir_ = nullptr;
std::filesystem::path* ReportCli::project_ = nullptr;
nlohmann::json* ReportCli::import_ = nullptr;
nlohmann::json* ReportCli::fit_ = nullptr;
nlohmann::json* ReportCli::audit_ = nullptr;

// Portable graymap from `pdftoppm -gray`: share of pixels that are not paper white.
double ink_fraction(const std::string& pgm) {
    std::istringstream in(pgm);
    std::string magic;
    int w = 0, h = 0, max = 0;
    in >> magic >> w >> h >> max;
    in.get();
    if (magic != "P5" || w <= 0 || h <= 0) return -1.0;
    std::size_t ink = 0;
    const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    for (std::size_t i = 0; i < n; ++i)
        if (static_cast<unsigned char>(in.get()) < 200) ++ink;
    return static_cast<double>(ink) / static_cast<double>(n);
}

#ifdef TWINBENCH_HAS_PDF_REPORT
TEST_F(ReportCli, PdfHasPagesWithTheEngineNumbers) {
    const auto run = report(
        "plant.pdf", {"--author", "A. Engineer", "--question", "Can the line run faster?",
                      "--minimize", "energy_kwh_per_part", "--constraint", "scrap_rate<=0.03"});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto pdf = (*dir_ / "plant.pdf").string();
    const auto info = tool("pdfinfo " + shell_quote(pdf));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)")))
        << "pdfinfo failed (poppler-utils installed?)";
    const int pages = std::stoi(m[1]);
    EXPECT_GE(pages, 6);
    EXPECT_LE(pages, 30);

    // Rendered at 50 dpi: every page is there and none is blank.
    const auto prefix = (*dir_ / "page").string();
    ASSERT_EQ(std::system(
                  ("pdftoppm -r 50 -gray " + shell_quote(pdf) + " " + shell_quote(prefix)).c_str()),
              0);
    int rendered = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_->path()))
        if (e.path().filename().string().rfind("page-", 0) == 0) {
            ++rendered;
            const double ink = ink_fraction(read_bytes(e.path()));
            EXPECT_GT(ink, 0.003) << e.path().filename() << " looks blank";
        }
    EXPECT_EQ(rendered, pages);

    const auto text = tool("pdftotext -layout " + shell_quote(pdf) + " -");
    ASSERT_FALSE(text.empty());
    const auto& tau = (*fit_)["models"]["temperature"]["terms"][0];
    ASSERT_EQ(tau["name"], "tau");
    const auto tau_text =
        report::format_estimate(tau["estimate"].get<double>(), tau["std_error"].get<double>());
    EXPECT_TRUE(std::regex_search(
        text,
        std::regex("Time constant\\s+min\\s+" + std::regex_replace(tau_text, std::regex("\\."), "\\."))))
        << "Time constant (tau) " << tau_text << " not in the PDF text";
    const auto rows = report::format_count((*import_)["rows_imported"].get<double>());
    EXPECT_TRUE(std::regex_search(text, std::regex("Rows imported\\s+" + rows))) << rows;
    const auto score = report::format_fixed((*audit_)["score"].get<double>(), 1);
    EXPECT_TRUE(
        std::regex_search(text, std::regex("Audit score \\(0-100\\)\\s+" +
                                           std::regex_replace(score, std::regex("\\."), "\\."))))
        << score;
    EXPECT_NE(text.find("Can the line run faster?"), std::string::npos);
    EXPECT_NE(text.find("A. Engineer"), std::string::npos);
    EXPECT_NE(text.find("Page 2 of " + std::to_string(pages)), std::string::npos);
    EXPECT_NE(text.find("Contents"), std::string::npos);
    // Both scenarios with the simulation's own key figures (simulate --runs 100 --json, the
    // report's runs and seed: the median of the runs is the report's "Scenario" column), and
    // the recommendation.
    for (const auto& [name, sim] : simulated_) {
        EXPECT_NE(text.find("Scenario: " + name), std::string::npos) << name;
        const auto energy = report::format_fixed(sim["scenario"]["energy_kwh"].get<double>(), 0);
        const auto base = report::format_fixed(sim["baseline"]["energy_kwh"].get<double>(), 0);
        EXPECT_TRUE(
            std::regex_search(text, std::regex("Energy\\s+kWh\\s+" + base + "\\s+" + energy)))
            << name << ": energy " << base << " -> " << energy;
    }
    EXPECT_NE(text.find("Recommendation"), std::string::npos);
    EXPECT_NE(text.find("minimise energy_kwh_per_part"), std::string::npos);
    // The contents page gives the page each chapter starts on.
    EXPECT_TRUE(std::regex_search(
        text, std::regex("Appendix: reproducibility[ .]+" + std::to_string(pages))));
}
#endif

TEST_F(ReportCli, HtmlIsSelfContained) {
    const auto run = report("plant.html");
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto html = read_bytes(*dir_ / "plant.html");
    ASSERT_GT(html.size(), 10000u);
    for (const char* banned :
         {"http://", "https://", "<script", "<link", "<iframe", "<img", "url("})
        EXPECT_EQ(html.find(banned), std::string::npos) << banned;
    // No tag loads anything (a src attribute). A scan, not std::regex: libstdc++'s regex
    // recurses once per character and overflows the stack on the long inline SVG tags.
    const auto has_src_attribute = [](const std::string& text) {
        for (auto open = text.find('<'); open != std::string::npos;
             open = text.find('<', open + 1)) {
            const auto close = text.find('>', open);
            const std::string_view tag(text.data() + open,
                                       (close == std::string::npos ? text.size() : close) - open);
            for (auto at = tag.find("src"); at != std::string_view::npos;
                 at = tag.find("src", at + 1)) {
                if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
                auto after = at + 3;
                while (after < tag.size() && std::isspace(static_cast<unsigned char>(tag[after])))
                    ++after;
                if (after < tag.size() && tag[after] == '=') return true;
            }
        }
        return false;
    };
    EXPECT_FALSE(has_src_attribute(html));
    EXPECT_TRUE(has_src_attribute("<p>x</p><img alt=\"a\" src = \"x.png\">"));  // it can fail
    std::size_t charts = 0;
    for (auto p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1)) ++charts;
    EXPECT_GE(charts, 3u);  // overview and a diagnostics chart per model with diagnostics
    const auto rows = report::format_count((*import_)["rows_imported"].get<double>());
    EXPECT_NE(html.find(">" + rows + "<"), std::string::npos);
}

TEST_F(ReportCli, ChartsAloneAsSvgPngAndPdf) {
    const auto charts = *dir_ / "charts";
    const auto run = report("charts.html", {"--charts", charts.string()});
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto html = read_bytes(*dir_ / "charts.html");
    std::size_t in_report = 0;
    for (auto p = html.find("<svg"); p != std::string::npos; p = html.find("<svg", p + 1))
        ++in_report;
    std::size_t svgs = 0, pngs = 0, pdfs = 0;
    for (const auto& e : std::filesystem::directory_iterator(charts)) {
        const auto bytes = read_bytes(e.path());
        if (e.path().extension() == ".svg") {
            ++svgs;
            EXPECT_EQ(bytes.rfind("<?xml", 0), 0u) << e.path();
            EXPECT_NE(bytes.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
            EXPECT_NE(bytes.find("<polyline"), std::string::npos) << e.path();
        } else if (e.path().extension() == ".png") {
            ++pngs;
            EXPECT_EQ(bytes.rfind("\x89PNG", 0), 0u) << e.path();
            EXPECT_GT(bytes.size(), 5000u) << e.path();
        } else if (e.path().extension() == ".pdf") {
            ++pdfs;
            // One vector page (no embedded image) of the chart's 640 x 300 pt.
            const auto info = tool("pdfinfo " + shell_quote(e.path().string()));
            EXPECT_NE(info.find("Pages:           1"), std::string::npos) << info;
            EXPECT_NE(info.find("640 x 300 pts"), std::string::npos) << info;
            EXPECT_EQ(bytes.find("/Subtype /Image"), std::string::npos) << e.path();
        }
    }
    EXPECT_EQ(svgs, in_report);  // every chart of the report, each once
#ifdef TWINBENCH_HAS_PDF_REPORT
    EXPECT_EQ(pngs, in_report);
    EXPECT_EQ(pdfs, in_report);
#endif
}

TEST_F(ReportCli, XlsxHasTheListedSheets) {
    const auto run = report("plant.xlsx");
    ASSERT_EQ(run.exit, 0) << run.err_excerpt();
    const auto workbook = zip_entry(*dir_ / "plant.xlsx", "xl/workbook.xml");
    for (const char* sheet : {"KPIs", "Scenario settings", "Model terms", "Time series"})
        EXPECT_NE(workbook.find(std::string("<sheet name=\"") + sheet + "\""), std::string::npos)
            << sheet;
}

TEST_F(ReportCli, BadOutputNameIsAUsageErrorAndWritesNothing) {
    const auto run = report("plant.docx");
    EXPECT_EQ(run.exit, 2);
    ASSERT_EQ(run.error_lines().size(), 1u) << run.err;
    // The message names the formats this build writes (PDF needs the Qt build).
    EXPECT_NE(run.err.find("FILE.html or FILE.xlsx"), std::string::npos) << run.err;
#ifdef TWINBENCH_HAS_PDF_REPORT
    EXPECT_NE(run.err.find("FILE.pdf"), std::string::npos) << run.err;
#else
    EXPECT_EQ(run.err.find("FILE.pdf"), std::string::npos) << run.err;
#endif
    EXPECT_FALSE(std::filesystem::exists(*dir_ / "plant.docx"));
}

TEST_F(ReportCli, UnwritableOutputIsAnIoError) {
    const auto run = report("no/such/folder/plant.html");
    EXPECT_EQ(run.exit, 5) << run.err;
    EXPECT_EQ(run.error_lines().size(), 1u) << run.err;
}

TEST_F(ReportCli, MissingProjectIsAnIoError) {
    const auto run =
        run_cli(cli, *dir_,
                {"report", (*dir_ / "absent.twin").string(), "-o", (*dir_ / "x.html").string()});
    EXPECT_EQ(run.exit, 5) << run.err;
    EXPECT_FALSE(std::filesystem::exists(*dir_ / "x.html"));
}

}  // namespace
}  // namespace twinbench::test
