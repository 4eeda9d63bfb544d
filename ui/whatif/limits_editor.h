// The limits the engineer judges a scenario by (furnace temperature at most 210 °C, hourly
// scrap rate at most 3 %...): per simulated series a lowest and a highest value, each
// "none" until set. Edits replace WhatIfState's limits, so the time chart's limit lines
// and time-to-limit markers follow, and a saved scenario carries them.
#pragma once

#include <array>
#include <string>
#include <vector>

#include <QWidget>

#include "sim/scenario.h"

class QDoubleSpinBox;
class QLabel;

namespace twinbench::ui {

class WhatIfState;

class LimitsEditor : public QWidget {
    Q_OBJECT

  public:
    // The series the engine checks limits on, in the order of the rows.
    static constexpr int series_count = 4;
    static const std::array<const char*, series_count>& seriesKeys();

    explicit LimitsEditor(WhatIfState& state, QWidget* parent = nullptr);

    // Row of a series key ("furnace_temp"), -1 when unknown.
    static int rowOf(const std::string& series);
    QDoubleSpinBox* maxBox(int row) const { return max_[static_cast<std::size_t>(row)]; }
    QDoubleSpinBox* minBox(int row) const { return min_[static_cast<std::size_t>(row)]; }
    QLabel* crossingLabel(int row) const { return crossing_[static_cast<std::size_t>(row)]; }

    // The limits the boxes describe (scrap rate as a fraction, as the engine takes it).
    std::vector<twinbench::SeriesLimit> limits() const;
    // Re-reads the state's limits and crossings.
    void refresh();

  private:
    void apply();

    WhatIfState& state_;
    std::array<QDoubleSpinBox*, series_count> max_{};
    std::array<QDoubleSpinBox*, series_count> min_{};
    std::array<QLabel*, series_count> crossing_{};
    bool updating_ = false;
};

}  // namespace twinbench::ui
