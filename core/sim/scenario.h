// A what-if scenario: a named set of changes to the controls, each constant or on a
// schedule, with a note for the review meeting and the limits the engineer cares about.
// Applied on top of the baseline replay ("everything stays the same"). Stored in the
// project's scenario table and exchanged as JSON:
//
//   {"name": "faster line", "note": "...", "horizon_h": 168,
//    "changes": [{"control": "speed", "op": "percent", "value": 5},
//                {"control": "setpoint", "op": "add", "value": 10, "from": "06:00", "to": "14:00"},
//                {"control": "material", "mix": {"A": 0.5, "B": 0.5}},
//                {"control": "maintenance_interval", "op": "set", "value": 48},
//                {"control": "check_interval", "op": "set", "value": 72}],
//    "tariff": {...tariff JSON...},
//    "limits": [{"series": "furnace_temp", "max": 210}, {"series": "wear", "max": 90},
//               {"series": "scrap_rate", "max": 0.03}, {"series": "core_temp", "min": 160}]}
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/tariff.h"
#include "sim/plant_twin.h"
#include "sim/simulation_inputs.h"

namespace twinbench {

// The furnace template's controls, and `signal`: any control of the process graph, named
// by its column (PRODUCT.md section 4), applied by graph_scenario.h.
enum class Control { speed, setpoint, material, maintenance_interval, check_interval, signal };
enum class ChangeOp { set, add, percent };

struct ControlChange {
    Control control = Control::speed;
    ChangeOp op = ChangeOp::set;
    double value = 0.0;
    // Daily local clock window [from, to) in minutes after midnight (to < from wraps);
    // both -1 = all day.
    int from_min = -1;
    int to_min = -1;
    std::map<std::string, double> mix;  // material: grade label -> share
    std::string signal;                 // Control::signal: the control's name
    std::string level;                  // Control::signal, categorical: the level to set
};

// A limit on a simulated series; time-to-limit reports its first crossing.
struct SeriesLimit {
    std::string series;  // furnace_temp, core_temp, wear, scrap_rate (hourly)
    std::optional<double> min, max;
};

struct Scenario {
    std::string name;
    std::string note;
    double horizon_h = 168.0;
    std::vector<ControlChange> changes;
    std::optional<TariffSettings> tariff;
    std::vector<SeriesLimit> limits;
};

std::string control_name(Control c);
// The name a change addresses: the furnace control's, or the signal's.
std::string control_name(const ControlChange& c);
// Throws UsageError naming the known controls.
Control control_from_name(const std::string& name);

// One --set argument: NAME=VALUE, NAME=+DELTA, NAME=-DELTA, NAME=+P% / -P%, optionally
// @HH:MM-HH:MM for a daily window; material=B or material=A:0.7,B:0.3; NAME=LEVEL for a
// categorical control. NAME is a furnace control or any other name, taken as a control
// of the process graph (checked when the scenario is applied). Throws UsageError (exit 2)
// with the accepted forms.
ControlChange parse_set_argument(const std::string& text);
// What a limit's number is compared with: the series' unit ("°C", "%" for a series in
// percent such as wear) and whether it is a share kept as a fraction and shown in percent
// (scrap_rate, a 0/1 output's rate), so that "3%" means 0.03.
struct LimitSeriesUnit {
    std::string unit;
    bool share = false;
};
// The unit of a series by name; nullopt where it is not known.
using LimitSeriesUnits = std::function<std::optional<LimitSeriesUnit>(const std::string& series)>;
// The furnace template's series: furnace_temp and core_temp in °C, wear in %, scrap_rate a share.
std::optional<LimitSeriesUnit> furnace_limit_unit(const std::string& series);

// "SERIES<=VALUE" style limit on a series: "furnace_temp<=210", "core_temp>=160 °C",
// "scrap_rate<=3%". The value may carry its unit: "%" on a share divides by 100, on a series
// in percent it is the number itself; a unit that is not the series' own is refused, as is
// a share above 1 without "%". Series whose unit is not known (or a column without one)
// take "%" as a share and any unit after the number.
SeriesLimit parse_limit_argument(const std::string& text, const LimitSeriesUnits& units = furnace_limit_unit);

// Throws BadInputError (file = source, line 0) naming the key that is wrong.
Scenario scenario_from_json(const nlohmann::json& json, const std::string& source);
nlohmann::json to_json(const Scenario& scenario);

// Applies the scenario's furnace changes (not Control::signal ones) to inputs built by
// the baseline replay. Throws
// UsageError for values that make no physical sense (negative speed, shares that do not
// add up, a grade the twin does not know).
void apply_scenario(const Scenario& scenario, const PlantTwin& twin, const TimeOfUseTariff& tariff,
                    SimulationInputs& inputs);

}  // namespace twinbench
