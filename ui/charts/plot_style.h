// Colours and fonts shared by every chart, derived from the window palette so plots read
// in light and dark themes alike. Series colours are a fixed qualitative set, so the
// furnace temperature keeps its colour when other series are switched on or off.
#pragma once

#include <QColor>
#include <QFont>
#include <QPalette>

class QCPAxis;
class QCPAxisRect;

namespace twinbench::ui {

QColor seriesColour(int index);
// Grid lines: a faint mix of text and background.
QColor gridColour(const QPalette& palette, double strength = 0.12);
void styleAxis(QCPAxis* axis, const QPalette& palette, const QFont& font);
void styleAxisRect(QCPAxisRect* rect, const QPalette& palette, const QFont& font);

}  // namespace twinbench::ui
