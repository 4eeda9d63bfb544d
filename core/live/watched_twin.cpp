#include "live/watched_twin.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/furnace_output_models.h"

namespace twinbench {
namespace {

// Why the template's model cannot be watched from the live rows ("" when it can).
std::string why_not_watched(const OutputModel& model, const SignalFrame& history) {
    if (model.kind() == "core_temperature_soft_sensor")
        return "an estimate (the soft sensor): no column measures it continuously, only the sparse manual "
               "checks, which the template's fit folds into the estimate's bias; not watched";
    if (history.find(model.output()) == nullptr)
        return fmt::format("no column of the data is named '{}' (the twin alongside compares an output with the "
                           "column of the same name); not watched",
                           model.output());
    std::vector<std::string> missing;
    for (const auto& input : model.inputs())
        if (!input.empty() && history.find(input) == nullptr) missing.push_back(fmt::format("'{}'", input));
    if (!missing.empty())
        return fmt::format("its model reads {}, which the live rows do not carry{}; not watched",
                           fmt::join(missing, ", "),
                           std::find(missing.begin(), missing.end(),
                                     fmt::format("'{}'", core_temperature_signal_name)) != missing.end()
                               ? " (the core temperature is the soft sensor's estimate, not a column)"
                               : " (map the column again, or run fit)");
    return {};
}

}  // namespace

WatchedTwin watched_twin(const TwinStudy& study) {
    WatchedTwin w;
    w.twin = study.twin;
    if (!study.furnace) return w;
    // The template's outputs are upstream of the graph's (any output may read them): first.
    std::vector<std::shared_ptr<const OutputModel>> models;
    for (const auto& model : study.furnace->twin.models.all()) {
        if (w.twin.model_of(model->output()) != nullptr) continue;  // the graph models it itself
        const std::string why = why_not_watched(*model, study.history);
        if (why.empty())
            models.push_back(model);
        else
            w.unwatched.push_back(fmt::format("{}: {}", model->output(), why));
    }
    models.insert(models.end(), w.twin.models.begin(), w.twin.models.end());
    w.twin.models = std::move(models);
    return w;
}

}  // namespace twinbench
