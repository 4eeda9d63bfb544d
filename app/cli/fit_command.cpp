#include <charconv>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "data/project.h"
#include "models/furnace_output_models.h"
#include "models/stored_model_card.h"
#include "sim/graph_store.h"
#include "sim/horizon.h"
#include "sim/twin_fitting.h"

namespace twinbench::cli {
namespace {

// "  tau   25.1 ± 0.3  min" per term: the stored name as the project keeps it.
template <typename Term>
void print_terms(const std::vector<Term>& terms) {
    for (const auto& t : terms)
        std::cout << fmt::format("  {:<40} {:>14} ± {}{}\n", t.name, fmt::format("{:.6g}", t.estimate),
                                 fmt::format("{:.4g}", t.std_error), t.unit.empty() ? "" : "  " + t.unit);
}

void print_metrics(const std::vector<StoredMetric>& metrics) {
    std::cout << "  hold-out:";
    for (const auto& m : metrics) std::cout << fmt::format(" {} {:.4g}", m.key, m.value);
    std::cout << '\n';
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
            // The furnace dynamics' order and why come from its typed model (first or second
            // order, see MODELS.md); a fit the twin cannot read prints without them.
            std::optional<FurnaceOutputModels> furnace_models;
            try {
                furnace_models = furnace_output_models(*result.furnace);
            } catch (const ModelError&) {
            }
            for (const auto& m : result.furnace->models) {
                const StoredModelCard card = stored_model_card(m);
                std::cout << fmt::format("{} ({}), {} training and {} hold-out rows\n", card.key, card.kind,
                                         card.n_train, card.n_test);
                print_terms(card.terms);
                print_metrics(card.metrics);
                if (furnace_models && furnace_models->of_stored_fit(m.key) == furnace_models->temperature.get() &&
                    !furnace_models->temperature->report().form_reason.empty())
                    std::cout << fmt::format("  order {}: {}\n", furnace_models->temperature->furnace().second_order() ? 2 : 1,
                                             furnace_models->temperature->report().form_reason);
            }
            for (const auto& s : result.furnace->skipped)
                std::cout << fmt::format("not fitted: {}: {}\n", s.key, s.reason);
        }
        for (const auto& m : result.twin.models) {
            const HoldoutMetrics& h = m->report().metrics;
            std::cout << fmt::format("output '{}' ({}), {} training and {} hold-out rows, inputs: {}\n", m->output(),
                                     m->kind(), h.n_train, h.n_test, fmt::join(m->inputs(), ", "));
            std::cout << "  form: " << m->report().form_reason << '\n';
            print_terms(m->terms());
            print_metrics(holdout_metric_list(h));
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
