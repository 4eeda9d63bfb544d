#include "ui/audit/audit_tables.h"

#include <algorithm>
#include <cmath>

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"

namespace twinbench::ui {
namespace {

// Findings beyond this are summarised by the column table; nobody clicks through 10,000 gaps.
constexpr std::size_t max_findings = 2000;

QTableWidgetItem* textItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QTableWidgetItem* numberItem(double value, int digits, const QString& suffix = {}) {
    auto* item = textItem(std::isfinite(value) ? QLocale().toString(value, 'f', digits) + suffix : QStringLiteral("–"));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidgetItem* valueItem(double value) {
    auto* item = textItem(std::isfinite(value) ? QLocale().toString(value, 'g', 5) : QStringLiteral("–"));
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void prepare(QTableWidget* table, const QStringList& headers, int rows) {
    table->clearContents();
    table->setColumnCount(static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->setRowCount(rows);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
}

void finish(QTableWidget* table) {
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
}

}  // namespace

std::vector<AuditFinding> collectFindings(const twinbench::AuditReport& report) {
    std::vector<AuditFinding> findings;
    for (const auto& c : report.columns)
        for (const auto& r : c.flatline_ranges)
            findings.push_back({AuditFinding::Kind::stuck, toQString(c.name), r.start_s, r.end_s});
    for (const auto& g : report.gaps) findings.push_back({AuditFinding::Kind::gap, QString(), g.start_s, g.end_s});
    // Longest first: the worst stretch is what the engineer wants to see.
    std::stable_sort(findings.begin(), findings.end(), [](const AuditFinding& a, const AuditFinding& b) {
        return a.endUtc - a.startUtc > b.endUtc - b.startUtc;
    });
    if (findings.size() > max_findings) findings.resize(max_findings);
    return findings;
}

void fillColumnTable(QTableWidget* table, const twinbench::AuditReport& report) {
    prepare(table, {QObject::tr("Column"), QObject::tr("Unit"), QObject::tr("Role"), QObject::tr("Checked as"),
                    QObject::tr("Missing"), QObject::tr("Stuck"), QObject::tr("Outliers"), QObject::tr("Min"),
                    QObject::tr("P01"), QObject::tr("P99"), QObject::tr("Max")},
            static_cast<int>(report.columns.size()));
    for (std::size_t i = 0; i < report.columns.size(); ++i) {
        const auto& c = report.columns[i];
        const int row = static_cast<int>(i);
        auto* name = textItem(toQString(c.name));
        if (!c.flatline_ranges.empty())
            name->setToolTip(QObject::tr("%n stuck stretch(es); click to show the longest on the chart", nullptr,
                                         static_cast<int>(c.flatline_ranges.size())));
        table->setItem(row, audit_col_name, name);
        table->setItem(row, audit_col_unit, textItem(toQString(c.unit)));
        table->setItem(row, audit_col_role, textItem(toQString(twinbench::role_name(c.role))));
        table->setItem(row, audit_col_kind, textItem(toQString(twinbench::column_kind_name(c.kind))));
        table->setItem(row, audit_col_missing, numberItem(100.0 * c.missing_fraction, 2, QStringLiteral(" %")));
        table->setItem(row, audit_col_stuck, c.flatline_checked ? numberItem(100.0 * c.flatline_fraction, 2, QStringLiteral(" %"))
                                                                : textItem(QObject::tr("not checked")));
        auto* outliers = c.outlier_rule.empty() ? textItem(QObject::tr("not checked"))
                                                : numberItem(100.0 * c.outlier_fraction, 2, QStringLiteral(" %"));
        if (!c.outlier_rule.empty()) outliers->setToolTip(toQString(c.outlier_rule));
        table->setItem(row, audit_col_outliers, outliers);
        table->setItem(row, audit_col_min, valueItem(c.min));
        table->setItem(row, audit_col_p01, valueItem(c.p01));
        table->setItem(row, audit_col_p99, valueItem(c.p99));
        table->setItem(row, audit_col_max, valueItem(c.max));
    }
    table->resizeColumnsToContents();
    // Numbers keep their width; the empty space goes to the right, not into one column.
    table->horizontalHeader()->setStretchLastSection(false);
}

void fillFindingsTable(QTableWidget* table, const std::vector<AuditFinding>& findings, const QTimeZone& zone) {
    prepare(table, {QObject::tr("Finding"), QObject::tr("Column"), QObject::tr("From – to (plant time)"),
                    QObject::tr("Duration")},
            static_cast<int>(findings.size()));
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        const int row = static_cast<int>(i);
        table->setItem(row, 0, textItem(f.kind == AuditFinding::Kind::stuck ? QObject::tr("stuck sensor")
                                                                             : QObject::tr("gap in the data")));
        table->setItem(row, 1, textItem(f.column.isEmpty() ? QObject::tr("all columns") : f.column));
        table->setItem(row, 2, textItem(formatRange(f.startUtc, f.endUtc, zone)));
        auto* duration = textItem(formatDuration(f.endUtc - f.startUtc));
        duration->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(row, 3, duration);
        for (int c = 0; c < 4; ++c) table->item(row, c)->setToolTip(QObject::tr("Click to show it on the Data page"));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(false);
}

void fillEnvelopeTable(QTableWidget* table, const twinbench::AuditReport& report) {
    prepare(table, {QObject::tr("Role"), QObject::tr("Column"), QObject::tr("Min"), QObject::tr("P01"),
                    QObject::tr("Median"), QObject::tr("P99"), QObject::tr("Max"), QObject::tr("Unit / grades")},
            static_cast<int>(report.envelope.size()));
    for (std::size_t i = 0; i < report.envelope.size(); ++i) {
        const auto& e = report.envelope[i];
        const int row = static_cast<int>(i);
        table->setItem(row, 0, textItem(toQString(twinbench::role_name(e.role))));
        table->setItem(row, 1, textItem(toQString(e.column)));
        if (!e.levels.empty()) {
            QStringList grades;
            for (const auto& level : e.levels)
                grades << QStringLiteral("%1 (%2 %)").arg(toQString(level.level), QLocale().toString(100.0 * level.fraction, 'f', 1));
            for (int c = 2; c <= 6; ++c) table->setItem(row, c, textItem(QString()));
            table->setItem(row, 7, textItem(grades.join(QStringLiteral(", "))));
            continue;
        }
        table->setItem(row, 2, valueItem(e.min));
        table->setItem(row, 3, valueItem(e.p01));
        table->setItem(row, 4, valueItem(e.median));
        table->setItem(row, 5, valueItem(e.p99));
        table->setItem(row, 6, valueItem(e.max));
        table->setItem(row, 7, textItem(toQString(e.unit)));
    }
    finish(table);
}

}  // namespace twinbench::ui
