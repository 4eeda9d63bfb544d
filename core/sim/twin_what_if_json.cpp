// PRODUCT.md's `simulate` JSON for any process: the furnace template's KPI keys where it
// runs (section 3), and for every process `outputs.<name>` (the output's mean over the
// horizon), `kpis.<name>` and, for counts, `rates.<name>` in baseline, scenario and the
// Monte Carlo p10/p50/p90 (section 4), with the trust verdict of each output's model.
#include <cmath>

#include "common/time_format.h"
#include "common/json_number.h"
#include "models/model_json.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

nlohmann::json figures(const std::map<std::string, double>& values) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, v] : values) out[name] = json_number(v);
    return out;
}

void add_outcome(nlohmann::json& into, const std::map<std::string, double>& outputs,
                 const std::map<std::string, double>& rates, const std::map<std::string, double>& kpis) {
    if (!into.is_object()) into = nlohmann::json::object();
    into["outputs"] = figures(outputs);
    if (!rates.empty()) into["rates"] = figures(rates);
    into["kpis"] = figures(kpis);
}

}  // namespace

nlohmann::json to_json(const TwinWhatIfResult& r) {
    nlohmann::json j = r.furnace ? to_json(*r.furnace) : nlohmann::json::object();
    add_outcome(j["baseline"], r.baseline.outputs, r.baseline.rates, r.baseline.kpis);
    add_outcome(j["scenario"], r.result.outputs, r.result.rates, r.result.kpis);
    if (r.p10) {
        add_outcome(j["p10"], r.p10->outputs, r.p10->rates, r.p10->kpis);
        add_outcome(j["p50"], r.p50->outputs, r.p50->rates, r.p50->kpis);
        add_outcome(j["p90"], r.p90->outputs, r.p90->rates, r.p90->kpis);
    }
    if (r.deterministic) {
        j["headline"] = "median of the Monte Carlo runs";
        const auto& b = *r.deterministic_baseline;
        const auto& d = *r.deterministic;
        add_outcome(j["deterministic"]["baseline"], b.outputs, b.rates, b.kpis);
        add_outcome(j["deterministic"]["scenario"], d.outputs, d.rates, d.kpis);
    }
    j["name"] = r.scenario.name;
    j["runs"] = r.runs;
    const SignalFrame& f = r.result.frame;
    if (!r.furnace) {
        j["horizon_h"] = f.has_time() ? nlohmann::json(f.hours()) : nlohmann::json(nullptr);
        if (f.has_time() && !f.time_s.empty())
            j["window"] = {{"start", format_utc_iso(f.time_s.front())},
                           {"end", format_utc_iso(f.time_s.back() + f.step_min * 60.0)}};
        else
            j["window"] = {{"rows", f.steps()}};
    }
    nlohmann::json trust = nlohmann::json::object();
    for (const auto& [output, verdict] : r.trust) trust[output] = to_json(verdict);
    j["trust"] = trust;
    if (!j.contains("limits")) j["limits"] = nlohmann::json::array();
    for (const auto& c : r.limits) j["limits"].push_back(to_json(c, f.has_time()));
    if (!j.contains("extrapolation")) j["extrapolation"] = nlohmann::json::array();
    for (const auto& e : r.extrapolation) j["extrapolation"].push_back(to_json(e));
    if (!j.contains("warnings")) j["warnings"] = nlohmann::json::array();
    for (const auto& w : r.warnings) j["warnings"].push_back(w);
    return j;
}

nlohmann::json to_json(const TwinBacktest& r) {
    nlohmann::json j = r.furnace ? to_json(*r.furnace) : nlohmann::json::object();
    if (!j.contains("simulated")) j["simulated"] = nlohmann::json::object();
    if (!j.contains("actual")) j["actual"] = nlohmann::json::object();
    j["simulated"]["outputs"] = figures(r.simulated);
    j["actual"]["outputs"] = figures(r.actual);
    nlohmann::json compared = nlohmann::json::object();
    for (const auto& [name, n] : r.compared) compared[name] = n;
    j["compared_rows"] = compared;
    if (!j.contains("warnings")) j["warnings"] = nlohmann::json::array();
    for (const auto& w : r.warnings) j["warnings"].push_back(w);
    return j;
}

}  // namespace twinbench
