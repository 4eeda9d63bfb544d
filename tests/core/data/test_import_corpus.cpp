// Data-driven run of the importer test corpus (tests/data/import and tests/data/hostile,
// documented in tests/data/README.md) against the real twinbench-cli: every MANIFEST.json
// entry becomes one test case. Inputs are copied (or generated) into a temporary folder,
// imported with the CLI as a child process, and the project it writes is read back with
// twinbench::Project. `detected` and `utc_at_lines` call parse_file directly. The misread/
// folder's `cells` are compared value by value (support/corpus_values.h).
//
// A failure names the manifest entry and the key, with expected and actual values.
#include <gtest/gtest.h>
#include <sqlite3.h>
#ifndef _WIN32
#include <sys/wait.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "data/format_overrides.h"
#include "data/parsed_file.h"
#include "data/project.h"
#include "data/roles.h"
#include "data/table.h"
#include "data/timestamp_parser.h"
#include "support/cli_runner.h"
#include "support/corpus_files.h"
#include "support/corpus_manifest.h"
#include "support/corpus_values.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::read_bytes;
using test::TempDir;
using test::CliRun;
using test::generate_csv;
using test::quick_check;
using test::read_page_info;
using test::run_sql_on_file;
using test::Sha256;
using test::CorpusEntry;
using test::load_manifest;

const fs::path corpus_root = TWINBENCH_TEST_DATA_DIR;
const std::string cli_path = TWINBENCH_CLI_PATH;
// The valid CSV used by `import` commands of .twin entries (README: "any valid CSV").
const fs::path default_import_csv = corpus_root / "import" / "utf8_no_bom.csv";

// ---- small helpers ------------------------------------------------------------------------

std::string show(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool project_left_behind(const fs::path& project, std::string& which) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const fs::path p = project.string() + suffix;
        if (fs::exists(p)) {
            which = p.filename().string();
            return true;
        }
    }
    return false;
}

bool relatively_equal(double expected, double actual) {
    if (expected == actual) return true;
    if (std::isnan(expected) || std::isnan(actual)) return false;
    return std::fabs(expected - actual) <= 1e-9 * std::max(std::fabs(expected), std::fabs(actual));
}

bool same_instant(double a, double b) {
    return std::fabs(a - b) < 5e-4;
}

// "2026-01-14T20:00:04.25Z" -> UTC seconds, with the importer's own ISO 8601 reader.
std::optional<double> parse_iso_utc(std::string_view s) {
    const auto parsed = parse_timestamp(s, TimestampFormat::iso8601);
    if (!parsed) return std::nullopt;
    return parsed->seconds;
}

CliRun run_cli(const TempDir& dir, const std::vector<std::string>& args) { return test::run_cli(cli_path, dir, args); }

// The entry's `args` as command-line options: --timezone and the format overrides.
std::vector<std::string> import_options(const json& entry) {
    std::vector<std::string> options;
    if (!entry.contains("args")) return options;
    const auto& a = entry["args"];
    for (const auto& [key, option] : std::vector<std::pair<std::string, std::string>>{
             {"timezone", "--timezone"}, {"encoding", "--encoding"}, {"delimiter", "--delimiter"},
             {"decimal", "--decimal"}, {"thousands", "--thousands"}, {"header_line", "--header-line"}}) {
        if (!a.contains(key)) continue;
        options.push_back(option);
        options.push_back(a[key].is_string() ? a[key].get<std::string>() : a[key].dump());
    }
    return options;
}

// The same for parse_file, with the CLI's own spellings.
FormatOverrides parse_overrides(const json& entry) {
    FormatOverrides o;
    if (!entry.contains("args")) return o;
    const auto& a = entry["args"];
    if (a.contains("encoding")) o.encoding = a["encoding"].get<std::string>();
    if (a.contains("delimiter")) o.delimiter = delimiter_from_text(a["delimiter"].get<std::string>());
    if (a.contains("decimal")) o.decimal_mark = decimal_mark_from_text(a["decimal"].get<std::string>());
    if (a.contains("thousands")) o.thousands = thousands_from_text(a["thousands"].get<std::string>());
    if (a.contains("header_line")) o.header_line = a["header_line"].get<std::int64_t>();
    return o;
}

// ---- enum names ---------------------------------------------------------------------------------

std::string timestamp_format_enumerator(const std::optional<TimestampFormat>& format) {
    if (!format) return "none";
    switch (*format) {
        case TimestampFormat::iso8601:
            return "iso8601";
        case TimestampFormat::dmy_dot:
            return "dmy_dot";
        case TimestampFormat::dmy_slash:
            return "dmy_slash";
        case TimestampFormat::mdy_slash:
            return "mdy_slash";
        case TimestampFormat::dmy_dash:
            return "dmy_dash";
        case TimestampFormat::ymd_slash:
            return "ymd_slash";
        case TimestampFormat::epoch_seconds:
            return "epoch_seconds";
        case TimestampFormat::epoch_millis:
            return "epoch_millis";
    }
    return "unknown";
}

// ---- the test -----------------------------------------------------------------------------------

class ImportCorpus : public ::testing::TestWithParam<CorpusEntry> {
  protected:
    void fail(const std::string& key, const std::string& expected, const std::string& actual) {
        ADD_FAILURE() << "[" << entry().label << "] key '" << key << "': expected " << expected
                      << ", actual " << actual;
    }
    void fail(const std::string& key, const std::string& message) {
        ADD_FAILURE() << "[" << entry().label << "] key '" << key << "': " << message;
    }
    const CorpusEntry& entry() const { return GetParam(); }
    const json& spec() const { return *entry().spec; }
    const json& expect() const { return spec().at("expect"); }

    void run_csv_entry();
    void run_twin_entry();
    void check_failure(const CliRun& run, const std::string& key_prefix);
    void check_project(const CliRun& run, const fs::path& project);
    void check_parse(const fs::path& file);

    TempDir dir_;
};

// exit != 0: message_contains, message_regex, exactly one `error:` line.
void ImportCorpus::check_failure(const CliRun& run, const std::string& key_prefix) {
    const auto errors = run.error_lines();
    if (errors.size() != 1) {
        fail(key_prefix + "exit", "exactly one stderr line starting with 'error:'",
             std::to_string(errors.size()) + " such lines; stderr: " + show(run.err_excerpt()));
        if (errors.empty()) return;
    }
    const std::string& line = errors.front();
    for (const auto& needle : expect().value("message_contains", json::array()))
        if (line.find(needle.get<std::string>()) == std::string::npos)
            fail(key_prefix + "message_contains", "error line containing " + show(needle),
                 show(line));
    if (expect().contains("message_regex")) {
        const std::string pattern = expect()["message_regex"];
        try {
            if (!std::regex_search(line, std::regex(pattern, std::regex::ECMAScript)))
                fail(key_prefix + "message_regex", "error line matching " + show(pattern),
                     show(line));
        } catch (const std::regex_error& e) {
            fail(key_prefix + "message_regex", "bad regex " + show(pattern) + ": " + e.what());
        }
    }
}

void ImportCorpus::check_parse(const fs::path& file) {
    const auto& ex = expect();
    ParseOptions options;
    options.time_zone = spec().contains("args")
                            ? spec()["args"].value("timezone", std::string("UTC"))
                            : std::string("UTC");
    options.overrides = parse_overrides(spec());
    std::optional<ParsedFile> parsed;
    try {
        parsed = parse_file(file, options);
    } catch (const std::exception& e) {
        fail(ex.contains("detected") ? "detected" : "utc_at_lines",
             std::string("parse_file succeeding"), std::string("exception: ") + e.what());
        return;
    }
    const auto& info = parsed->info;
    if (ex.contains("detected")) {
        const auto& d = ex["detected"];
        if (d.contains("encoding") && d["encoding"].get<std::string>() != info.encoding)
            fail("detected.encoding", show(d["encoding"]), show(info.encoding));
        if (d.contains("encoding_starts_with") &&
            info.encoding.rfind(d["encoding_starts_with"].get<std::string>(), 0) != 0)
            fail("detected.encoding_starts_with", show(d["encoding_starts_with"]),
                 show(info.encoding));
        if (d.contains("delimiter") &&
            d["delimiter"].get<std::string>() != std::string(1, info.delimiter))
            fail("detected.delimiter", show(d["delimiter"]), show(std::string(1, info.delimiter)));
        if (d.contains("decimal_mark") &&
            d["decimal_mark"].get<std::string>() != std::string(1, info.decimal_mark))
            fail("detected.decimal_mark", show(d["decimal_mark"]),
                 show(std::string(1, info.decimal_mark)));
        if (d.contains("has_header") && d["has_header"].get<bool>() != info.has_header)
            fail("detected.has_header", show(d["has_header"]), show(info.has_header));
        if (d.contains("header_line") && d["header_line"].get<std::int64_t>() != info.header_line)
            fail("detected.header_line", show(d["header_line"]), show(info.header_line));
        if (d.contains("thousands") && d["thousands"].get<std::string>() != info.thousands)
            fail("detected.thousands", show(d["thousands"]), show(info.thousands));
        if (d.contains("gzip") && d["gzip"].get<bool>() != info.gzip)
            fail("detected.gzip", show(d["gzip"]), show(info.gzip));
        if (d.contains("timestamp_format") &&
            d["timestamp_format"].get<std::string>() !=
                timestamp_format_enumerator(info.timestamp_format))
            fail("detected.timestamp_format", show(d["timestamp_format"]),
                 show(timestamp_format_enumerator(info.timestamp_format)));
    }
    if (ex.contains("utc_at_lines")) {
        const auto& table = parsed->table;
        for (const auto& [line_text, iso] : ex["utc_at_lines"].items()) {
            const std::int64_t line = std::stoll(line_text);
            const std::string key = "utc_at_lines." + line_text;
            const auto expected = parse_iso_utc(iso.get<std::string>());
            if (!expected) {
                fail(key, "manifest time " + show(iso) + " is not ISO 8601");
                continue;
            }
            const auto it = std::find(parsed->row_lines.begin(), parsed->row_lines.end(), line);
            if (it == parsed->row_lines.end()) {
                std::string rejected;
                for (const auto& r : parsed->rejected)
                    if (r.line == line) rejected = " (rejected: " + r.reason + ")";
                fail(key, show(iso), "no imported row starts on line " + line_text + rejected);
                continue;
            }
            const auto row = static_cast<std::size_t>(it - parsed->row_lines.begin());
            if (!table.has_time() || row >= table.time_s.size()) {
                fail(key, show(iso), "the rows have no time axis");
                continue;
            }
            const double actual = table.time_s[row];
            if (!same_instant(*expected, actual))
                fail(key, show(iso), show(format_utc_iso(actual)));
        }
    }
}

void ImportCorpus::check_project(const CliRun& run, const fs::path& project_path) {
    const auto& ex = expect();
    json out;
    try {
        out = json::parse(run.out);
    } catch (const std::exception& e) {
        fail("rows_imported", "JSON on stdout",
             std::string(e.what()) + "; stdout: " + show(run.out.substr(0, 400)));
        return;
    }
    for (const char* key : {"rows_imported", "rows_rejected"})
        if (ex.contains(key) && ex[key] != out.value(key, json()))
            fail(key, show(ex[key]), show(out.value(key, json())));
    if (ex.contains("notes_contain")) {
        for (const auto& needle : ex["notes_contain"]) {
            bool found = false;
            json messages = json::array();
            for (const auto& n : out.value("notes", json::array())) {
                const std::string message = n.value("message", std::string());
                messages.push_back(message);
                found |= message.find(needle.get<std::string>()) != std::string::npos;
            }
            if (!found)
                fail("notes_contain", "a note containing " + show(needle),
                     "notes " + show(messages));
        }
    }

    if (ex.contains("report_missing")) {
        for (const auto& [name, expected] : ex["report_missing"].items()) {
            json actual = "<no such column in the report>";
            for (const auto& c : out.value("columns", json::array()))
                if (c.value("name", std::string()) == name) actual = c.value("missing", json());
            if (actual != expected) fail("report_missing." + name, show(expected), show(actual));
        }
    }

    std::optional<Project> project;
    try {
        project.emplace(project_path, Project::Mode::read_only);
    } catch (const std::exception& e) {
        fail("exit", "a readable project after exit 0", std::string("opening failed: ") + e.what());
        return;
    }
    const auto dataset = project->find_dataset("corpus");
    if (!dataset) {
        fail("sources", "dataset 'corpus' in the project", "no such dataset");
        return;
    }
    if (ex.contains("sources") && ex["sources"].get<std::size_t>() != dataset->sources.size())
        fail("sources", show(ex["sources"]), show(dataset->sources.size()));
    if (dataset->sources.empty()) {
        fail("columns", "at least one source", "none");
        return;
    }
    std::vector<Table> tables;
    for (const auto& s : dataset->sources) tables.push_back(project->read_source(s.id));
    const Table& main = tables.front();

    const auto find_column = [&](const std::string& name) -> const Column* {
        for (const auto& t : tables)
            if (const auto* c = t.find(name)) return c;
        return nullptr;
    };
    json all_names = json::array();
    for (const auto& t : tables)
        for (const auto& c : t.columns) all_names.push_back(c.name);
    const auto missing_column = [&](const std::string& key, const std::string& name) {
        fail(key + "." + name, "a column named " + show(name),
             "no such column; columns are " + show(all_names));
    };

    if (ex.contains("columns") && ex["columns"].get<std::size_t>() != main.columns.size())
        fail("columns", show(ex["columns"]), show(main.columns.size()));
    if (ex.contains("column_names")) {
        json names = json::array();
        for (const auto& c : main.columns) names.push_back(c.name);
        if (names != ex["column_names"])
            fail("column_names", show(ex["column_names"]), show(names));
    }
    if (ex.contains("time_column")) {
        json actual = nullptr;
        if (main.has_time()) {
            actual = "<a time axis without a column of role 'time'>";
            if (const auto* c = main.find_role(Role::time)) actual = c->name;
        }
        if (actual != ex["time_column"]) fail("time_column", show(ex["time_column"]), show(actual));
    }
    for (const char* key : {"types", "units", "roles"}) {
        if (!ex.contains(key)) continue;
        for (const auto& [name, expected] : ex[key].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column(key, name);
                continue;
            }
            std::string actual;
            if (std::string_view(key) == "types")
                actual = column_type_name(column->type);
            else if (std::string_view(key) == "units")
                actual = column->unit;
            else
                actual = role_name(column->role);
            if (actual != expected.get<std::string>())
                fail(std::string(key) + "." + name, show(expected), show(actual));
        }
    }
    if (ex.contains("missing")) {
        for (const auto& [name, expected] : ex["missing"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("missing", name);
                continue;
            }
            std::size_t count = 0;
            for (std::size_t r = 0; r < column->size(); ++r) count += column->is_missing(r);
            if (count != expected.get<std::size_t>())
                fail("missing." + name, show(expected), show(count));
        }
    }
    if (ex.contains("levels_contain")) {
        for (const auto& [name, labels] : ex["levels_contain"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("levels_contain", name);
                continue;
            }
            if (column->type != ColumnType::categorical) {
                fail("levels_contain." + name, "a categorical column",
                     std::string(column_type_name(column->type)));
                continue;
            }
            for (const auto& label : labels)
                if (std::find(column->levels.begin(), column->levels.end(),
                              label.get<std::string>()) == column->levels.end())
                    fail("levels_contain." + name, "level " + show(label),
                         "levels " + show(json(column->levels)));
        }
    }
    if (ex.contains("values")) {
        for (const auto& [name, expected] : ex["values"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("values", name);
                continue;
            }
            if (column->type == ColumnType::categorical) {
                fail("values." + name, "a numeric column",
                     "categorical, levels " + show(json(column->levels)));
                continue;
            }
            std::vector<double> actual;
            for (const double v : column->values)
                if (!std::isnan(v)) actual.push_back(v);
            bool same = actual.size() == expected.size();
            for (std::size_t i = 0; same && i < actual.size(); ++i)
                same = relatively_equal(expected[i].get<double>(), actual[i]);
            if (!same) fail("values." + name, show(expected), show(json(actual)));
        }
    }
    std::vector<std::string> problems;
    if (ex.contains("cells")) problems = test::check_cells(ex["cells"], tables);
    if (ex.contains("skipped_lines")) {
        const auto more = test::check_skipped_lines(ex["skipped_lines"], project->skipped_lines(dataset->id));
        problems.insert(problems.end(), more.begin(), more.end());
    }
    if (ex.contains("source_file")) {
        const auto more = test::check_source_file(ex["source_file"], project->source_files(dataset->id));
        problems.insert(problems.end(), more.begin(), more.end());
    }
    for (const auto& p : problems) fail(p.substr(0, p.find(':')), p);
    if (ex.contains("rejected_lines")) {
        json lines = json::array();
        json reasons = json::array();
        for (const auto& r : project->rejected_rows(dataset->id)) {
            lines.push_back(r.line);
            reasons.push_back(std::to_string(r.line) + ": " + r.reason);
        }
        if (lines != ex["rejected_lines"])
            fail("rejected_lines", show(ex["rejected_lines"]),
                 show(lines) + " (" + show(reasons) + ")");
    }
    if (ex.contains("aligned")) {
        Table aligned;
        try {
            aligned = project->read_dataset(*dataset);
        } catch (const std::exception& e) {
            fail("aligned", std::string("read_dataset succeeding"),
                 std::string("exception: ") + e.what());
            return;
        }
        for (const auto& a : ex["aligned"]) {
            const std::string time_text = a.at("time_utc");
            const std::string name = a.at("column");
            const std::string key = "aligned[" + time_text + ", " + name + "]";
            const auto t = parse_iso_utc(time_text);
            if (!t) {
                fail(key, "manifest time " + show(time_text) + " is not ISO 8601");
                continue;
            }
            const auto it = std::find_if(aligned.time_s.begin(), aligned.time_s.end(),
                                         [&](double v) { return same_instant(v, *t); });
            if (it == aligned.time_s.end()) {
                fail(key, "a main-source row at " + time_text, "none");
                continue;
            }
            const auto row = static_cast<std::size_t>(it - aligned.time_s.begin());
            const auto* column = aligned.find(name);
            if (!column) {
                json names = json::array();
                for (const auto& c : aligned.columns) names.push_back(c.name);
                fail(key, "column " + show(name) + " in read_dataset", "columns " + show(names));
                continue;
            }
            json actual;
            if (column->is_missing(row))
                actual = "<missing>";
            else if (column->type == ColumnType::categorical)
                actual = std::string(column->label(row));
            else
                actual = column->values[row];
            const json& expected = a.at("value");
            const bool same = expected.is_number() && actual.is_number()
                                  ? relatively_equal(expected.get<double>(), actual.get<double>())
                                  : expected == actual;
            if (!same) fail(key, show(expected), show(actual));
        }
    }
}

void ImportCorpus::run_csv_entry() {
    const auto& e = spec();
    const auto& ex = expect();
    const int expected_exit = ex.at("exit");

    // Inputs in the temporary folder, under their own names (messages name the file).
    std::vector<fs::path> inputs;
    if (e.contains("generate")) {
        const auto& g = e["generate"];
        std::string bytes;
        try {
            bytes = generate_csv(g);
        } catch (const std::exception& ex_) {
            fail("generate", ex_.what());
            return;
        }
        if (g.contains("sha256")) {
            const auto hash = Sha256::hex(bytes);
            if (hash != g["sha256"].get<std::string>())
                fail("generate.sha256", show(g["sha256"]), show(hash));
        }
        inputs.push_back(dir_ / g.at("name").get<std::string>());
        write_file(inputs.back(), bytes);
    } else {
        std::vector<std::string> names;
        if (e.contains("file")) names.push_back(e["file"]);
        for (const auto& f : e.value("files", json::array())) names.push_back(f);
        for (const auto& name : names) {
            const auto source = corpus_root / entry().folder / name;
            const auto target = dir_.path() / fs::path(name).filename();
            if (fs::exists(source))
                fs::copy_file(source, target, fs::copy_options::overwrite_existing);
            // else: the "missing file" entry; the CLI gets the absent path.
            inputs.push_back(target);
        }
    }
    std::vector<std::string> originals;
    for (const auto& f : inputs) originals.push_back(fs::exists(f) ? read_bytes(f) : std::string());

    const auto project = dir_ / "p.twin";
    std::vector<std::string> args = {"import", project.string()};
    for (const auto& f : inputs) args.push_back(f.string());
    args.insert(args.end(), {"--dataset", "corpus", "--json"});
    const auto options = import_options(e);
    args.insert(args.end(), options.begin(), options.end());
    const CliRun run = run_cli(dir_, args);
    RecordProperty("cli_seconds", std::to_string(run.seconds));

    if (run.exit != expected_exit) {
        const auto errors = run.error_lines();
        std::string detail;
        if (!errors.empty()) detail = " (" + show(errors.front()) + ")";
        if (run.exit == 0) {
            const auto out = json::parse(run.out, nullptr, false);
            if (out.is_object())
                detail = " (rows_imported " + show(out.value("rows_imported", json())) +
                         ", rows_rejected " + show(out.value("rows_rejected", json())) + ")";
        } else if (errors.empty()) {
            detail = "; stderr: " + show(run.err_excerpt());
        }
        fail("exit", std::to_string(expected_exit), std::to_string(run.exit) + detail);
    }
    if (ex.value("unchanged", false))
        for (std::size_t i = 0; i < inputs.size(); ++i)
            if (fs::exists(inputs[i]) && read_bytes(inputs[i]) != originals[i])
                fail("unchanged", inputs[i].filename().string() + " byte-identical",
                     "it was modified");

    if (expected_exit != 0) {
        if (run.exit != expected_exit) return;
        check_failure(run, "");
        std::string which;
        if (project_left_behind(project, which))
            fail("exit", "no project file left after a failed import", which + " exists");
        return;
    }
    if (run.exit != 0) return;  // reported above; nothing to compare
    check_project(run, project);
    if ((ex.contains("detected") || ex.contains("utc_at_lines")) && !inputs.empty())
        check_parse(inputs.front());
}

void ImportCorpus::run_twin_entry() {
    const auto& e = spec();
    const auto& ex = expect();
    const int expected_exit = ex.at("exit");
    fs::path project;
    if (e.contains("generate")) {
        const auto& g = e["generate"];
        const std::string kind = g.at("kind");
        project = dir_ / g.at("name").get<std::string>();
        const auto source_csv = corpus_root / g.at("source_csv").get<std::string>();
        const auto made = run_cli(dir_, {"import", project.string(), source_csv.string()});
        if (made.exit != 0 || !fs::exists(project)) {
            fail("generate", "the CLI creating the project (exit 0)",
                 "exit " + std::to_string(made.exit) + "; stderr: " + show(made.err_excerpt()));
            return;
        }
        for (const char* suffix : {"-wal", "-shm"})
            if (fs::exists(project.string() + suffix))
                fail("generate", std::string("no ") + suffix + " file after the CLI exits",
                     "it exists");
        std::string bytes = read_bytes(project);
        const auto pages = read_page_info(bytes);
        if (pages.page_size == 0 || pages.page_count < 2) {
            fail("generate", "a real SQLite project",
                 "page size " + std::to_string(pages.page_size) + ", " +
                     std::to_string(pages.page_count) + " pages");
            return;
        }
        if (kind == "corrupt_project") {
            const auto fill = static_cast<char>(g.at("fill_byte").get<int>());
            bool damaged = false;
            std::string verdicts;
            for (std::size_t page = pages.page_count / 2 + 1; page <= pages.page_count && !damaged;
                 ++page) {
                std::string copy = bytes;
                std::fill_n(
                    copy.begin() + static_cast<std::ptrdiff_t>((page - 1) * pages.page_size),
                    pages.page_size, fill);
                write_file(project, copy);
                const auto verdict = quick_check(project);
                verdicts += " page " + std::to_string(page) + ": " + verdict + ";";
                damaged = verdict != "ok";
            }
            if (!damaged) {
                fail("generate", "a page whose damage quick_check detects", verdicts);
                return;
            }
        } else if (kind == "truncated_project") {
            const double fraction = g.at("keep_fraction");
            std::size_t keep =
                static_cast<std::size_t>(std::floor(static_cast<double>(bytes.size()) * fraction));
            keep -= keep % pages.page_size;
            bytes.resize(keep);
            write_file(project, bytes);
        } else if (kind == "tampered_project") {
            const std::string error = run_sql_on_file(project, g.at("sql").get<std::string>());
            if (!error.empty()) {
                fail("generate", "the tampering SQL to run", error);
                return;
            }
        } else {
            fail("generate", "unknown .twin recipe " + show(kind));
            return;
        }
    } else {
        const auto source = corpus_root / entry().folder / e.at("file").get<std::string>();
        project = dir_.path() / fs::path(e["file"].get<std::string>()).filename();
        fs::copy_file(source, project, fs::copy_options::overwrite_existing);
    }
    const std::string original = read_bytes(project);

    for (const auto& c : e.value("commands", json::array())) {
        const std::string command = c;
        const std::string prefix = "commands[" + command + "].";
        std::vector<std::string> args = {command, project.string()};
        if (command == "import") args.push_back(default_import_csv.string());
        const CliRun run = run_cli(dir_, args);
        if (run.exit != expected_exit) {
            const auto errors = run.error_lines();
            fail(prefix + "exit", std::to_string(expected_exit),
                 std::to_string(run.exit) + (errors.empty() ? "; stderr: " + show(run.err_excerpt())
                                                            : " (" + show(errors.front()) + ")"));
        } else if (expected_exit != 0) {
            check_failure(run, prefix);
        }
        if (ex.value("unchanged", false) && read_bytes(project) != original) {
            fail(prefix + "unchanged", project.filename().string() + " byte-identical",
                 "it was modified");
            write_file(project, original);  // the next command starts from the same bytes
        }
        std::error_code ec;
        fs::remove(project.string() + "-wal", ec);
        fs::remove(project.string() + "-shm", ec);
    }
}

TEST_P(ImportCorpus, MatchesManifest) {
    const auto& e = spec();
    if (e.contains("manifest_error"))
        FAIL() << entry().label << ": " << e["manifest_error"].get<std::string>();
    if (!fs::exists(cli_path)) FAIL() << "twinbench-cli not built at " << cli_path;
    const std::string kind = e.value("kind", std::string("csv"));
    if (kind == "twin")
        run_twin_entry();
    else if (kind == "csv")
        run_csv_entry();
    else
        FAIL() << "[" << entry().label << "] unknown kind '" << kind << "'";
}

std::string corpus_test_name(const ::testing::TestParamInfo<CorpusEntry>& info) {
    return info.param.test_name;
}

INSTANTIATE_TEST_SUITE_P(Import, ImportCorpus, ::testing::ValuesIn(load_manifest(corpus_root, "import")),
                         corpus_test_name);
INSTANTIATE_TEST_SUITE_P(Hostile, ImportCorpus, ::testing::ValuesIn(load_manifest(corpus_root, "hostile")),
                         corpus_test_name);
INSTANTIATE_TEST_SUITE_P(Misread, ImportCorpus, ::testing::ValuesIn(load_manifest(corpus_root, "misread")),
                         corpus_test_name);

}  // namespace
}  // namespace twinbench
