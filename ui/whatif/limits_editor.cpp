#include "ui/whatif/limits_editor.h"

#include <cmath>

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>

#include "ui/app/qt_strings.h"
#include "ui/app/what_if_state.h"

namespace twinbench::ui {
namespace {

// Per row: how the engine names the series, the unit shown and the factor from the
// engine's unit (scrap rate is a fraction there, per cent here).
struct SeriesSpec {
    const char* title;
    const char* unit;
    double scale;
    double low, high;  // box range; the box's lowest value reads "none"
    int decimals;
};

const SeriesSpec& spec(int row) {
    static const SeriesSpec specs[LimitsEditor::series_count] = {
        {QT_TRANSLATE_NOOP("LimitsEditor", "Furnace temp."), "°C", 1.0, -1.0, 2000.0, 1},
        {QT_TRANSLATE_NOOP("LimitsEditor", "Core temp."), "°C", 1.0, -1.0, 2000.0, 1},
        {QT_TRANSLATE_NOOP("LimitsEditor", "Scrap (1 h)"), "%", 100.0, -0.1, 100.0, 2},
        {QT_TRANSLATE_NOOP("LimitsEditor", "Wear"), "%", 1.0, -1.0, 1000.0, 1},
    };
    return specs[row];
}

bool isNone(const QDoubleSpinBox* box) {
    return box->value() <= box->minimum();
}

}  // namespace

const std::array<const char*, LimitsEditor::series_count>& LimitsEditor::seriesKeys() {
    static const std::array<const char*, series_count> keys = {"furnace_temp", "core_temp",
                                                               "scrap_rate", "wear"};
    return keys;
}

int LimitsEditor::rowOf(const std::string& series) {
    for (int i = 0; i < series_count; ++i)
        if (series == seriesKeys()[static_cast<std::size_t>(i)]) return i;
    return -1;
}

LimitsEditor::LimitsEditor(WhatIfState& state, QWidget* parent) : QWidget(parent), state_(state) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    auto* title = new QLabel(tr("Limits (time chart)"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    grid->addWidget(title, 0, 0, 1, 3);
    auto* minHead = new QLabel(tr("at least"), this);
    auto* maxHead = new QLabel(tr("at most"), this);
    grid->addWidget(minHead, 1, 1, Qt::AlignRight);
    grid->addWidget(maxHead, 1, 2, Qt::AlignRight);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    for (int i = 0; i < series_count; ++i) {
        const auto& s = spec(i);
        const int row = 2 + 2 * i;
        grid->addWidget(new QLabel(tr(s.title), this), row, 0);
        auto make = [&](const QString& what) {
            auto* box = new QDoubleSpinBox(this);
            box->setRange(s.low, s.high);
            box->setDecimals(s.decimals);
            box->setSuffix(QStringLiteral(" ") + QString::fromUtf8(s.unit));
            box->setSpecialValueText(tr("none"));
            box->setKeyboardTracking(false);
            box->setAlignment(Qt::AlignRight);
            box->setSingleStep(s.scale > 1.0 ? 0.5 : 1.0);
            box->setToolTip(tr("%1 %2 in %3; the lowest value (\"none\") clears it")
                                .arg(tr(s.title), what, QString::fromUtf8(s.unit)));
            connect(box, &QDoubleSpinBox::valueChanged, this, [this] {
                if (!updating_) apply();
            });
            return box;
        };
        min_[static_cast<std::size_t>(i)] = make(tr("at least"));
        max_[static_cast<std::size_t>(i)] = make(tr("at most"));
        min_[static_cast<std::size_t>(i)]->setObjectName(QStringLiteral("limitMin_%1").arg(i));
        max_[static_cast<std::size_t>(i)]->setObjectName(QStringLiteral("limitMax_%1").arg(i));
        grid->addWidget(min_[static_cast<std::size_t>(i)], row, 1);
        grid->addWidget(max_[static_cast<std::size_t>(i)], row, 2);
        auto* crossing = new QLabel(this);
        crossing->setFont(small);
        crossing->setWordWrap(true);
        crossing_[static_cast<std::size_t>(i)] = crossing;
        grid->addWidget(crossing, row + 1, 0, 1, 3);
    }
    grid->setColumnStretch(0, 1);

    connect(&state_, &WhatIfState::loaded, this, &LimitsEditor::refresh);
    connect(&state_, &WhatIfState::limitsChanged, this, &LimitsEditor::refresh);
    connect(&state_, &WhatIfState::resultChanged, this, &LimitsEditor::refresh);
}

std::vector<twinbench::SeriesLimit> LimitsEditor::limits() const {
    std::vector<twinbench::SeriesLimit> out;
    for (int i = 0; i < series_count; ++i) {
        const auto& s = spec(i);
        const std::string key = seriesKeys()[static_cast<std::size_t>(i)];
        // One limit per bound: the chart marks each and the engine times each crossing.
        if (!isNone(max_[static_cast<std::size_t>(i)]))
            out.push_back(
                {key, std::nullopt, max_[static_cast<std::size_t>(i)]->value() / s.scale});
        if (!isNone(min_[static_cast<std::size_t>(i)]))
            out.push_back(
                {key, min_[static_cast<std::size_t>(i)]->value() / s.scale, std::nullopt});
    }
    return out;
}

void LimitsEditor::apply() {
    state_.setLimits(limits());
}

void LimitsEditor::refresh() {
    updating_ = true;
    // Each box set once to its value (called on every drag frame: no flicker, no work).
    std::array<double, series_count> lows{}, highs{};
    for (int i = 0; i < series_count; ++i) {
        lows[static_cast<std::size_t>(i)] = min_[static_cast<std::size_t>(i)]->minimum();
        highs[static_cast<std::size_t>(i)] = max_[static_cast<std::size_t>(i)]->minimum();
    }
    for (const auto& l : state_.limits()) {
        const int i = rowOf(l.series);
        if (i < 0) continue;
        const double scale = spec(i).scale;
        if (l.max) highs[static_cast<std::size_t>(i)] = *l.max * scale;
        if (l.min) lows[static_cast<std::size_t>(i)] = *l.min * scale;
    }
    for (int i = 0; i < series_count; ++i) {
        const QSignalBlocker a(min_[static_cast<std::size_t>(i)]);
        const QSignalBlocker b(max_[static_cast<std::size_t>(i)]);
        min_[static_cast<std::size_t>(i)]->setValue(lows[static_cast<std::size_t>(i)]);
        max_[static_cast<std::size_t>(i)]->setValue(highs[static_cast<std::size_t>(i)]);
    }
    // What the scenario does against each limit, in words.
    std::array<QStringList, series_count> notes;
    std::array<bool, series_count> crossed{};
    for (const auto& c : state_.limitCrossings()) {
        const int i = rowOf(c.limit.series);
        if (i < 0) continue;
        const auto& s = spec(i);
        const QString bound = c.limit.max ? tr("max") : tr("min");
        crossed[static_cast<std::size_t>(i)] = crossed[static_cast<std::size_t>(i)] || c.crossed;
        notes[static_cast<std::size_t>(i)]
            << (c.crossed
                    ? tr("%1 reached after %2 h").arg(bound).arg(c.hours_from_start, 0, 'f', 1)
                    : tr("%1 not reached (worst %2 %3)")
                          .arg(bound)
                          .arg(c.worst * s.scale, 0, 'g', 4)
                          .arg(QString::fromUtf8(s.unit)));
    }
    for (int i = 0; i < series_count; ++i) {
        auto* label = crossing_[static_cast<std::size_t>(i)];
        label->setText(notes[static_cast<std::size_t>(i)].join(QStringLiteral("; ")));
        label->setVisible(!label->text().isEmpty());
        // Crossed in red; otherwise the quiet grey role (it follows the palette). Only on
        // a change: a new palette repaints the label and its children.
        const bool isCrossed = crossed[static_cast<std::size_t>(i)];
        if (label->property("crossed").isValid() &&
            label->property("crossed").toBool() == isCrossed)
            continue;
        label->setProperty("crossed", isCrossed);
        if (isCrossed) {
            QPalette p = label->palette();
            p.setColor(QPalette::WindowText, QColor(0xe5, 0x39, 0x35));
            label->setPalette(p);
            label->setForegroundRole(QPalette::WindowText);
        } else {
            label->setPalette(QPalette());
            label->setForegroundRole(QPalette::PlaceholderText);
        }
    }
    updating_ = false;
}

}  // namespace twinbench::ui
