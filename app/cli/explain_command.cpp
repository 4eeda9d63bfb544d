#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/time_format.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "explain/dataset_explain.h"

namespace twinbench::cli {
namespace {

std::string figure(double v, const char* format = "{:.3g}") {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : "-";
}

std::string p_text(double p) { return p < 1e-4 ? "<1e-4" : fmt::format("{:.4f}", p); }

class ExplainCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("explain",
                                  "Why did it happen? Rank the likely causes of an excursion (a time window, a condition, "
                                  "or an output above its model band) against the rest of the data");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        auto* window = sub_->add_option("--window", window_,
                                        "START..END in ISO 8601, the data's local time unless an offset is given, "
                                        "e.g. 2026-03-02T06:00..2026-03-09");
        auto* condition = sub_->add_option("--condition", condition_,
                                           "A stored condition's name, or a rule such as 'scrap > 5'");
        auto* output = sub_->add_option("--output", output_, "An output: explain the rows above its model band");
        window->excludes(condition)->excludes(output);
        condition->excludes(output);
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        Project project(path_from_utf8(project_), Project::Mode::read_only);
        if (window_.empty() && condition_.empty() && output_.empty())
            throw UsageError("explain: give one of --window START..END, --condition NAME, --output NAME");
        const ExplainResult result = explain_dataset(project, {dataset_, window_, condition_, output_});
        if (json_) {
            std::cout << result.to_json().dump(2) << '\n';
            return 0;
        }
        print(result);
        return 0;
    }

private:
    static void print(const ExplainResult& r) {
        const auto& e = r.excursion;
        std::cout << fmt::format("excursion: {}, {} rows against {} reference rows\n", e.description, e.rows,
                                 e.reference_rows);
        if (e.value && e.reference_value)
            std::cout << fmt::format("  {} {}: {:.4g} against {:.4g}{}\n", e.outcome, e.measure, *e.value, *e.reference_value,
                                     e.predicted_value ? fmt::format(" (the twin predicts {:.4g} against {:.4g})",
                                                                     *e.predicted_value, *e.predicted_reference_value)
                                                       : "");
        if (r.explained_by_process)
            std::cout << fmt::format("  the process settings and disturbances explain {:.0f} % of it\n",
                                     100.0 * *r.explained_by_process);
        std::cout << fmt::format("\n{} candidates tested (of {} labels and signals looked at); most likely first:\n",
                                 r.candidates_tested, r.family_size);
        std::cout << fmt::format("{:<36} {:<8} {:>7} {:>8} {:>9} {:>11} {:>8}\n", "cause", "kind", "lift", "share",
                                 "p", "p given", "rows");
        for (const auto& c : r.causes) {
            std::cout << fmt::format("{:<36} {:<8} {:>7} {:>7}% {:>9} {:>11} {:>8}\n", c.name, c.kind, figure(c.lift),
                                     figure(100.0 * c.share_explained, "{:.0f}"), p_text(c.p_value),
                                     p_text(c.conditional_p_value), c.rows);
            std::cout << "    " << c.verdict << '\n';
            if (c.outcome_with && c.outcome_without)
                std::cout << fmt::format("    inside the excursion, {} {} {:.4g} with it, {:.4g} without\n", r.excursion.outcome,
                                         r.excursion.measure, *c.outcome_with, *c.outcome_without);
        }
        for (const auto& note : r.notes) std::cout << "note: " << note << '\n';
    }

    std::string project_;
    std::string dataset_;
    std::string window_;
    std::string condition_;
    std::string output_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_explain_command() { return std::make_unique<ExplainCommand>(); }

}  // namespace twinbench::cli
