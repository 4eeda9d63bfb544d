// Where a QCustomPlot draws its words, for GUI tests of crowded layouts (issue 15 fault 8:
// at 1280x720 labels ran together and covered titles): every visible text item (titles,
// limit labels) by its anchors, every tick label and axis label of the visible axes by the
// axis' own geometry and fonts, in widget pixels.
#pragma once

#include <vector>

#include <QRectF>
#include <QString>

class QCustomPlot;

namespace twinbench::ui::test {

struct DrawnText {
    QString text;
    QRectF rect;
    QString where;  // "item", "tick x", "label y" ... for the failure message
};

std::vector<DrawnText> drawnTexts(QCustomPlot* plot);

// Empty when no two texts overlap (by more than `slack` pixels each way) and each lies
// inside `bounds`; else the first problem in words, for QVERIFY2.
QString crowdedText(const std::vector<DrawnText>& texts, const QRectF& bounds, double slack = 1.0);

}  // namespace twinbench::ui::test
