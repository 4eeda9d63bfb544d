// Picks a column role (PRODUCT.md section 2). Shows the role name the CLI uses
// (--map furnace_temp=...) with its meaning, so GUI and scripts speak the same words.
#pragma once

#include <QComboBox>

#include "data/roles.h"

namespace twinbench::ui {

class RoleComboBox : public QComboBox {
    Q_OBJECT

public:
    // `time` is left out: the time axis is detected from the timestamps, not assigned.
    explicit RoleComboBox(QWidget* parent = nullptr);

    twinbench::Role role() const;
    void setRole(twinbench::Role role);

    // "measured furnace temperature (°C)" for tooltips and the list.
    static QString describe(twinbench::Role role);

signals:
    // Only when the engineer picks a role, not on setRole().
    void roleChosen(twinbench::Role role);
};

}  // namespace twinbench::ui
