#include "ui/whatif/material_mix_editor.h"

#include <cmath>

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"
#include "ui/whatif/envelope_slider.h"

namespace twinbench::ui {

MaterialMixEditor::MaterialMixEditor(WhatIfState& state, QWidget* parent)
    : QWidget(parent),
      state_(state),
      rowsLayout_(new QVBoxLayout),
      recorded_(new QPushButton(tr("As recorded"), this)),
      note_(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* head = new QHBoxLayout;
    auto* title = new QLabel(tr("Material mix"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    head->addWidget(title, 1);
    recorded_->setToolTip(
        tr("Run the grades as recorded in the replayed horizon (clears the mix)"));
    recorded_->setObjectName(QStringLiteral("mixAsRecorded"));
    head->addWidget(recorded_);
    layout->addLayout(head);
    rowsLayout_->setContentsMargins(0, 0, 0, 0);
    rowsLayout_->setSpacing(0);
    layout->addLayout(rowsLayout_);
    note_->setWordWrap(true);
    QFont small = note_->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    note_->setFont(small);
    note_->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(note_);

    connect(recorded_, &QPushButton::clicked, this, [this] {
        WhatIfSettings next = state_.settings();
        next.material_mix.clear();
        state_.changeSettings(next, tr("Material as recorded"));
    });
    connect(&state_, &WhatIfState::loaded, this, &MaterialMixEditor::rebuildRows);
    connect(&state_, &WhatIfState::resultChanged, this, &MaterialMixEditor::refreshValues);
}

QString MaterialMixEditor::grade(int i) const {
    return toQString(envelope_[static_cast<std::size_t>(i)].grade);
}

void MaterialMixEditor::rebuildRows() {
    for (auto& r : rows_) {
        delete r.title;
        delete r.slider;
        delete r.spin;
    }
    rows_.clear();
    envelope_.clear();
    if (!state_.isLoaded()) return;
    const auto* study = state_.study();
    envelope_ = recorded_mix(study->table, study->twin.core.grade_labels,
                             state_.window().inputs.grade, state_.horizonHours());
    updating_ = true;
    for (std::size_t i = 0; i < envelope_.size(); ++i) {
        const auto& e = envelope_[i];
        Row row;
        row.title = new QLabel(tr("Grade %1").arg(toQString(e.grade)), this);
        row.spin = new QDoubleSpinBox(this);
        row.spin->setRange(0.0, 100.0);
        row.spin->setDecimals(1);
        row.spin->setSingleStep(5.0);
        row.spin->setSuffix(tr(" %"));
        row.spin->setKeyboardTracking(false);
        row.spin->setAlignment(Qt::AlignRight);
        row.spin->setMinimumWidth(110);
        row.spin->setToolTip(
            tr("Share of grade %1 in the horizon's running time, in %").arg(toQString(e.grade)));
        row.slider = new EnvelopeSlider(this);
        row.slider->setObjectName(QStringLiteral("mix_%1").arg(i));
        row.slider->setValueRange(0.0, 100.0);
        // Light band: the lowest to highest share over horizon-long windows of the data;
        // tick: the replayed horizon (what "as recorded" runs).
        row.slider->setEnvelope(100.0 * e.min, NAN, 100.0 * e.replay_share, NAN, 100.0 * e.max);
        row.slider->setToolTip(
            std::isfinite(e.min)
                ? tr("Grade %1: %2 % in the replayed horizon; %3–%4 % over the data's "
                     "horizon-long windows (shaded)")
                      .arg(toQString(e.grade))
                      .arg(100.0 * e.replay_share, 0, 'f', 1)
                      .arg(100.0 * e.min, 0, 'f', 1)
                      .arg(100.0 * e.max, 0, 'f', 1)
                : tr("Grade %1: %2 % in the replayed horizon")
                      .arg(toQString(e.grade))
                      .arg(100.0 * e.replay_share, 0, 'f', 1));
        auto* head = new QHBoxLayout;
        head->addWidget(row.title, 1);
        head->addWidget(row.spin);
        rowsLayout_->addLayout(head);
        rowsLayout_->addWidget(row.slider);
        const int index = static_cast<int>(i);
        connect(row.slider, &QSlider::sliderPressed, this, [this] { dragBase_ = shownShares(); });
        connect(row.slider, &QSlider::valueChanged, this, [this, index](int position) {
            if (updating_) return;
            auto* s = slider(index);
            setShare(index, s->valueAt(position) / 100.0, s->isSliderDown());
        });
        connect(row.slider, &QSlider::sliderReleased, this, [this] {
            dragBase_.clear();
            state_.endDrag();
        });
        connect(row.spin, &QDoubleSpinBox::valueChanged, this, [this, index](double v) {
            if (!updating_) setShare(index, v / 100.0, false);
        });
        rows_.push_back(row);
    }
    updating_ = false;
    // One grade has no mix to set.
    setVisible(envelope_.size() > 1);
    refreshValues();
}

std::map<std::string, double> MaterialMixEditor::shownShares() const {
    std::map<std::string, double> out;
    const auto& mix = state_.settings().material_mix;
    double total = 0.0;
    for (const auto& [g, s] : mix) total += s;
    for (const auto& e : envelope_) {
        if (mix.empty()) {
            out[e.grade] = e.replay_share;
        } else {
            const auto it = mix.find(e.grade);
            out[e.grade] = it != mix.end() && total > 0.0 ? it->second / total : 0.0;
        }
    }
    return out;
}

void MaterialMixEditor::setShare(int i, double share, bool dragging) {
    const auto& base = dragging && !dragBase_.empty() ? dragBase_ : shownShares();
    WhatIfSettings next = state_.settings();
    next.material_mix = with_share(base, envelope_[static_cast<std::size_t>(i)].grade, share);
    state_.changeSettings(next, tr("Change material mix"), dragging);
}

void MaterialMixEditor::refreshValues() {
    if (envelope_.empty()) return;
    updating_ = true;
    const auto shares = shownShares();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const double pct = 100.0 * shares.at(envelope_[i].grade);
        if (!rows_[i].slider->isSliderDown()) rows_[i].slider->setPhysicalValue(pct);
        const QSignalBlocker block(rows_[i].spin);
        rows_[i].spin->setValue(pct);
    }
    const bool asRecorded = state_.settings().material_mix.empty();
    recorded_->setEnabled(!asRecorded);
    note_->setText(asRecorded ? tr("As recorded: the grades run as in the replayed horizon (tick); "
                                   "shaded: the shares over the data's horizon-long windows")
                              : tr("Set mix: the grades' runs are re-assigned in pieces of at most "
                                   "4 h to hold these shares"));
    updating_ = false;
}

}  // namespace twinbench::ui
