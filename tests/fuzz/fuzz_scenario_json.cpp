// Fuzz target: scenario files and the scenario command-line arguments (core/sim/scenario.h).
// The input is read as a JSON scenario (as `simulate --scenario FILE` and a shared project
// do) and as one --set and one --limit argument. Contract checked: bad input only ever
// throws twinbench::Error (a BadInputError or UsageError with a message, never a raw
// nlohmann exception or a crash), and an accepted scenario survives to_json ->
// scenario_from_json unchanged, with its horizon inside (0, one year] and finite values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "fuzz_common.h"
#include "sim/scenario.h"

namespace {

void check_scenario(const twinbench::Scenario& scenario) {
    TWINBENCH_FUZZ_CHECK(!scenario.name.empty());
    TWINBENCH_FUZZ_CHECK(scenario.horizon_h > 0.0 && scenario.horizon_h <= 24.0 * 366.0);
    for (const auto& change : scenario.changes) {
        if (change.control == twinbench::Control::material) continue;
        TWINBENCH_FUZZ_CHECK(std::isfinite(change.value));
        TWINBENCH_FUZZ_CHECK((change.from_min < 0) == (change.to_min < 0));
        TWINBENCH_FUZZ_CHECK(change.from_min < 24 * 60 && change.to_min <= 24 * 60);
    }
    // What is accepted must come back the same after saving.
    const auto saved = twinbench::to_json(scenario);
    const auto again = twinbench::scenario_from_json(saved, "round trip");
    TWINBENCH_FUZZ_CHECK(twinbench::to_json(again) == saved);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const auto json = nlohmann::json::parse(input.begin(), input.end(), nullptr, /*allow_exceptions=*/false);
    if (!json.is_discarded()) {
        try {
            check_scenario(twinbench::scenario_from_json(json, "fuzz.json"));
        } catch (const twinbench::Error&) {
            // refused with a message: fine
        }
    }

    const std::string argument(input);
    try {
        const auto change = twinbench::parse_set_argument(argument);
        if (change.control != twinbench::Control::material) TWINBENCH_FUZZ_CHECK(std::isfinite(change.value));
    } catch (const twinbench::Error&) {
    }
    try {
        const auto limit = twinbench::parse_limit_argument(argument);
        TWINBENCH_FUZZ_CHECK(limit.min || limit.max);
    } catch (const twinbench::Error&) {
    }
    return 0;
}
