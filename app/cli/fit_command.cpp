#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "data/project.h"
#include "models/model_fitting.h"

namespace twinbench::cli {
namespace {

class FitCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("fit", "Fit the models the dataset supports and store them in the project");
        sub_->add_option("project", project_, "Project file (.twin)")->required();
        sub_->add_option("--dataset", dataset_, "Dataset name (default: the first)");
        sub_->add_flag("--json", json_, "Print the result as JSON");
    }

    int run() override {
        Project project(project_, Project::Mode::open_existing);
        const auto dataset = project.dataset(dataset_);
        const Table table = project.read_dataset(dataset);
        const auto result = fit_all_models(table, dataset.time_zone);
        store_models(project, dataset.id, result);
        if (json_) {
            auto out = result.to_json();
            out["dataset"] = dataset.name;
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        for (const auto& m : result.models) {
            std::cout << fmt::format("{} ({}), {} training and {} hold-out rows\n", m.key, m.json["kind"].get<std::string>(),
                                     m.json["n_train"].get<std::size_t>(), m.json["n_test"].get<std::size_t>());
            for (const auto& t : m.json["terms"])
                std::cout << fmt::format("  {:<32} {:>14} ± {}\n", t["name"].get<std::string>(), t["estimate"].dump(),
                                         t["std_error"].dump());
            std::cout << "  hold-out: " << m.json["metrics"].dump() << '\n';
            // The furnace model's order and why (first or second order, see MODELS.md).
            if (const auto o = m.json.find("order_selection"); o != m.json.end())
                std::cout << fmt::format("  order {}: {}\n", o->value("chosen", 1), o->value("reason", ""));
        }
        for (const auto& s : result.skipped) std::cout << fmt::format("not fitted: {}: {}\n", s.key, s.reason);
        return 0;
    }

private:
    std::string project_;
    std::string dataset_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> make_fit_command() { return std::make_unique<FitCommand>(); }

}  // namespace twinbench::cli
