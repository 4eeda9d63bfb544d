#include "ui/models/model_tables.h"

#include <algorithm>
#include <cmath>

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>

#include "models/term_names.h"
#include "ui/app/qt_strings.h"
#include "ui/models/models_page.h"

namespace twinbench::ui {

QString modelNumberText(double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    const QLocale locale;
    const double a = std::abs(v);
    if (a == 0.0) return QStringLiteral("0");
    if (a >= 1e6 || a < 1e-3) return locale.toString(v, 'g', 4);
    const int decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(a))), 0, 5);
    return locale.toString(v, 'f', decimals);
}

QTableWidgetItem* modelNumberItem(double v) {
    auto* item = new QTableWidgetItem(modelNumberText(v));
    item->setData(Qt::UserRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* makeModelTable(QWidget* parent, const QStringList& headers) {
    auto* table = new QTableWidget(0, static_cast<int>(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

namespace {

// One row of a terms table; the numbers name their unit on hover, when the Unit column is
// scrolled away.
void setTermRow(QTableWidget* table, int row, QTableWidgetItem* nameItem, double estimate, double se, double low,
                double high, const QString& unit) {
    table->setItem(row, term_col_name, nameItem);
    table->setItem(row, term_col_estimate, modelNumberItem(estimate));
    table->setItem(row, term_col_std_error, modelNumberItem(se));
    table->setItem(row, term_col_ci_low, modelNumberItem(low));
    table->setItem(row, term_col_ci_high, modelNumberItem(high));
    table->setItem(row, term_col_unit, new QTableWidgetItem(unit));
    const QString name = nameItem->text();
    for (const int column : {term_col_estimate, term_col_std_error, term_col_ci_low, term_col_ci_high})
        table->item(row, column)
            ->setToolTip(unit.isEmpty() ? ModelsPage::tr("%1 of %2 (no unit)")
                                              .arg(table->horizontalHeaderItem(column)->text(), name)
                                        : ModelsPage::tr("%1 of %2, in %3")
                                              .arg(table->horizontalHeaderItem(column)->text(), name, unit));
}

QLabel* warningsLabel(const QStringList& warnings, QWidget* parent) {
    QStringList lines;
    for (const QString& w : warnings) lines << QStringLiteral("⚠ ") + w.toHtmlEscaped();
    auto* label = new QLabel(
        lines.isEmpty() ? ModelsPage::tr("No warnings.") : lines.join(QStringLiteral("<br>")),
        parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setObjectName(QStringLiteral("modelWarnings"));
    return label;
}

}  // namespace

void fillTermTable(QTableWidget* table, const std::vector<twinbench::StoredTerm>& terms, const QString& defaultUnit) {
    table->setRowCount(static_cast<int>(terms.size()));
    int row = 0;
    for (const auto& t : terms) {
        double low = t.ci_low, high = t.ci_high;
        if (!std::isfinite(low) && !std::isfinite(high) && std::isfinite(t.std_error)) {
            low = t.estimate - 1.96 * t.std_error;
            high = t.estimate + 1.96 * t.std_error;
        }
        // In words ("Time constant", "Core temperature²"); the stored name on hover, as the
        // command line's JSON and the project file keep it.
        auto* nameItem = new QTableWidgetItem(toQString(twinbench::readable_term_name(t.name)));
        nameItem->setToolTip(ModelsPage::tr("stored as %1").arg(toQString(t.name)));
        setTermRow(table, row, nameItem, t.estimate, t.std_error, low, high,
                   t.unit.empty() ? defaultUnit : toQString(t.unit));
        ++row;
    }
    table->resizeColumnsToContents();
}

void fillTermTable(QTableWidget* table, const std::vector<twinbench::ModelTerm>& terms) {
    table->setRowCount(static_cast<int>(terms.size()));
    int row = 0;
    for (const auto& t : terms) {
        const double se = t.std_error;
        const double low = std::isfinite(se) ? t.estimate - 1.96 * se : std::nan("");
        const double high = std::isfinite(se) ? t.estimate + 1.96 * se : std::nan("");
        setTermRow(table, row, new QTableWidgetItem(toQString(t.name)), t.estimate, se, low, high, toQString(t.unit));
        ++row;
    }
    table->resizeColumnsToContents();
}

QStringList termTableHeaders() {
    return {ModelsPage::tr("Term"),     ModelsPage::tr("Estimate"),  ModelsPage::tr("Std. error"),
            ModelsPage::tr("95 % low"), ModelsPage::tr("95 % high"), ModelsPage::tr("Unit")};
}

QLabel* modelWarningsLabel(const std::vector<std::string>& warnings, QWidget* parent) {
    QStringList lines;
    for (const auto& w : warnings) lines << toQString(w);
    return warningsLabel(lines, parent);
}

}  // namespace twinbench::ui
