#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/time_format.h"
#include "common/utf8_path.h"
#include "data/audit.h"
#include "data/condition.h"
#include "data/project.h"

namespace twinbench::cli {
namespace {

std::string percent(double fraction) { return std::isnan(fraction) ? "-" : fmt::format("{:.2f}%", 100.0 * fraction); }

class AuditCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("audit", "Data-quality audit of a dataset: missing, stuck, outliers, gaps, score");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option("--condition", condition_,
                         "Audit only the rows of a stored condition, or of a rule such as 'humidity > 70'");
        sub_->add_option("--save-condition", save_as_, "Store --condition's rule under this name");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        const bool writes = !save_as_.empty();
        Project project(path_from_utf8(project_),
                        writes ? Project::Mode::open_existing : Project::Mode::read_only);
        const auto dataset = project.dataset(dataset_);
        const Table table = project.read_dataset(dataset);

        AuditOptions options;
        options.rows_rejected = dataset.rows_rejected;
        options.running_label = dataset.running_state;
        if (!condition_.empty()) {
            Condition condition{condition_, condition_};
            for (const auto& stored : project.conditions(dataset.id))
                if (stored.name == condition_) condition = stored;
            const ConditionContext context{dataset.running_state, dataset.time_zone};
            const auto mask = evaluate_condition(table, condition, context);
            options.row_mask = mask.rows;
            options.condition_name = condition.name;
            if (writes) project.save_condition(dataset.id, {save_as_, condition.rule});
        } else if (writes) {
            throw UsageError("--save-condition needs --condition RULE");
        }
        const auto report = audit_table(table, options);
        if (json_) {
            auto out = audit_to_json(report);
            out["dataset"] = dataset.name;
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        print(dataset, report);
        return 0;
    }

private:
    static void print(const DatasetInfo& dataset, const AuditReport& report) {
        std::cout << fmt::format("dataset '{}': {} rows{}", dataset.name, report.rows,
                                 report.condition.empty() ? "" : " where " + report.condition);
        if (report.has_time)
            std::cout << fmt::format(", {} to {}, every {:.0f} s", format_utc_iso(report.start_s), format_utc_iso(report.end_s),
                                     report.sampling_interval_s);
        std::cout << fmt::format("\nscore: {:.0f}/100\n", report.score);
        for (const auto& reason : report.reasons()) std::cout << "  " << reason << '\n';
        std::cout << fmt::format("\n{:<32} {:>9} {:>9} {:>9} {:>11} {:>11} {:>11} {:>11}\n", "column", "missing", "stuck",
                                 "outliers", "min", "p01", "p99", "max");
        for (const auto& c : report.columns) {
            if (c.type == ColumnType::categorical || c.type == ColumnType::timestamp) {
                std::cout << fmt::format("{:<32} {:>9}{}\n", c.name, percent(c.missing_fraction),
                                         c.open_end_rows == 0 ? std::string()
                                                              : fmt::format("   open end in {} rows (valid until further "
                                                                            "notice, such as 9999-12-31)",
                                                                            c.open_end_rows));
                continue;
            }
            std::cout << fmt::format("{:<32} {:>9} {:>9} {:>9} {:>11.4g} {:>11.4g} {:>11.4g} {:>11.4g}\n", c.name,
                                     percent(c.missing_fraction), c.flatline_checked ? percent(c.flatline_fraction) : "-",
                                     c.outlier_rule.empty() ? "-" : percent(c.outlier_fraction), c.min, c.p01, c.p99, c.max);
        }
        if (!report.gaps.empty()) {
            std::cout << fmt::format("\n{} gaps in time:\n", report.gaps.size());
            for (const auto& gap : report.gaps)
                std::cout << fmt::format("  {} to {} ({:.1f} h)\n", format_utc_iso(gap.start_s), format_utc_iso(gap.end_s), gap.duration_s / 3600.0);
        }
        if (!report.envelope.empty()) {
            std::cout << fmt::format("\noperating envelope ({}):\n", report.envelope_basis);
            for (const auto& e : report.envelope) {
                if (!e.levels.empty()) {
                    std::cout << fmt::format("  {:<12} {}:", role_name(e.role), e.column);
                    for (const auto& l : e.levels) std::cout << fmt::format(" {} {:.1f}%", l.level, 100.0 * l.fraction);
                    std::cout << '\n';
                } else {
                    std::cout << fmt::format("  {:<12} {} [{}]: p01 {:.4g} .. p99 {:.4g} (min {:.4g}, max {:.4g})\n",
                                             role_name(e.role), e.column, e.unit, e.p01, e.p99, e.min, e.max);
                }
            }
        }
    }

    std::string project_;
    std::string dataset_;
    std::string condition_;
    std::string save_as_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_audit_command() { return std::make_unique<AuditCommand>(); }

}  // namespace twinbench::cli
