#include "ui/charts/chart_export.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextStream>

#include <qcustomplot.h>

#include "ui/app/settings.h"

namespace twinbench::ui {
namespace {

const char* const title_property = "twinbenchExportTitle";
const char* const levels_property = "twinbenchExportLevels";

QString quoted(const QString& field) {
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) &&
        !field.contains(QLatin1Char('\n')))
        return field;
    QString escaped = field;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString isoTime(double utcSeconds, const QTimeZone& zone) {
    const auto ms = static_cast<qint64>(std::llround(utcSeconds * 1000.0));
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, zone);
    return t.toString(ms % 1000 == 0 ? Qt::ISODate : Qt::ISODateWithMs);
}

QString graphTitle(const QCPGraph& graph) {
    const QVariant title = graph.property(title_property);
    return title.isValid() ? title.toString() : graph.name();
}

// Vector output shares QCustomPlot's own export path: no pixmap caching, every element
// drawn as paths and text.
bool paintVector(QCustomPlot& plot, QPaintDevice& device, int width, int height) {
    QCPPainter painter;
    if (!painter.begin(&device)) return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot.toPainter(&painter, width, height);
    return painter.end();
}

}  // namespace

void setExportTitle(QCPAbstractPlottable* plottable, const QString& title) {
    plottable->setProperty(title_property, title);
}

void setExportLevels(QCPAbstractPlottable* plottable, const QStringList& levels) {
    plottable->setProperty(levels_property, levels);
}

bool exportChartImage(QCustomPlot& plot, ChartImageFormat format, const QString& path,
                      QString* error) {
    const int width = std::max(plot.width(), 200);
    const int height = std::max(plot.height(), 150);
    bool ok = false;
    switch (format) {
        case ChartImageFormat::png:
            // Twice the screen size: sharp in a report and on a high-DPI screen.
            ok = plot.savePng(path, width, height, 2.0);
            break;
        case ChartImageFormat::svg: {
            QSvgGenerator svg;
            svg.setFileName(path);
            svg.setSize(QSize(width, height));
            svg.setViewBox(QRect(0, 0, width, height));
            svg.setTitle(plot.objectName());
            svg.setDescription(QStringLiteral("Twinbench chart"));
            ok = paintVector(plot, svg, width, height) && QFileInfo(path).size() > 0;
            break;
        }
        case ChartImageFormat::pdf: {
            QPdfWriter pdf(path);
            pdf.setCreator(QStringLiteral("Twinbench"));
            pdf.setTitle(plot.objectName());
            // One page the size of the chart, one point per screen pixel.
            pdf.setPageSize(QPageSize(QSizeF(width, height), QPageSize::Point, QString(),
                                      QPageSize::ExactMatch));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setResolution(72);
            ok = paintVector(plot, pdf, width, height);
            break;
        }
    }
    if (!ok && error)
        *error =
            QCustomPlot::tr("Could not write %1: check that the folder exists and is writable.")
                .arg(path);
    return ok;
}

qsizetype exportChartCsv(const QCustomPlot& plot, const QString& path, CsvRange range,
                         const ChartExportOptions& options, QString* error) {
    struct Column {
        const QCPGraph* graph;
        QCPGraphDataContainer::const_iterator begin, end;
        QStringList levels;
    };
    std::vector<Column> columns;
    std::vector<double> keys;
    for (int i = 0; i < plot.graphCount(); ++i) {
        const QCPGraph* graph = plot.graph(i);
        const auto data = graph->data();
        Column c{graph, data->constBegin(), data->constEnd(),
                 graph->property(levels_property).toStringList()};
        if (range == CsvRange::visible) {
            const QCPRange view = graph->keyAxis()->range();
            c.begin = data->findBegin(view.lower, false);
            c.end = data->findEnd(view.upper, false);
        }
        for (auto it = c.begin; it != c.end; ++it) keys.push_back(it->key);
        columns.push_back(c);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) *error = QCustomPlot::tr("Could not write %1: %2").arg(path, file.errorString());
        return -1;
    }
    QTextStream out(&file);
    out.setEncoding(QStringConverter::Utf8);
    QString keyTitle = options.keyTitle;
    if (keyTitle.isEmpty())
        keyTitle = options.timeKeys ? QStringLiteral("time")
                                    : (plot.xAxis ? plot.xAxis->label() : QStringLiteral("x"));
    out << quoted(keyTitle);
    for (const auto& c : columns) out << ',' << quoted(graphTitle(*c.graph));
    out << '\n';
    // Each graph's samples are sorted by key: walk them alongside the merged keys.
    for (const double key : keys) {
        out << (options.timeKeys ? isoTime(key, options.zone) : QString::number(key, 'g', 15));
        for (auto& c : columns) {
            out << ',';
            while (c.begin != c.end && c.begin->key < key) ++c.begin;
            if (c.begin == c.end || c.begin->key != key || std::isnan(c.begin->value)) continue;
            const double v = c.begin->value;
            if (!c.levels.isEmpty())
                out << quoted(c.levels.value(static_cast<int>(v)));
            else
                out << QString::number(v, 'g', 12);
        }
        out << '\n';
    }
    out.flush();
    if (!file.commit()) {
        if (error) *error = QCustomPlot::tr("Could not write %1: %2").arg(path, file.errorString());
        return -1;
    }
    return static_cast<qsizetype>(keys.size());
}

ChartExport::ChartExport(QCustomPlot* plot, ChartExportOptions options)
    : QObject(plot), plot_(plot), options_(std::move(options)) {
    setObjectName(QStringLiteral("chartExport"));
    chooseFile = [this](const QString& suggested, const QString& filter) {
        return QFileDialog::getSaveFileName(plot_, tr("Export chart"), suggested, filter);
    };
    plot_->setContextMenuPolicy(Qt::CustomContextMenu);
    // Reachable with Tab, so the menu key (or Shift+F10) opens the export menu too.
    if (plot_->focusPolicy() == Qt::NoFocus) plot_->setFocusPolicy(Qt::StrongFocus);
    connect(plot_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu* menu = createMenu(plot_);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(plot_->mapToGlobal(pos));
    });
}

ChartExport* ChartExport::install(QCustomPlot* plot, ChartExportOptions options) {
    if (auto* existing = of(plot)) {
        existing->options_ = std::move(options);
        return existing;
    }
    return new ChartExport(plot, std::move(options));
}

ChartExport* ChartExport::of(const QCustomPlot* plot) {
    return plot ? plot->findChild<ChartExport*>(QStringLiteral("chartExport"),
                                                Qt::FindDirectChildrenOnly)
                : nullptr;
}

QMenu* ChartExport::createMenu(QWidget* parent) {
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("chartMenu"));
    const auto own = plot_->actions();
    for (auto* action : own) menu->addAction(action);
    if (!own.isEmpty()) menu->addSeparator();
    menu->addAction(tr("Export as PNG image…"), this,
                    [this] { exportImage(ChartImageFormat::png); });
    menu->addAction(tr("Export as SVG (vector)…"), this,
                    [this] { exportImage(ChartImageFormat::svg); });
    menu->addAction(tr("Export as PDF (vector)…"), this,
                    [this] { exportImage(ChartImageFormat::pdf); });
    menu->addSeparator();
    menu->addAction(tr("Export data as CSV (all)…"), this, [this] { exportCsv(CsvRange::all); });
    menu->addAction(tr("Export data as CSV (visible range)…"), this,
                    [this] { exportCsv(CsvRange::visible); });
    return menu;
}

QString ChartExport::suggestedPath(const QString& extension) const {
    QString folder = settings::lastExportFolder.get();
    if (folder.isEmpty() || !QFileInfo(folder).isDir()) folder = QDir::homePath();
    return QDir(folder).filePath(options_.baseName + QLatin1Char('.') + extension);
}

void ChartExport::exportImage(ChartImageFormat format) {
    const QString extension = format == ChartImageFormat::png   ? QStringLiteral("png")
                              : format == ChartImageFormat::svg ? QStringLiteral("svg")
                                                                : QStringLiteral("pdf");
    const QString path = chooseFile(suggestedPath(extension),
                                    tr("%1 files (*.%2)").arg(extension.toUpper(), extension));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = exportChartImage(*plot_, format, path, &error);
    report(ok, path, error);
}

void ChartExport::exportCsv(CsvRange range) {
    const QString path = chooseFile(suggestedPath(QStringLiteral("csv")), tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    const bool ok = exportChartCsv(*plot_, path, range, options_, &error) >= 0;
    report(ok, path, error);
}

void ChartExport::report(bool ok, const QString& path, const QString& error) {
    if (ok) {
        settings::lastExportFolder.set(QFileInfo(path).absolutePath());
        emit exported(path);
        return;
    }
    emit exportFailed(error);
    QMessageBox::warning(plot_, tr("Export failed"), error);
}

}  // namespace twinbench::ui
