#include "ui/whatif/kpi_tiles.h"

#include <cmath>

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "sim/kpis.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

bool isShare(int kpi) {
    return twinbench::kpi_keys[static_cast<std::size_t>(kpi)] == "scrap_rate" ||
           twinbench::kpi_keys[static_cast<std::size_t>(kpi)] == "availability";
}

}  // namespace

std::vector<int> KpiTiles::kpiIndices() {
    return {twinbench::kpi_index("throughput_per_h"), twinbench::kpi_index("scrap_rate"),
            twinbench::kpi_index("energy_kwh_per_part"), twinbench::kpi_index("energy_cost"),
            twinbench::kpi_index("availability")};
}

QString KpiTiles::title(int kpi) {
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    if (key == "throughput_per_h") return tr("Throughput");
    if (key == "scrap_rate") return tr("Scrap rate");
    if (key == "energy_kwh") return tr("Energy");
    if (key == "energy_kwh_per_part") return tr("Energy per good part");
    if (key == "energy_cost") return tr("Energy cost");
    if (key == "core_temp_c") return tr("Core temperature");
    if (key == "availability") return tr("Availability");
    return toQString(key);
}

QString KpiTiles::unit(int kpi) {
    if (isShare(kpi)) return QStringLiteral("%");
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    if (key == "throughput_per_h") return tr("good parts/h");
    return toQString(twinbench::kpi_unit(static_cast<std::size_t>(kpi)));
}

int KpiTiles::goodDirection(int kpi) {
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    return key == "throughput_per_h" || key == "availability" ? +1 : -1;
}

QString KpiTiles::format(int kpi, double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    if (isShare(kpi)) return QStringLiteral("%1 %").arg(100.0 * v, 0, 'f', 2);
    const double a = std::abs(v);
    return QString::number(v, 'f', a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 4);
}

KpiTiles::KpiTiles(WhatIfState& state, QWidget* parent) : QWidget(parent), state_(state) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    for (int kpi : kpiIndices()) {
        Tile t;
        t.frame = new QFrame(this);
        t.frame->setFrameShape(QFrame::StyledPanel);
        t.frame->setAutoFillBackground(true);
        t.frame->setBackgroundRole(QPalette::Base);
        auto* v = new QVBoxLayout(t.frame);
        v->setContentsMargins(10, 6, 10, 6);
        v->setSpacing(1);
        t.title = new QLabel(
            QStringLiteral("%1 <span style='color:gray'>%2</span>").arg(title(kpi), unit(kpi)),
            t.frame);
        t.value = new QLabel(QStringLiteral("–"), t.frame);
        QFont big = t.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.9);
        big.setBold(true);
        t.value->setFont(big);
        t.delta = new QLabel(t.frame);
        t.band = new QLabel(t.frame);
        t.band->setToolTip(
            tr("10th to 90th percentile over Monte Carlo runs of the model uncertainty"));
        for (auto* label : {t.title, t.value, t.delta, t.band}) v->addWidget(label);
        // Long texts wrap rather than widen the window.
        for (auto* label : {t.title, t.delta, t.band}) label->setWordWrap(true);
        t.value->setObjectName(QStringLiteral("kpi_%1").arg(
            toQString(twinbench::kpi_keys[static_cast<std::size_t>(kpi)])));
        layout->addWidget(t.frame, 1);
        tiles_.push_back(t);
    }
    connect(&state_, &WhatIfState::resultChanged, this, &KpiTiles::refresh);
    connect(&state_, &WhatIfState::bandChanged, this, &KpiTiles::refreshBand);
}

void KpiTiles::refresh() {
    const auto indices = kpiIndices();
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        const int kpi = indices[i];
        auto& t = tiles_[i];
        const double v = twinbench::kpi_value(state_.result().kpis, static_cast<std::size_t>(kpi));
        const double b =
            twinbench::kpi_value(state_.baseline().kpis, static_cast<std::size_t>(kpi));
        t.shown = v;
        t.value->setText(format(kpi, v));
        QString delta;
        QString colour = QStringLiteral("gray");
        if (std::isfinite(v) && std::isfinite(b)) {
            const double d = v - b;
            const double rel = b != 0.0 ? 100.0 * d / std::abs(b) : 0.0;
            if (std::abs(rel) < 0.05) {
                delta = tr("= baseline");
            } else {
                delta = isShare(kpi) ? tr("%1%2 pp vs baseline")
                                           .arg(d > 0 ? QStringLiteral("+") : QString())
                                           .arg(100.0 * d, 0, 'f', 2)
                                     : tr("%1%2 % vs baseline")
                                           .arg(d > 0 ? QStringLiteral("+") : QString())
                                           .arg(rel, 0, 'f', 1);
                colour = d * goodDirection(kpi) > 0 ? QStringLiteral("#2e7d32")
                                                    : QStringLiteral("#c62828");
            }
        }
        t.delta->setText(QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, delta));
        t.band->setText(state_.band() ? QString() : tr("P10–P90: simulating…"));
    }
    refreshBand();
}

void KpiTiles::refreshBand() {
    if (!state_.band()) return;
    const auto indices = kpiIndices();
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        const auto k = static_cast<std::size_t>(indices[i]);
        const double lo = twinbench::kpi_value(state_.band()->p10, k),
                     hi = twinbench::kpi_value(state_.band()->p90, k);
        tiles_[i].band->setText(
            tr("P10–P90: %1 … %2").arg(format(indices[i], lo), format(indices[i], hi)));
    }
}

}  // namespace twinbench::ui
