#include "ui/charts/plot_style.h"

#include <array>

#include <qcustomplot.h>

namespace twinbench::ui {
namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                            static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                            static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

QColor seriesColour(int index) {
    // Tableau 10: distinguishable, colour-blind friendlier than Qt's defaults, and legible
    // on white and on dark grey.
    static const std::array<QColor, 10> colours = {
        QColor(0x4e, 0x79, 0xa7), QColor(0xe1, 0x57, 0x59), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f),
        QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
        QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
    return colours[static_cast<std::size_t>(index) % colours.size()];
}

QColor gridColour(const QPalette& palette, double strength) {
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), strength);
}

void styleAxis(QCPAxis* axis, const QPalette& palette, const QFont& font) {
    const QColor text = palette.color(QPalette::Text);
    const QColor line = mix(palette.color(QPalette::Base), text, 0.45);
    axis->setBasePen(QPen(line, 1));
    axis->setTickPen(QPen(line, 1));
    axis->setSubTickPen(QPen(line, 1));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->setTickLabelFont(font);
    axis->setLabelFont(font);
    axis->grid()->setPen(QPen(gridColour(palette), 1, Qt::SolidLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

void styleAxisRect(QCPAxisRect* rect, const QPalette& palette, const QFont& font) {
    rect->setBackground(palette.brush(QPalette::Base));
    for (auto* axis : rect->axes()) styleAxis(axis, palette, font);
}

}  // namespace twinbench::ui
