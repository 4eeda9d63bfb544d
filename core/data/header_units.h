// Column headers carry units in many spellings: "Temp [°C]", "Temp (degC)", "Usage_kWh".
// This splits them into a clean name and a normalised unit.
#pragma once

#include <string>
#include <string_view>

namespace twinbench {

struct NameAndUnit {
    std::string name;
    std::string unit;  // normalised ("°C", "K", "%", "m/min", "kWh"), "" when none
};

NameAndUnit split_header(std::string_view header);

// "degC", "deg C", "° C", "Celsius" -> "°C"; "%rH" -> "%"; unknown units are kept as written.
std::string normalise_unit(std::string_view unit);

// Lower-case ASCII words of a name: "FurnaceTemp_PV" -> {"furnace", "temp", "pv"}.
std::string lowercase_words(std::string_view name);

}  // namespace twinbench
