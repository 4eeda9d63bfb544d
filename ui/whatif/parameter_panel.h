// The What-if page's controls: per control a slider with the data's envelope, a spin box
// with the unit, and a line that turns orange with the reason when the value leaves what
// the plant has done (the models extrapolate there). The material mix has a share per
// grade (MaterialMixEditor), after speed and setpoint. Every change goes to the WhatIfState (and so
// through the undo stack); a drag is one change that ends when the slider is released.
#pragma once

#include <array>

#include <QWidget>

#include "ui/app/what_if_state.h"

class QDoubleSpinBox;
class QLabel;

namespace twinbench::ui {

class EnvelopeSlider;
class MaterialMixEditor;

class ParameterPanel : public QWidget {
    Q_OBJECT

  public:
    explicit ParameterPanel(WhatIfState& state, QWidget* parent = nullptr);

    EnvelopeSlider* slider(WhatIfControl control) const { return rows_[index(control)].slider; }
    QDoubleSpinBox* spinBox(WhatIfControl control) const { return rows_[index(control)].spin; }
    QLabel* warning(WhatIfControl control) const { return rows_[index(control)].warning; }
    MaterialMixEditor* materialMix() const { return material_; }

    // Re-reads ranges (after loading) and values (after any change).
    void refreshRanges();
    void refreshValues();

  private:
    static std::size_t index(WhatIfControl c) { return static_cast<std::size_t>(c); }
    void updateWarning(WhatIfControl control);

    struct Row {
        EnvelopeSlider* slider = nullptr;
        QDoubleSpinBox* spin = nullptr;
        QLabel* title = nullptr;
        QLabel* warning = nullptr;
    };
    WhatIfState& state_;
    std::array<Row, what_if_control_count> rows_;
    MaterialMixEditor* material_;
    bool updating_ = false;
};

}  // namespace twinbench::ui
