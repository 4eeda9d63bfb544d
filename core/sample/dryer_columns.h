// The columns of the dryer sample's files, as a plant's exports write them (English
// headers, units in brackets) and as `import` lists them (units split off). The writer,
// the truth's process graph and the tests all take the names from here.
#pragma once

#include <string_view>

namespace twinbench {

struct DryerColumn {
    std::string_view header;  // exactly as in the file
    std::string_view name;    // as `import` lists it
    std::string_view unit;    // "" when the header has none
};

namespace dryer_columns {

// "°" as UTF-8 bytes, kept out of the literals so the source charset does not matter.
#define TWINBENCH_DRYER_DEG "\xC2\xB0"

// historian.csv
inline constexpr DryerColumn time{"Timestamp", "Timestamp", ""};
inline constexpr DryerColumn inlet{"Inlet air temp SP [" TWINBENCH_DRYER_DEG "C]",
                                   "Inlet air temp SP", TWINBENCH_DRYER_DEG "C"};
inline constexpr DryerColumn outlet{"Outlet air temp [" TWINBENCH_DRYER_DEG "C]", "Outlet air temp",
                                    TWINBENCH_DRYER_DEG "C"};
inline constexpr DryerColumn feed{"Feed rate [kg/h]", "Feed rate", "kg/h"};
inline constexpr DryerColumn solids{"Feed solids [%]", "Feed solids", "%"};
inline constexpr DryerColumn ambient{"Ambient temp [" TWINBENCH_DRYER_DEG "C]", "Ambient temp",
                                     TWINBENCH_DRYER_DEG "C"};
inline constexpr DryerColumn humidity{"Ambient humidity [g/kg]", "Ambient humidity", "g/kg"};
inline constexpr DryerColumn gas{"Gas energy [kWh]", "Gas energy", "kWh"};

#undef TWINBENCH_DRYER_DEG

// lab_moisture.csv
inline constexpr DryerColumn lab_time{"Sample time", "Sample time", ""};
inline constexpr DryerColumn moisture{"Residual moisture [%]", "Residual moisture", "%"};

// bagging_15min.csv
inline constexpr DryerColumn bag_time{"Interval start", "Interval start", ""};
inline constexpr DryerColumn bag_end_time{"Interval end", "Interval end", ""};  // stamped at the end
inline constexpr DryerColumn bags_filled{"Bags filled [count]", "Bags filled", "count"};
inline constexpr DryerColumn bags_offspec{"Bags off-spec [count]", "Bags off-spec", "count"};

}  // namespace dryer_columns

}  // namespace twinbench
