// The scenario behind a dryer sample: truth, inputs and seed, from options or from the
// truth.json a sample wrote. Separate from the writer so that what-if checks can rebuild
// the true run without writing files.
#include <string>
#include <utility>

#include "common/error.h"
#include "sample/dryer_export.h"
#include "sample/sample_clock.h"
#include "sample/truth_json.h"

namespace twinbench {

namespace {

// Validates the options and returns the UTC instant of the first interval.
sample::UtcSeconds checked_start_utc(const DryerSampleOptions& options) {
    if (options.days < 1) {
        throw UsageError("--days must be at least 1");
    }
    if (options.step_minutes < 1 || options.step_minutes > 1440) {
        throw UsageError("--step-minutes must be between 1 and 1440");
    }
    const auto wall = sample::parse_wall_time(options.start_local);
    if (!wall) {
        throw UsageError("start time '" + options.start_local +
                         "' is not a local time like 2026-03-02T00:00");
    }
    return sample::LocalClock(options.time_zone).to_utc(*wall);
}

DryerScenario scenario_with_truth(const DryerSampleOptions& options, DryerTruth truth) {
    const sample::UtcSeconds start = checked_start_utc(options);
    DryerScenario s;
    s.truth = std::move(truth);
    s.truth.time_zone = options.time_zone;
    s.seed = options.seed;
    s.inputs =
        generate_dryer_inputs(s.truth, start, options.days, options.step_minutes, options.seed);
    return s;
}

}  // namespace

DryerScenario make_dryer_scenario(const DryerSampleOptions& options) {
    return scenario_with_truth(options, default_dryer_truth());
}

DryerSampleOptions dryer_options_from_truth_json(const nlohmann::json& j) {
    const auto& generator = sample::member_of(j, "generator", "");
    const auto& tmpl = sample::member_of(generator, "template", "generator");
    if (!tmpl.is_string() || tmpl.get<std::string>() != "dryer") {
        sample::bad_truth(
            "'generator.template' is not \"dryer\": this truth.json belongs to "
            "another sample template");
    }
    DryerSampleOptions o;
    try {
        const auto& opt = j.at("options");
        o.days = opt.at("days").get<int>();
        o.seed = opt.at("seed").get<std::uint64_t>();
        o.step_minutes = opt.at("step_minutes").get<int>();
        o.start_local = opt.at("start_local").get<std::string>();
        o.time_zone = opt.at("time_zone").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        sample::bad_truth(std::string("bad 'options': ") + e.what());
    }
    return o;
}

DryerScenario dryer_scenario_from_truth_json(const nlohmann::json& j) {
    return scenario_with_truth(dryer_options_from_truth_json(j), dryer_truth_from_json(j));
}

}  // namespace twinbench
