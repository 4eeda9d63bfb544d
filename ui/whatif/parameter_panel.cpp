#include "ui/whatif/parameter_panel.h"

#include <cmath>

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"
#include "ui/whatif/envelope_slider.h"
#include "ui/whatif/material_mix_editor.h"

namespace twinbench::ui {
namespace {

constexpr WhatIfControl all_controls[] = {
    WhatIfControl::speed,          WhatIfControl::setpoint,   WhatIfControl::maintenance_interval,
    WhatIfControl::check_interval, WhatIfControl::peak_price, WhatIfControl::offpeak_price};

const QColor warning_colour(0xd0, 0x6a, 0x00);

}  // namespace

ParameterPanel::ParameterPanel(WhatIfState& state, QWidget* parent)
    : QWidget(parent), state_(state), material_(new MaterialMixEditor(state, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(2);
    for (auto c : all_controls) {
        Row& row = rows_[index(c)];
        row.title = new QLabel(this);
        QFont bold = row.title->font();
        bold.setBold(true);
        row.title->setFont(bold);
        row.spin = new QDoubleSpinBox(this);
        row.spin->setKeyboardTracking(false);
        row.spin->setAlignment(Qt::AlignRight);
        row.spin->setMinimumWidth(110);
        row.slider = new EnvelopeSlider(this);
        row.slider->setObjectName(QStringLiteral("slider_%1").arg(static_cast<int>(c)));
        row.warning = new QLabel(this);
        row.warning->setWordWrap(true);
        QFont small = row.warning->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        row.warning->setFont(small);
        auto* head = new QHBoxLayout;
        head->addWidget(row.title, 1);
        head->addWidget(row.spin);
        layout->addLayout(head);
        layout->addWidget(row.slider);
        layout->addWidget(row.warning);
        layout->addSpacing(6);
        // The mix next to the process controls, before maintenance and prices.
        if (c == WhatIfControl::setpoint) {
            layout->addWidget(material_);
            layout->addSpacing(6);
        }

        connect(row.slider, &QSlider::valueChanged, this, [this, c](int position) {
            if (updating_) return;
            auto* s = rows_[index(c)].slider;
            state_.changeControl(c, s->valueAt(position), s->isSliderDown());
        });
        connect(row.slider, &QSlider::sliderReleased, this, [this] { state_.endDrag(); });
        connect(row.spin, &QDoubleSpinBox::valueChanged, this, [this, c](double v) {
            if (updating_) return;
            // The maintenance spin box's minimum reads "wear limit": no preventive interval.
            if (c == WhatIfControl::maintenance_interval && v <= rows_[index(c)].spin->minimum())
                v = NAN;
            state_.changeControl(c, v);
        });
    }
    rows_[index(WhatIfControl::maintenance_interval)].spin->setSpecialValueText(tr("wear limit"));

    layout->addStretch(1);

    connect(&state_, &WhatIfState::loaded, this, &ParameterPanel::refreshRanges);
    connect(&state_, &WhatIfState::resultChanged, this, &ParameterPanel::refreshValues);
    setEnabled(false);
    connect(&state_, &WhatIfState::loaded, this, [this] { setEnabled(true); });
    connect(&state_, &WhatIfState::unloaded, this, [this] { setEnabled(false); });
}

void ParameterPanel::refreshRanges() {
    updating_ = true;
    for (auto c : all_controls) {
        const ControlRange r = state_.range(c);
        Row& row = rows_[index(c)];
        row.title->setText(r.name);
        row.slider->setValueRange(r.low, r.high);
        row.slider->setEnvelope(r.data_min, r.data_p01, r.data_median, r.data_p99, r.data_max);
        row.slider->setToolTip(
            row.slider->hasEnvelope()
                ? tr("Shaded under the slider: where the plant ran (light: min–max, dark: "
                     "1st–99th percentile, tick: median)")
                : QString());
        row.spin->setDecimals(r.decimals);
        row.spin->setSuffix(QStringLiteral(" ") + r.unit);
        const double step = std::pow(10.0, -r.decimals);
        row.spin->setSingleStep(r.decimals == 0 ? 1.0 : step * 10.0);
        // The minimum of the maintenance box is "wear limit", one step below the range.
        row.spin->setRange(c == WhatIfControl::maintenance_interval ? r.low - 1.0 : r.low, r.high);
    }
    updating_ = false;
    refreshValues();
}

void ParameterPanel::refreshValues() {
    updating_ = true;
    const auto& s = state_.settings();
    for (auto c : all_controls) {
        Row& row = rows_[index(c)];
        const double v = s.value(c);
        if (!row.slider->isSliderDown()) row.slider->setPhysicalValue(v);
        const QSignalBlocker block(row.spin);
        row.spin->setValue(std::isfinite(v) ? v : row.spin->minimum());
        updateWarning(c);
    }
    updating_ = false;
}

void ParameterPanel::updateWarning(WhatIfControl c) {
    Row& row = rows_[index(c)];
    const ControlRange r = state_.range(c);
    const double v = state_.settings().value(c);
    QString text;
    bool outside = false;
    if (std::isfinite(r.data_min) && std::isfinite(v)) {
        const double span = r.data_max - r.data_min;
        if (v > r.data_max || v < r.data_min) {
            outside = true;
            const double beyond = v > r.data_max ? v - r.data_max : r.data_min - v;
            text = tr("Outside the data: %1 %2 %3 the %4 the plant ran (%5 % of its range); the "
                      "models extrapolate")
                       .arg(QString::number(beyond, 'f', r.decimals), r.unit,
                            v > r.data_max ? tr("above") : tr("below"),
                            v > r.data_max ? tr("highest") : tr("lowest"))
                       .arg(span > 0 ? qRound(100.0 * beyond / span) : 0);
        } else if (v > r.data_p99 || v < r.data_p01) {
            text = tr("Rarely run: beyond the 1st–99th percentile of the data");
        } else {
            text = tr("Inside the data (%1–%2 %3)")
                       .arg(QString::number(r.data_min, 'f', r.decimals),
                            QString::number(r.data_max, 'f', r.decimals), r.unit);
        }
    } else if (c == WhatIfControl::maintenance_interval) {
        text = std::isfinite(v)
                   ? tr("Preventive maintenance every %1 running hours").arg(v, 0, 'f', 0)
                   : tr("Maintenance when the wear limit is reached");
    }
    // A drag calls this every frame: a new palette would restyle and repaint the label even
    // when nothing changed, so only a change of state touches it.
    const QVariant was = row.warning->property("outside");
    if (was.isValid() && was.toBool() == outside) {
        if (row.warning->text() != text) row.warning->setText(text);
        return;
    }
    // The quiet grey is a role, not a colour: it follows a later switch to the dark palette.
    if (outside) {
        QPalette p = row.warning->palette();
        p.setColor(QPalette::WindowText, warning_colour);
        row.warning->setPalette(p);
        row.warning->setForegroundRole(QPalette::WindowText);
    } else {
        row.warning->setPalette(QPalette());
        row.warning->setForegroundRole(QPalette::PlaceholderText);
    }
    row.warning->setProperty("outside", outside);
    row.warning->setText(text);
}

}  // namespace twinbench::ui
