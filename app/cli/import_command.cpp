#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/command_list.h"
#include "cli/progress_printer.h"
#include "cli/role_mapping.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/importer.h"
#include "data/project.h"

namespace twinbench::cli {
namespace {

constexpr std::size_t rejected_rows_in_json = 100;

class ImportCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("import", "Import CSV/TSV exports into a project (created if missing)");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("files", files_, "Files to import (CSV, TSV, .gz)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the main source's file name, e.g. historian for historian_2026-02.csv, historian_2026-03.csv)");
        sub_->add_option("--map", maps_, "ROLE=COLUMN, repeatable; wins over the proposed roles");
        sub_->add_option("--timezone", time_zone_, "IANA zone of local timestamps (default: this machine's)");
        sub_->add_option("--running-state", running_state_, "State value that means the line is running");
        sub_->add_option("--encoding", encoding_,
                         "Encoding of the files, e.g. windows-1255, ISO-8859-8, UTF-16LE (default: detected)");
        sub_->add_option("--delimiter", delimiter_,
                         "Field separator: one character (';', ':') or tab, space (default: detected)");
        sub_->add_option("--decimal", decimal_, "Decimal mark, '.' or ',' (default: decided per column)");
        sub_->add_option("--thousands", thousands_,
                         "Thousands separator: ',' '.' space \"'\" or none (default: any, in groups of three)");
        sub_->add_option("--header-line", header_line_, "Line of the header (1 = first; 0 = no header)");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        ImportOptions options;
        for (const auto& f : files_) options.files.push_back(path_from_utf8(f));
        options.dataset = dataset_;
        options.time_zone = time_zone_;
        options.running_state = running_state_;
        options.overrides.encoding = encoding_;
        if (!delimiter_.empty()) options.overrides.delimiter = delimiter_from_text(delimiter_);
        if (!decimal_.empty()) options.overrides.decimal_mark = decimal_mark_from_text(decimal_);
        if (!thousands_.empty()) options.overrides.thousands = thousands_from_text(thousands_);
        if (header_line_) options.overrides.header_line = *header_line_;
        check_overrides(options.overrides);
        for (const auto& m : maps_) options.role_overrides.push_back(parse_mapping(m));
        ProgressPrinter printer("importing");
        options.progress = [&](double fraction, std::string_view what) { return printer(fraction, what); };

        // Check every input before creating the project file, so a bad call leaves no
        // empty project behind.
        for (const auto& f : options.files) {
            std::error_code ec;
            if (!std::filesystem::exists(f, ec))
                throw BadInputError({utf8_path_string(f), 0, 0}, "no such file; check the path");
        }
        const bool existed = std::filesystem::exists(path_from_utf8(project_));
        ImportResult result;
        try {
            Project project(path_from_utf8(project_), Project::Mode::create_if_missing);
            result = import_files(project, options);
        } catch (...) {
            if (!existed) remove_new_project();
            throw;
        }
        print(result);
        return 0;
    }

private:
    void remove_new_project() const {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            auto file = path_from_utf8(project_);
            std::filesystem::remove(file += suffix, ec);
        }
    }

    void print(const ImportResult& result) const {
        if (json_) {
            nlohmann::json out;
            out["dataset"] = result.dataset;
            out["rows_imported"] = result.rows_imported;
            out["rows_rejected"] = result.rows_rejected;
            out["columns"] = nlohmann::json::array();
            for (const auto& c : result.columns)
                out["columns"].push_back({{"name", c.name},
                                          {"type", column_type_name(c.type)},
                                          {"role", role_name(c.role)},
                                          {"unit", c.unit},
                                          {"source", c.source},
                                          {"proposed_role", role_name(c.proposed_role)},
                                          {"role_reason", c.role_reason},
                                          {"missing", c.missing}});
            out["rejected"] = nlohmann::json::array();
            for (std::size_t i = 0; i < result.rejected.size() && i < rejected_rows_in_json; ++i) {
                const auto& r = result.rejected[i];
                out["rejected"].push_back({{"file", r.file}, {"line", r.line}, {"reason", r.reason}});
            }
            out["skipped"] = nlohmann::json::array();
            for (const auto& k : result.skipped)
                out["skipped"].push_back({{"file", k.file}, {"line", k.line}, {"text", k.raw}});
            out["notes"] = nlohmann::json::array();
            for (const auto& n : result.notes) out["notes"].push_back({{"file", n.file}, {"message", n.message}});
            out["files"] = nlohmann::json::array();
            for (const auto& f : result.files) {
                out["files"].push_back({{"file", f.file},
                                        {"encoding", f.encoding},
                                        {"delimiter", std::string(1, f.delimiter)},
                                        {"decimal_mark", std::string(1, f.decimal_mark)},
                                        {"thousands", f.thousands},
                                        {"given", f.given},
                                        {"rows_drop_trailing_fields", f.rows_drop_trailing_fields},
                                        {"time_column", f.time_column},
                                        {"timestamp_format", f.timestamp_format ? std::string(timestamp_format_name(*f.timestamp_format)) : ""},
                                        {"time_zone", f.time_zone},
                                        {"gzip", f.gzip},
                                        {"has_header", f.has_header},
                                        {"header_line", f.header_line},
                                        {"rows_imported", f.rows_read},
                                        {"rows_rejected", f.rows_rejected}});
            }
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << fmt::format("imported {} rows into dataset '{}' ({} rejected)\n", result.rows_imported, result.dataset,
                                 result.rows_rejected);
        for (const auto& f : result.files)
            std::cout << fmt::format("  {}: {} rows, {} rejected ({}, '{}' delimiter, '{}' decimal{}{}{}){}\n", f.file, f.rows_read,
                                     f.rows_rejected, f.encoding, f.delimiter == '\t' ? std::string("TAB") : std::string(1, f.delimiter),
                                     f.decimal_mark, f.thousands.empty() ? "" : ", '" + f.thousands + "' thousands",
                                     f.timestamp_format ? ", times " + std::string(timestamp_format_name(*f.timestamp_format)) : "",
                                     f.time_zone.empty() ? "" : " in " + f.time_zone,
                                     f.given.empty() ? "" : "; as given: " + f.given);
        std::cout << "columns (proposed roles with their reasons; change them with --map ROLE=COLUMN or "
                     "twinbench-cli roles):\n";
        for (const auto& c : result.columns)
            std::cout << fmt::format("  {:<36} {:<12} {:<16} {:<8} {:>7} missing  {}\n", c.name, column_type_name(c.type),
                                     role_name(c.role), c.unit, c.missing, c.role_reason);
        for (const auto& k : result.skipped)
            std::cout << fmt::format("skipped: {}:{}: {}\n", k.file, k.line, k.raw.substr(0, 200));
        for (const auto& n : result.notes) std::cout << "note: " << n.file << ": " << n.message << '\n';
        for (std::size_t i = 0; i < result.rejected.size() && i < 20; ++i) {
            const auto& r = result.rejected[i];
            std::cout << fmt::format("rejected: {}:{}: {}\n", r.file, r.line, r.reason);
        }
        if (result.rejected.size() > 20)
            std::cout << fmt::format("rejected: ... and {} more (all are stored in the project)\n", result.rejected.size() - 20);
    }

    std::string project_;
    std::vector<std::string> files_;
    std::string dataset_;
    std::vector<std::string> maps_;
    std::string time_zone_;
    std::string running_state_;
    std::string encoding_, delimiter_, decimal_, thousands_;
    std::optional<std::int64_t> header_line_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_import_command() { return std::make_unique<ImportCommand>(); }

}  // namespace twinbench::cli
