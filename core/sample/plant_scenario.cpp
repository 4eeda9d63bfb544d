// The scenario behind a sample: truth, inputs and seed, from options or from the
// truth.json a sample wrote. Separate from the writer so that what-if checks can rebuild
// the true run without writing files.
#include <string>
#include <utility>

#include "common/error.h"
#include "sample/plant_export.h"
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

}  // namespace

SampleScenario make_sample_scenario(const SampleOptions& options) {
    return scenario_with_truth(options, default_truth());
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
