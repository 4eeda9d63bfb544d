#include "sim/study.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "models/model_fitting.h"
#include "sim/replay.h"

namespace twinbench {
namespace {

std::string tariff_key(const DatasetInfo& dataset) {
    return fmt::format("tariff:{}", dataset.id);
}

}  // namespace

nlohmann::json stored_models(const Project& project, std::int64_t dataset_id) {
    nlohmann::json models = nlohmann::json::object();
    for (const StoredModel& stored : project.models(dataset_id)) {
        auto spec = nlohmann::json::parse(stored.json, nullptr, false);
        if (spec.is_discarded() || !spec.is_object())
            throw ProjectError(fmt::format("{}: the stored {} model is damaged; run `fit` again",
                                           utf8_path_string(project.path()), stored.kind));
        models[stored.kind] = std::move(spec);
    }
    return models;
}

TimeOfUseTariff stored_tariff(const Project& project, const DatasetInfo& dataset) {
    if (const auto text = project.document(tariff_key(dataset))) {
        const auto j = nlohmann::json::parse(*text, nullptr, false);
        if (j.is_discarded())
            throw ProjectError(
                fmt::format("{}: the stored tariff is damaged", utf8_path_string(project.path())));
        return tariff_from_json(j);
    }
    TariffSettings settings;
    settings.time_zone = dataset.time_zone.empty() ? "UTC" : dataset.time_zone;
    return TimeOfUseTariff(settings);
}

void store_tariff(Project& project, const DatasetInfo& dataset, const TimeOfUseTariff& tariff) {
    Project::Transaction tx(project);
    project.set_document(tariff_key(dataset), to_json(tariff).dump());
    tx.commit();
}

PlantTwin build_twin(const nlohmann::json& models, const Table& table,
                     const std::string& time_zone) {
    PlantTwin twin = twin_from_fit_json(models, time_zone);
    twin.maintenance_setpoint_degC =
        learn_maintenance_setpoint(table, twin, twin.maintenance_setpoint_bin_min);
    return twin;
}

Study open_study(const Project& project, const std::string& dataset_name) {
    Study s{project.dataset(dataset_name), {}, {}, TimeOfUseTariff{}, {}, false};
    s.table = project.read_dataset(s.dataset);
    s.models = stored_models(project, s.dataset.id);
    if (s.models.empty()) {
        s.models = fit_all_models(s.table, s.dataset.time_zone).to_json()["models"];
        s.models_fitted_now = true;
    }
    s.tariff = stored_tariff(project, s.dataset);
    s.twin = build_twin(s.models, s.table, s.dataset.time_zone);
    s.twin.tariff = s.tariff.settings();
    return s;
}

}  // namespace twinbench
