#include "ui/widgets/score_badge.h"

#include <cmath>
#include <limits>

#include <QPainter>

namespace twinbench::ui {
namespace {

QColor scoreColour(double score) {
    if (score >= 85.0) return QColor(0x2e, 0x7d, 0x32);
    if (score >= 60.0) return QColor(0xc7, 0x7c, 0x02);
    return QColor(0xc6, 0x28, 0x28);
}

}  // namespace

ScoreBadge::ScoreBadge(QWidget* parent) : QWidget(parent), score_(std::numeric_limits<double>::quiet_NaN()) {
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void ScoreBadge::setScore(double score) {
    score_ = score;
    setToolTip(std::isnan(score) ? QString() : tr("Data quality score %1 of 100; the reasons list every lost point").arg(text()));
    update();
}

QString ScoreBadge::text() const { return std::isnan(score_) ? QString() : QString::number(std::lround(score_)); }

QSize ScoreBadge::sizeHint() const {
    const int h = fontMetrics().height();
    return {h * 7, h * 5};
}

void ScoreBadge::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(1, 1, -1, -1);
    const QColor colour = std::isnan(score_) ? palette().color(QPalette::Mid) : scoreColour(score_);
    painter.setPen(QPen(colour, 2));
    painter.setBrush(palette().brush(QPalette::Base));
    painter.drawRoundedRect(box, 8, 8);

    QFont big = font();
    big.setPixelSize(static_cast<int>(box.height() * 0.48));
    big.setBold(true);
    painter.setFont(big);
    painter.setPen(colour);
    const QRectF numberBox = box.adjusted(0, 0, 0, -box.height() * 0.25);
    painter.drawText(numberBox, Qt::AlignCenter, std::isnan(score_) ? QStringLiteral("–") : text());

    QFont small = font();
    painter.setFont(small);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(box.adjusted(0, box.height() * 0.62, 0, 0), Qt::AlignHCenter | Qt::AlignTop, tr("score of 100"));
}

}  // namespace twinbench::ui
