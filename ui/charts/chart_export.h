// Export of any chart from its context menu (right click, or the menu key on a focused
// chart): the picture as PNG, SVG or PDF (vector, for reports), and the data as CSV, whole
// or only the visible x range. Time keys are written as ISO 8601 with the plant zone's
// offset ("2026-02-16T07:30:00+01:00"), so a spreadsheet and a colleague in another zone
// read the same instant. Every chart installs it once (ChartExport::install); the chart's
// own actions (QWidget::actions(), e.g. the A/B cursors) head the same menu.
#pragma once

#include <functional>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimeZone>

class QCPAbstractPlottable;
class QCustomPlot;
class QMenu;
class QWidget;

namespace twinbench::ui {

struct ChartExportOptions {
    QString baseName = QStringLiteral("chart");  // suggested file name, without extension
    bool timeKeys = true;                        // keys are UTC seconds since 1970
    QTimeZone zone = QTimeZone::utc();           // zone of the written times
    QString keyTitle;                            // CSV header of the key column ("time" if empty)
};

enum class ChartImageFormat { png, svg, pdf };
enum class CsvRange { all, visible };

// Return false with a message naming the file on failure.
bool exportChartImage(QCustomPlot& plot, ChartImageFormat format, const QString& path,
                      QString* error = nullptr);
// One row per distinct key (of all graphs), one column per graph, empty cells where a graph
// has no sample at that key. Returns the number of data rows, or -1 on failure.
qsizetype exportChartCsv(const QCustomPlot& plot, const QString& path, CsvRange range,
                         const ChartExportOptions& options, QString* error = nullptr);

// How a graph is titled in the CSV (default: its name), and for category steps the labels
// written instead of the codes.
void setExportTitle(QCPAbstractPlottable* plottable, const QString& title);
void setExportLevels(QCPAbstractPlottable* plottable, const QStringList& levels);

class ChartExport : public QObject {
    Q_OBJECT

  public:
    // Adds the context menu to the chart (once; later calls update the options).
    static ChartExport* install(QCustomPlot* plot, ChartExportOptions options = {});
    // nullptr when the chart has none.
    static ChartExport* of(const QCustomPlot* plot);

    ChartExportOptions& options() { return options_; }
    // The context menu: the chart's own actions, then the export entries.
    QMenu* createMenu(QWidget* parent);

    // Asks for a file (chooseFile) and writes it; failures are shown in a message box.
    void exportImage(ChartImageFormat format);
    void exportCsv(CsvRange range);

    // Picks the target file; a save dialog unless replaced (tests, scripted use).
    std::function<QString(const QString& suggestedPath, const QString& filter)> chooseFile;

  signals:
    void exported(const QString& path);
    void exportFailed(const QString& message);

  private:
    ChartExport(QCustomPlot* plot, ChartExportOptions options);
    QString suggestedPath(const QString& extension) const;
    void report(bool ok, const QString& path, const QString& error);

    QCustomPlot* plot_;
    ChartExportOptions options_;
};

}  // namespace twinbench::ui
