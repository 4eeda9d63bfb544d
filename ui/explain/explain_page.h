// Why did it happen? (issue 17): the engineer picks an excursion (a time window typed or
// dragged on the chart, a named condition, or an output's rows above its model band), the
// explainer (core/explain) ranks the likely causes on a worker thread, the table lists them
// with their figures, a sentence says how much of it the process settings already explain,
// the excursion's rows are shaded on the time axis (a window's, a condition's and the rows
// above a model band alike, as the engine chose them), and picking a cause shades its
// stretches there and shows its evidence as bars.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <QDateTime>
#include <QPointer>
#include <QWidget>

#include "explain/dataset_explain.h"
#include "explain/explainer.h"

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class CauseEvidenceChart;
class ExcursionChart;
class MessageBanner;
class WorkbenchDocument;

class ExplainPage : public QWidget {
    Q_OBJECT

  public:
    enum class Pick { window, condition, band };
    enum Column { rankColumn, causeColumn, kindColumn, liftColumn, shareColumn, pColumn, conditionalPColumn, supportedColumn };

    explicit ExplainPage(WorkbenchDocument& document, QWidget* parent = nullptr);

    // What to explain; the window in UTC seconds, shown in the plant's time zone.
    void pickWindow(double startUtc, double endUtc);
    void pickCondition(const QString& nameOrRule);
    void pickOutputBand(const QString& output);
    // Starts the explainer; nullptr when the choice is incomplete (the banner says why).
    BackgroundJob* explain();
    void showCause(int row);

    const twinbench::ExplainResult* result() const { return result_ ? &*result_ : nullptr; }
    QTableWidget* causesTable() const { return causes_; }
    QLabel* summaryLabel() const { return summary_; }
    QLabel* processLabel() const { return process_; }
    QLabel* causeLabel() const { return cause_; }
    ExcursionChart* chart() const { return chart_; }
    CauseEvidenceChart* evidenceChart() const { return evidence_; }
    MessageBanner* banner() const { return banner_; }

  private:
    void reload();
    void showOutput();
    void showResult();
    void fail(const QString& message);
    // UTC seconds as the plant's wall clock, for the window's edits.
    QDateTime wallClock(double utc) const;

    WorkbenchDocument& document_;
    MessageBanner* banner_;
    QComboBox* pick_;
    QStackedWidget* pickEditors_;
    QDateTimeEdit* from_;
    QDateTimeEdit* to_;
    QComboBox* condition_;
    QComboBox* output_;
    QPushButton* run_;
    QLabel* summary_;
    QLabel* process_;
    QTableWidget* causes_;
    QLabel* cause_;
    ExcursionChart* chart_;
    CauseEvidenceChart* evidence_;
    QPointer<BackgroundJob> job_;
    std::optional<twinbench::ExplainResult> result_;
    std::vector<std::uint8_t> excursion_;  // the rows of the excursion explained, per table row
};

// An engine message in the page's words: the command line's flags become the fields of
// the page they correspond to.
QString explainMessageInPageWords(const QString& engineMessage);

}  // namespace twinbench::ui
