// The material mix on the What-if page: per grade a slider and a spin box of its share
// (in %), under each slider the shares the plant has run over horizon-long windows of the
// data (light band: lowest to highest, tick: the replayed horizon, i.e. "as recorded").
// Moving one share scales the others so that they keep adding up to 100 %. Every edit
// goes through WhatIfState::changeSettings, so it is one undo step (a drag included);
// "As recorded" clears the mix (the grades run as in the replayed data).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <QWidget>

#include "ui/app/what_if_state.h"
#include "ui/whatif/material_mix.h"

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace twinbench::ui {

class EnvelopeSlider;

class MaterialMixEditor : public QWidget {
    Q_OBJECT

  public:
    explicit MaterialMixEditor(WhatIfState& state, QWidget* parent = nullptr);

    int gradeCount() const { return static_cast<int>(rows_.size()); }
    QString grade(int i) const;
    EnvelopeSlider* slider(int i) const { return rows_[static_cast<std::size_t>(i)].slider; }
    QDoubleSpinBox* spinBox(int i) const { return rows_[static_cast<std::size_t>(i)].spin; }
    QPushButton* recordedButton() const { return recorded_; }
    QLabel* note() const { return note_; }
    // The shares shown (0..1, grade label -> share): the set mix, or the replayed
    // horizon's when none is set.
    std::map<std::string, double> shownShares() const;
    const std::vector<GradeShareEnvelope>& envelope() const { return envelope_; }

    // Rebuilds the rows (after loading) and re-reads the shares (after any change).
    void rebuildRows();
    void refreshValues();

  private:
    void setShare(int i, double share, bool dragging);

    struct Row {
        QLabel* title = nullptr;
        EnvelopeSlider* slider = nullptr;
        QDoubleSpinBox* spin = nullptr;
    };
    WhatIfState& state_;
    QVBoxLayout* rowsLayout_;
    QPushButton* recorded_;
    QLabel* note_;
    std::vector<Row> rows_;
    std::vector<GradeShareEnvelope> envelope_;
    // The shares when a drag began: the other grades keep their proportions of that.
    std::map<std::string, double> dragBase_;
    bool updating_ = false;
};

}  // namespace twinbench::ui
