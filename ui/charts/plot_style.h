// Colours and fonts shared by every chart, derived from the window palette so plots read
// in light and dark themes alike. Series colours are a fixed qualitative set, so the
// furnace temperature keeps its colour when other series are switched on or off.
#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>

#include <QTimeZone>

class QCPAxis;
class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCustomPlot;

namespace twinbench::ui {

QColor seriesColour(int index);
// Grid lines: a faint mix of text and background.
QColor gridColour(const QPalette& palette, double strength = 0.12);
void styleAxis(QCPAxis* axis, const QPalette& palette, const QFont& font);
void styleAxisRect(QCPAxisRect* rect, const QPalette& palette, const QFont& font);

// Styles the chart (background, every axis rect, the legend) from its palette now and
// again whenever the palette changes, so a light/dark switch reaches charts built once.
void followPalette(QCustomPlot* plot);

// A colour map over the plot's axis rect with its colour scale to the right, the scale as
// tall as the rect; viridis (perceptually even, readable in grey and by colour-blind
// readers), 256 levels, interpolated: the contour maps of the What-if pages.
struct ColourMapParts {
    QCPColorMap* map = nullptr;
    QCPColorScale* scale = nullptr;
};
ColourMapParts addViridisColourMap(QCustomPlot* plot);

// A time axis in the plant's zone: UTC seconds as keys, ticks on local midnights (from
// the day of firstUtc), dates only when zoomed out, the hour when zoomed in.
void useTimeAxis(QCPAxis* axis, const QTimeZone& zone, double firstUtc);

}  // namespace twinbench::ui
