#include "ui/charts/percent_ticker.h"

#include <algorithm>
#include <cmath>

namespace twinbench::ui {

QString PercentTicker::getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) {
    (void)formatChar;
    (void)precision;
    const double percent = 100.0 * tick;
    // As many decimals as the step needs, no more: 1.5 %, 1.55 %, 20 %.
    const double step = std::abs(100.0 * lastStep_);
    const int decimals = step > 0.0 && step < 1.0 ? std::min(4, static_cast<int>(std::ceil(-std::log10(step) - 1e-9))) : 0;
    return locale.toString(std::abs(percent) < 1e-12 ? 0.0 : percent, 'f', decimals) + QStringLiteral(" %");
}

double PercentTicker::getTickStep(const QCPRange& range) {
    lastStep_ = cleanMantissa(range.size() / (mTickCount + 1e-10));
    return lastStep_;
}

void labelInPercent(QCPAxis* axis) {
    auto ticker = QSharedPointer<PercentTicker>::create();
    ticker->setTickCount(axis->ticker()->tickCount());
    axis->setTicker(ticker);
}

}  // namespace twinbench::ui
