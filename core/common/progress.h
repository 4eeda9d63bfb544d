// Progress reporting and cancellation for long engine operations. The GUI turns the
// callback into a progress bar; the CLI prints to stderr. Returning false cancels.
#pragma once

#include <functional>
#include <string_view>

namespace twinbench {

// fraction in [0, 1]; what describes the current step. Return false to cancel.
using ProgressCallback = std::function<bool(double fraction, std::string_view what)>;

}  // namespace twinbench
