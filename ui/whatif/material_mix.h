// The material mix as the engineer sets it on the What-if page: where each grade's share
// has been in the data (the reference the sliders show) and how one share moves the
// others so that they keep adding up to 100 %. Plain C++ on the study's table and the
// replayed inputs, so the numbers can be checked without a window.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench::ui {

// One grade's share of the steps (0..1).
struct GradeShareEnvelope {
    std::string grade;
    double replay_share = 0.0;  // in the replayed horizon ("as recorded")
    // Over every horizon-long window of the data, a day apart: the lowest, median and
    // highest share the plant has run (NaN when the data holds no material column).
    double min = 0.0, median = 0.0, max = 0.0;
};

// Shares of each grade in the replayed steps (grade index per step, -1 unknown: not
// counted); grades never seen get 0.
std::vector<double> grade_shares(const std::vector<std::int16_t>& grades, std::size_t grade_count);

// The replayed horizon's shares plus the envelope of horizon-long windows of the table's
// material column (the last label carried forward, as the replay does).
std::vector<GradeShareEnvelope> recorded_mix(const twinbench::Table& table,
                                             const std::vector<std::string>& grade_labels,
                                             const std::vector<std::int16_t>& replay_grades,
                                             double horizon_h);

// `base` (shares of every grade, any positive total) with `grade` at `share` (0..1) and
// the others scaled to fill the rest in their present proportions (equally when they are
// all 0). The result adds up to 1.
std::map<std::string, double> with_share(const std::map<std::string, double>& base,
                                         const std::string& grade, double share);

}  // namespace twinbench::ui
