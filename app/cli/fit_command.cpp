#include <charconv>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "sim/graph_store.h"
#include "sim/horizon.h"
#include "sim/twin_fitting.h"

namespace twinbench::cli {
namespace {

void print_terms(const nlohmann::json& terms) {
    for (const auto& t : terms)
        std::cout << fmt::format("  {:<40} {:>14} ± {}{}\n", t["name"].get<std::string>(), t["estimate"].dump(),
                                 t["std_error"].dump(),
                                 t.contains("unit") && !t["unit"].get<std::string>().empty()
                                     ? "  " + t["unit"].get<std::string>()
                                     : "");
}

class FitCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("fit", "Fit a model for every output the roles and the process graph support, and store them");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_option("--recent", recent_,
                         "Fit on the latest part of the data only, e.g. 365d, 90d (rows for data without a time "
                         "axis): a refit on a recent window when the trust verdict reports drift");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        Project project(path_from_utf8(project_), Project::Mode::open_existing);
        const auto dataset = project.dataset(dataset_);
        Table table = project.read_dataset(dataset);
        if (!recent_.empty()) {
            if (table.has_time()) table = recent_rows(table, parse_horizon_hours(recent_), 0);
            else table = recent_rows(table, 0.0, parse_row_count(recent_));
        }
        const TwinFitResult result = fit_twin(table, dataset, load_graph(project, dataset));
        store_twin_fit(project, dataset, result);
        if (json_) {
            auto out = result.to_json();
            out["dataset"] = dataset.name;
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        if (result.furnace) {
            for (const auto& m : result.furnace->models) {
                std::cout << fmt::format("{} ({}), {} training and {} hold-out rows\n", m.key,
                                         m.json["kind"].get<std::string>(), m.json["n_train"].get<std::size_t>(),
                                         m.json["n_test"].get<std::size_t>());
                print_terms(m.json["terms"]);
                std::cout << "  hold-out: " << m.json["metrics"].dump() << '\n';
                // The furnace model's order and why (first or second order, see MODELS.md).
                if (const auto o = m.json.find("order_selection"); o != m.json.end())
                    std::cout << fmt::format("  order {}: {}\n", o->value("chosen", 1), o->value("reason", ""));
            }
            for (const auto& s : result.furnace->skipped)
                std::cout << fmt::format("not fitted: {}: {}\n", s.key, s.reason);
        }
        for (const auto& m : result.twin.models) {
            const nlohmann::json j = m->to_json();
            std::cout << fmt::format("output '{}' ({}), {} training and {} hold-out rows, inputs: {}\n", m->output(),
                                     m->kind(), j["n_train"].get<std::size_t>(), j["n_test"].get<std::size_t>(),
                                     fmt::join(m->inputs(), ", "));
            std::cout << "  form: " << m->report().form_reason << '\n';
            print_terms(j["terms"]);
            std::cout << "  hold-out: " << j["metrics"].dump() << '\n';
            std::cout << "  trust: " << m->report().trust.message << '\n';
        }
        for (const auto& s : result.skipped) std::cout << fmt::format("not fitted: output '{}': {}\n", s.key, s.reason);
        for (const auto& n : result.graph_notes) std::cout << "graph: " << n << '\n';
        return 0;
    }

private:
    static std::size_t parse_row_count(const std::string& text) {
        std::size_t rows = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), rows);
        if (ec != std::errc{} || ptr != text.data() + text.size() || rows == 0)
            throw UsageError(fmt::format("--recent '{}': these data have no time axis; give a number of rows", text));
        return rows;
    }

    std::string project_;
    std::string recent_;
    std::string dataset_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_fit_command() { return std::make_unique<FitCommand>(); }

}  // namespace twinbench::cli
