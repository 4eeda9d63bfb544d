// A number as an engineer types it into an expression field (an optimiser constraint, the
// map's "wash out where", a KPI expression): "0.03", "3%", "3 %", "180 °C", "2.1 m/min".
// The tiles and tables show shares in percent, so a share typed in percent must be read
// as one: "scrap_rate <= 3%" is the 0.03 the engine compares with.
#pragma once

#include <optional>
#include <string>

namespace twinbench {

struct TypedNumber {
    double value = 0.0;  // as written: "3%" gives 3
    std::string unit;    // what followed the number, trimmed: "%", "°C", "" for none
    bool percent() const { return unit == "%"; }
    // The value a share is compared with: "3%" -> 0.03, "0.03" -> 0.03.
    double as_fraction() const { return percent() ? value / 100.0 : value; }
};

// Empty when the text does not start with a number (after spaces) or holds nothing but
// a number and a unit made of letters, '%', '°', '/', '·' and spaces.
std::optional<TypedNumber> parse_typed_number(const std::string& text);

}  // namespace twinbench
