// Simulation horizons as engineers type them: "7d", "36h", "90m", "2w" (a bare number is
// hours).
#pragma once

#include <string>

namespace twinbench {

// Hours; "" = 7 days. Throws UsageError for anything else, naming the accepted forms.
double parse_horizon_hours(const std::string& text);

}  // namespace twinbench
