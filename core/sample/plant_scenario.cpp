// The scenario behind a sample: truth, inputs and seed, from options or from the
// truth.json a sample wrote. Separate from the writer so that what-if checks can rebuild
// the true run without writing files.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "sample/plant_export.h"
#include "sample/plant_physics.h"
#include "sample/sample_clock.h"

namespace twinbench {

namespace {

// Validates the options and returns the UTC instant of the first interval.
UtcSeconds checked_start_utc(const SampleOptions& options) {
    if (options.days < 1) {
        throw UsageError("--days must be at least 1");
    }
    if (options.step_minutes < 1 || options.step_minutes > 1440) {
        throw UsageError("--step-minutes must be between 1 and 1440");
    }
    const auto wall = sample::parse_wall_time(options.start_local);
    if (!wall) {
        throw UsageError("start time '" + options.start_local +
                         "' is not a local time like 2026-02-16T00:00");
    }
    return sample::LocalClock(options.time_zone).to_utc(*wall);
}

SampleScenario scenario_with_truth(const SampleOptions& options, PlantTruth truth) {
    const UtcSeconds start = checked_start_utc(options);
    SampleScenario s;
    s.truth = std::move(truth);
    s.truth.time_zone = options.time_zone;
    s.seed = options.seed;
    s.inputs = generate_inputs(s.truth, start, options.days, options.step_minutes, options.seed);
    return s;
}

// The designed plant with the options' variant features.
PlantTruth truth_for_options(const SampleOptions& options) {
    PlantTruth truth = default_truth();
    if (options.physics_seed) {
        truth = perturbed_truth(truth, *options.physics_seed);
    }
    if (options.scrap_model == ScrapModel::direct) {
        truth.scrap_model = ScrapModel::direct;
        truth.direct_scrap = direct_scrap_for(truth, options.physics_seed);
    }
    return truth;
}

std::vector<std::string> split_names(std::string_view names) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= names.size()) {
        const std::size_t comma = std::min(names.find(',', pos), names.size());
        std::string name(names.substr(pos, comma - pos));
        while (!name.empty() && name.front() == ' ') name.erase(name.begin());
        while (!name.empty() && name.back() == ' ') name.pop_back();
        out.push_back(name);
        pos = comma + 1;
    }
    return out;
}

}  // namespace

void apply_sample_variant(SampleOptions& options, std::string_view names) {
    auto perturb = [&] {
        if (!options.physics_seed) {
            options.physics_seed = default_variant_physics_seed;
        }
    };
    for (const std::string& name : split_names(names)) {
        if (name == "standard") {
        } else if (name == "no-checks") {
            options.manual_checks = false;
        } else if (name == "direct-scrap") {
            options.scrap_model = ScrapModel::direct;
        } else if (name == "perturbed") {
            perturb();
        } else if (name == "german") {
            options.export_style = ExportStyle::german;
        } else if (name == "independent") {
            options.manual_checks = false;
            options.scrap_model = ScrapModel::direct;
            options.export_style = ExportStyle::german;
            options.time_zone = "Europe/Vienna";
            perturb();
        } else {
            throw UsageError("unknown sample variant '" + name +
                             "': use standard, no-checks, direct-scrap, perturbed, german or "
                             "independent (several separated by commas)");
        }
    }
    options.variant = std::string(names);
}

SampleScenario make_sample_scenario(const SampleOptions& options) {
    return scenario_with_truth(options, truth_for_options(options));
}

SampleOptions sample_options_from_truth_json(const nlohmann::json& j) {
    SampleOptions o;
    try {
        const auto& opt = j.at("options");
        o.days = opt.at("days").get<int>();
        o.seed = opt.at("seed").get<std::uint64_t>();
        o.step_minutes = opt.at("step_minutes").get<int>();
        o.start_local = opt.at("start_local").get<std::string>();
        o.time_zone = opt.at("time_zone").get<std::string>();
        // Variant keys, written only when a variant differs from the designed plant.
        if (opt.contains("variant")) {
            o.variant = opt.at("variant").get<std::string>();
            o.manual_checks = opt.at("manual_checks").get<bool>();
            const auto model = scrap_model_from_name(opt.at("scrap_model").get<std::string>());
            const std::string style = opt.at("export_style").get<std::string>();
            if (!model || (style != "standard" && style != "german")) {
                throw BadInputError(FileLocation{"truth.json", 0, 0},
                                    "bad 'options': unknown scrap_model or export_style");
            }
            o.scrap_model = *model;
            o.export_style = style == "german" ? ExportStyle::german : ExportStyle::standard;
            if (!opt.at("physics_seed").is_null()) {
                o.physics_seed = opt.at("physics_seed").get<std::uint64_t>();
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw BadInputError(FileLocation{"truth.json", 0, 0},
                            std::string("bad 'options': ") + e.what());
    }
    return o;
}

SampleScenario sample_scenario_from_truth_json(const nlohmann::json& j) {
    // The recorded truth wins over the defaults of this build.
    return scenario_with_truth(sample_options_from_truth_json(j), truth_from_json(j));
}

}  // namespace twinbench
