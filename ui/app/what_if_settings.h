// The furnace template's What-if controls as the engineer sets them (constant over the
// horizon), and the range a control's slider offers with what the data says about it.
// Shared by the What-if state, its undo commands and the pages.
#pragma once

#include <map>
#include <string>

#include <QString>

namespace twinbench::ui {

// The controls the engineer sets on the What-if page (constant over the horizon).
enum class WhatIfControl {
    speed,
    setpoint,
    maintenance_interval,
    check_interval,
    peak_price,
    offpeak_price
};
inline constexpr int what_if_control_count = 6;

struct WhatIfSettings {
    double speed_m_per_min = 0.0;
    double setpoint_degC = 0.0;
    double maintenance_interval_h = 0.0;  // running hours between preventive maintenances
    double check_interval_h = 24.0;
    double peak_price_per_kwh = 0.0;
    double offpeak_price_per_kwh = 0.0;
    std::map<std::string, double> material_mix;  // empty: grades as recorded

    double value(WhatIfControl control) const;
    void setValue(WhatIfControl control, double v);
    // NaN equals NaN here (no preventive interval is a setting, not a missing value).
    bool operator==(const WhatIfSettings& other) const;
};

// The range a control's slider offers and what the data says about it.
struct ControlRange {
    double low = 0.0, high = 0.0;  // slider ends
    // Historical envelope (min/p01/median/p99/max); NaN when the data holds no record
    // of the control (maintenance interval, prices).
    double data_min, data_p01, data_median, data_p99, data_max;
    int decimals = 1;
    QString unit;
    QString name;
};

}  // namespace twinbench::ui
