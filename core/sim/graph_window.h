// "If nothing changes" for any process (PRODUCT.md sections 3 and 4): the latest
// horizon-long window of the history, with the disturbances replayed as recorded and the
// controls held at their median over the window (the baseline), or as recorded (the
// back-test). For per-item data without a time axis the horizon counts rows (default:
// the last 20 %).
//
// Gaps in a replayed input hold its last value (a historian gap does not stop the
// plant); an input missing at the window's start takes its first value in the window.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "models/signal_frame.h"
#include "sim/process_graph.h"

namespace twinbench {

// What the data say about a control over the whole history (slider ends, extrapolation).
struct ControlRange {
    std::string name;
    std::string unit;
    bool categorical = false;
    std::vector<std::string> levels;  // categorical
    double min = 0.0, p01 = 0.0, median = 0.0, p99 = 0.0, max = 0.0;
    double baseline = 0.0;  // the window's median (categorical: the most frequent level's code)
};

struct GraphWindow {
    SignalFrame baseline;  // controls at their baseline, disturbances replayed, outputs as recorded
    SignalFrame recorded;  // controls and disturbances as recorded (back-test), outputs as recorded
    std::size_t first_step = 0;  // in the history frame
    std::vector<ControlRange> controls;
    std::vector<std::string> notes;
};

struct WindowSpec {
    double horizon_h = 168.0;  // with a time axis
    std::size_t rows = 0;      // per-item data: rows to replay (0 = the last 20 %)
    // Optional: the window's time grid (UTC step starts on the history's step); used to put
    // the generic signals on the furnace template's replay grid. Empty = the history's
    // last steps.
    std::vector<double> time_s;
};

// Throws UsageError when the horizon is not positive or longer than the data.
GraphWindow graph_window(const SignalFrame& history, const ProcessGraph& graph, const WindowSpec& spec);

}  // namespace twinbench
