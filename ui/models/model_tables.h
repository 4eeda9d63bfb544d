// The tables and numbers of the Models page and its output cards: numbers to four
// significant digits in the user's locale, read-only tables, a stored model's terms with
// readable names and their units, its warnings.
#pragma once

#include <string>
#include <vector>

#include <QString>
#include <QStringList>

#include "models/output_model.h"
#include "models/stored_model_card.h"

class QLabel;
class QTableWidget;
class QTableWidgetItem;
class QWidget;

namespace twinbench::ui {

// Four significant digits, fixed notation where it reads well, "–" for missing.
QString modelNumberText(double v);
// Right-aligned, the number itself kept for sorting (Qt::UserRole).
QTableWidgetItem* modelNumberItem(double v);
// Read-only, whole rows selected, alternating colours, the last column stretched.
QTableWidget* makeModelTable(QWidget* parent, const QStringList& headers);
// The columns of a terms table (TermColumn in models_page.h).
QStringList termTableHeaders();
// Rows of name / estimate / se / 95 % interval / unit; the interval is the model's own
// where it gives one (profile or Wald from the GLM), else estimate -+ 1.96 se.
void fillTermTable(QTableWidget* table, const std::vector<twinbench::StoredTerm>& terms,
                   const QString& defaultUnit = {});
// A typed model's terms, in its own words and units; the interval estimate -+ 1.96 se.
void fillTermTable(QTableWidget* table, const std::vector<twinbench::ModelTerm>& terms);
QLabel* modelWarningsLabel(const std::vector<std::string>& warnings, QWidget* parent);

}  // namespace twinbench::ui
