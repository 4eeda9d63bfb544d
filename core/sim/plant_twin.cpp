#include "sim/plant_twin.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common/error.h"
#include "models/furnace_output_models.h"
#include "models/stored_fit_json.h"

namespace twinbench {
namespace {

using stored_fit::string_or;

const nlohmann::json& required(const nlohmann::json& models, const char* key, const char* what) {
    const auto it = models.find(key);
    if (it == models.end())
        throw ModelError(
            fmt::format("the simulation needs the {} model ({}); run `fit` after mapping its roles",
                        key, what));
    return *it;
}

}  // namespace

PlantTwin twin_from_fit_json(const nlohmann::json& models, const std::string& time_zone) {
    PlantTwin twin;
    try {
        required(models, "temperature", "furnace setpoint, temperature, ambient");
        required(models, "throughput", "speed, produced, state");
        // The template's typed models, built once from the stored fits; the simulator steps
        // through their parameters.
        twin.models = furnace_output_models(models);
        twin.furnace = twin.models.temperature->furnace();
        if (twin.models.core) twin.core = twin.models.core->core();
        // The grades index the material levels as the fits saw them (the soft sensor's, else
        // the direct scrap model's or the energy's heating constants').
        twin.core.grade_labels = twin.models.grade_labels;
        if (twin.models.scrap) twin.defect = twin.models.scrap->defect();
        if (twin.models.energy) {
            twin.energy = twin.models.energy->energy();
        } else {
            for (std::size_t g = 0; g < twin.core.grade_labels.size(); ++g)
                twin.energy.parts_theta_by_grade_min_per_m.push_back(0.0);
        }
        if (!twin.models.throughput)
            throw ModelError("the stored throughput model is empty; run `fit` again after mapping speed, produced and "
                             "state");
        twin.throughput = twin.models.throughput->throughput();
        twin.running_label = twin.models.throughput->running_label();
        twin.maintenance_label = twin.models.throughput->maintenance_label();
        twin.wear_column = twin.models.throughput->columns().wear;
    } catch (const nlohmann::json::exception& e) {
        throw ModelError(
            fmt::format("the stored models cannot be read ({}); run `fit` again", e.what()));
    }
    const bool defect_needs_core =
        std::any_of(twin.defect.terms.begin(), twin.defect.terms.end(), [](const auto& t) {
            return t.input == DefectTwin::Input::core || t.input == DefectTwin::Input::core_squared;
        });
    if (defect_needs_core && !twin.core.available) twin.defect.available = false;
    if (!twin.core.available)
        twin.warnings.push_back(
            !twin.defect.direct ? "no core-temperature soft sensor (map core_temp_check): core temperature and scrap are "
                                  "not simulated"
            : twin.defect.proxy_heating.theta_any_grade_min_per_m > 0.0
                ? "no core-temperature soft sensor (map core_temp_check): the core temperature is not shown; scrap "
                  "comes from the core temperature's physics (heating constants fitted without checks) and the "
                  "residence time"
                : "no core-temperature soft sensor (map core_temp_check): the core temperature is not simulated; "
                  "scrap comes from the furnace temperature and the residence time");
    if (!twin.defect.available)
        twin.warnings.push_back(
            "no process defect model linked to the controls: scrap is not simulated");
    if (!twin.energy.available)
        twin.warnings.push_back(
            "no physics energy model (map energy, furnace_temp, ambient_temp): energy is not "
            "simulated");
    twin.tariff.time_zone = time_zone.empty() ? "UTC" : time_zone;
    return twin;
}

}  // namespace twinbench
