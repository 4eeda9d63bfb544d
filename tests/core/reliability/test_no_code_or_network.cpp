// Security (issue 8): no project or scenario file can make Twinbench run a program, open a
// network connection or open a file whose path came from the file. The real twinbench-cli
// runs every command on a project whose every text (dataset, columns, units, category
// labels, stored source paths, notes, rejected rows, scenarios) was replaced by hand with
// shell commands, URLs, UNC and traversal paths and format strings, with a preloaded
// library (tests/shim/call_log_shim.cpp) logging each exec, socket, connect, dlopen and
// open of the process. The log must show none of them reaching for what the file named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/cli_runner.h"
#include "support/corpus_files.h"
#include "support/sample_plant.h"
#include "support/temp_dir.h"

#ifdef TWINBENCH_CALL_LOG_SHIM

namespace twinbench {
namespace {

namespace fs = std::filesystem;

// SQL string literal (the texts below are ours; quotes doubled all the same).
std::string sql_text(const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

class HostileProjectTexts : public ::testing::Test {
  protected:
    void SetUp() override {
        project_ = test::sample_plant_copy(dir_);
        const std::string pwned = (dir_ / "pwned").string();
        // Each text carries a marker the log is searched for.
        shell_ = "$(touch " + pwned + "-dollar)`touch " + pwned + "-tick`; touch " + pwned + "-semi";
        url_ = "<img src=\"http://evil.invalid/x.png\"> https://evil.invalid/meta-data";
        unc_ = "\\\\evil.invalid\\share\\historian.csv";
        traversal_ = "../../../../../../etc/shadow";
        file_url_ = "file:///etc/passwd";
        format_ = "{} {0} {:>99999} %n%s%s%s";
        const std::string sql =
            "UPDATE dataset SET name = " + sql_text("plant " + shell_) + ";" +
            "UPDATE column_info SET unit = " + sql_text(format_) + " WHERE unit = '';" +
            "UPDATE column_info SET header = " + sql_text(url_) + " || header;" +
            "UPDATE column_level SET label = " + sql_text(shell_) + " || label;" +
            "UPDATE source SET name = " + sql_text(unc_) + " || name;" +
            "UPDATE source_file SET path = CASE id % 4 WHEN 0 THEN " + sql_text(traversal_) +
            " WHEN 1 THEN " + sql_text(unc_) + " WHEN 2 THEN " + sql_text(file_url_) + " ELSE " +
            sql_text("/dev/zero") + " END;" +
            "INSERT INTO import_note(source_file_id, message) SELECT id, " + sql_text(url_) +
            " FROM source_file;" +
            "INSERT INTO rejected_row(source_file_id, line, reason, raw) SELECT id, 7, " +
            sql_text(format_) + ", " + sql_text(shell_) + " FROM source_file;";
        const std::string error = test::run_sql_on_file(project_, sql);
        ASSERT_EQ(error, "") << "hand-editing the project failed";
        dataset_ = "plant " + shell_;
        scenario_file_ = dir_ / "hostile_scenario.json";
        std::ofstream(scenario_file_)
            << R"({"name": )" << json_string(shell_ + " " + url_) << R"(, "horizon_h": 48, )"
            << R"("changes": [{"control": "speed", "op": "add", "value": -0.1}], )"
            << R"("tariff": {"time_zone": "Europe/Berlin", "currency": )" << json_string(format_)
            << R"(, "peak_price_per_kwh": 0.3, "offpeak_price_per_kwh": 0.2, )"
            << R"("peak_start": "07:00", "peak_end": "19:00", "peak_days": ["Mon"]}})";
        hostile_csv_ = dir_.write(
            "more.csv",
            "time,\"" + traversal_ + "\",\"" + unc_ + "\"\n2026-02-16 00:00,1,2\n2026-02-16 00:01,3,4\n");
    }

    static std::string json_string(const std::string& text) {
        std::string out = "\"";
        for (const char c : text) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        return out + "\"";
    }

    // Runs the CLI with the shim preloaded (through env(1), so the shell that std::system
    // starts is not itself logged) and returns the log's lines.
    std::vector<std::string> run_logged(const std::vector<std::string>& args, test::CliRun& run,
                                        const std::string& program = TWINBENCH_CLI_PATH) {
        const auto log = dir_ / "calls.log";
        fs::remove(log);
        std::string asan = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
        // The shim comes before the ASan runtime in a sanitizer build.
        asan += std::string(asan.empty() ? "" : ":") + "verify_asan_link_order=0";
        std::vector<std::string> full = {"LD_PRELOAD=" + std::string(TWINBENCH_CALL_LOG_SHIM),
                                         "TWINBENCH_CALL_LOG=" + log.string(),
                                         "ASAN_OPTIONS=" + asan, "QT_QPA_PLATFORM=offscreen",
                                         // the GUI's settings (recent projects) stay in here
                                         "XDG_CONFIG_HOME=" + (dir_ / "config").string(),
                                         "XDG_DATA_HOME=" + (dir_ / "data").string(), program};
        full.insert(full.end(), args.begin(), args.end());
        run = test::run_cli("env", dir_, full);
        std::vector<std::string> lines;
        std::ifstream in(log);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }

    // What no call may do, whatever the command: run a program, talk to another machine
    // (a local socket of the C library, e.g. nscd, would be "socket unix"), or touch a
    // path or host named in the file.
    void expect_clean(const std::string& what, const std::vector<std::string>& log) {
        EXPECT_FALSE(log.empty()) << what << ": the shim logged nothing; was it loaded?";
        for (const auto& line : log) {
            const bool forbidden =
                line.rfind("exec ", 0) == 0 || line.rfind("connect inet", 0) == 0 ||
                line.rfind("socket inet", 0) == 0 || line.find("evil.invalid") != std::string::npos ||
                line.find("shadow") != std::string::npos || line.find("passwd") != std::string::npos ||
                line.find("pwned") != std::string::npos || line.find("/dev/zero") != std::string::npos ||
                (line.rfind("dlopen ", 0) == 0 && line.find(dir_.path().string()) != std::string::npos);
            EXPECT_FALSE(forbidden) << what << ": " << line;
        }
        for (const char* suffix : {"-dollar", "-tick", "-semi"})
            EXPECT_FALSE(fs::exists(dir_.path() / (std::string("pwned") + suffix)))
                << what << ": a shell command from the file ran";
    }

    test::TempDir dir_;
    fs::path project_;
    fs::path scenario_file_;
    fs::path hostile_csv_;
    std::string dataset_, shell_, url_, unc_, traversal_, file_url_, format_;
};

TEST_F(HostileProjectTexts, NoCommandRunsCodeOpensTheNetworkOrAStoredPath) {
    const std::string p = project_.string();
    struct Case {
        std::string what;
        std::vector<std::string> args;
    };
    const std::vector<Case> cases = {
        {"audit", {"audit", p, "--json"}},
        {"fit", {"fit", p}},
        {"simulate with a hostile scenario file, saved in the project",
         {"simulate", p, "--scenario", scenario_file_.string(), "--runs", "20", "--save-scenario",
          shell_, "--note", url_}},
        {"simulate the stored scenario", {"simulate", p, "--scenario", shell_, "--json"}},
        {"optimize", {"optimize", p, "--minimize", "energy_kwh_per_part"}},
        {"report html", {"report", p, "-o", (dir_ / "r.html").string(), "--runs", "10"}},
        {"report xlsx", {"report", p, "-o", (dir_ / "r.xlsx").string(), "--runs", "10"}},
#ifdef TWINBENCH_HAS_PDF_REPORT
        {"report pdf", {"report", p, "-o", (dir_ / "r.pdf").string(), "--runs", "10"}},
#endif
        {"import a file with hostile column names", {"import", p, hostile_csv_.string(),
                                                     "--dataset", "more"}},
    };
    for (const auto& c : cases) {
        test::CliRun run;
        const auto log = run_logged(c.args, run);
        EXPECT_EQ(run.exit, 0) << c.what << ": " << run.command << "\n" << run.err_excerpt();
        expect_clean(c.what, log);
    }
#ifdef TWINBENCH_GUI_PATH
    {
        test::CliRun run;
        const auto png = dir_ / "workbench.png";
        const auto log = run_logged({"--screenshot", png.string(), p}, run, TWINBENCH_GUI_PATH);
        EXPECT_EQ(run.exit, 0) << "workbench: " << run.command << "\n" << run.err_excerpt();
        EXPECT_TRUE(fs::exists(png));
        expect_clean("the workbench opening the project", log);
    }
#endif
    // The report names the stored files as text (their file names) and escapes the markup.
    const std::string html = test::read_bytes(dir_ / "r.html");
    EXPECT_NE(html.find("<td>shadow</td>"), std::string::npos);
    EXPECT_EQ(html.find("<img src=\"http://evil.invalid"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=&quot;http://evil.invalid/x.png&quot;&gt;"), std::string::npos);
}

// The check above could pass with a shim that logs nothing: it must see a program run and
// a file opened.
TEST_F(HostileProjectTexts, TheShimSeesAProgramRunAndAFileOpened) {
    const auto log = dir_ / "calls.log";
    const auto file = dir_.write("opened.txt", "x");
    test::CliRun run = test::run_cli(
        "env", dir_,
        {"LD_PRELOAD=" + std::string(TWINBENCH_CALL_LOG_SHIM), "TWINBENCH_CALL_LOG=" + log.string(),
         "sh", "-c", "/bin/cat " + test::shell_quote(file.string()) + " >/dev/null; /bin/true"});
    EXPECT_EQ(run.exit, 0);
    const std::string text = test::read_bytes(log);
    EXPECT_NE(text.find("exec /bin/cat"), std::string::npos) << text;
    EXPECT_NE(text.find("open " + file.string()), std::string::npos) << text;
}

}  // namespace
}  // namespace twinbench

#endif  // TWINBENCH_CALL_LOG_SHIM
