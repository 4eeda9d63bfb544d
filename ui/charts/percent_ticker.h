// An axis whose data are shares (the scrap rate, availability: fractions in the engine)
// labelled in percent, as the tiles, the report and the CLI show them ("1.6 %", not
// "0.016"). The data stay fractions, so what is plotted is the engine's number.
#pragma once

#include <qcustomplot.h>

namespace twinbench::ui {

class PercentTicker : public QCPAxisTicker {
  protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
    // Nice steps in percent (0.1, 0.2, 0.5 %), not in the fraction.
    double getTickStep(const QCPRange& range) override;

  private:
    double lastStep_ = 0.0;  // the fraction between ticks, for the labels' decimals
};

// Gives the axis a PercentTicker keeping its tick count.
void labelInPercent(QCPAxis* axis);

}  // namespace twinbench::ui
