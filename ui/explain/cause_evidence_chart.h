// The evidence behind one cause on the Explain page, as bars: how often the cause was
// present in the excursion's rows against the reference's (the lift's two sides; for a
// signal, the rows beyond its threshold) and, where the outcome is known, the outcome
// inside the excursion with the cause and without it, next to the reference's outcome
// (a cause that merely ran then shows the same outcome either way).
#pragma once

#include <QWidget>

#include "explain/explainer.h"

class QCustomPlot;
class QCPBars;

namespace twinbench::ui {

class CauseEvidenceChart : public QWidget {
    Q_OBJECT

  public:
    // Keys of the bars (the axis labels say what they are).
    static constexpr double excursionKey = 1.0, referenceKey = 2.3;
    static constexpr double withKey = 4.0, withoutKey = 5.2, outcomeReferenceKey = 6.4;

    explicit CauseEvidenceChart(QWidget* parent = nullptr);

    void showCause(const twinbench::ExplainResult& result, const twinbench::ExplainedCause& cause);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    // Per cent of the rows with the cause: excursion, reference (left axis).
    QCPBars* presenceBars() const { return presence_; }
    // The outcome inside the excursion with and without the cause, and the reference's
    // (right axis); empty without an outcome.
    QCPBars* outcomeBars() const { return outcome_; }

  private:
    QCustomPlot* plot_;
    QCPBars* presence_;
    QCPBars* outcome_;
};

}  // namespace twinbench::ui
