// Fills the audit page's tables from an AuditReport: per-column statistics, findings
// that have a time range (stuck sensors, gaps) and the operating envelope. Kept apart
// from the page so the page reads as layout and wiring.
#pragma once

#include <vector>

#include <QString>
#include <QTimeZone>

#include "data/audit.h"

class QTableWidget;

namespace twinbench::ui {

// Something the chart can show: a stuck stretch of one column or a gap in the time axis.
struct AuditFinding {
    enum class Kind { stuck, gap };
    Kind kind = Kind::stuck;
    QString column;  // "" for a gap
    double startUtc = 0.0;
    double endUtc = 0.0;
};

// Columns of the per-column table.
enum AuditColumn {
    audit_col_name, audit_col_unit, audit_col_role, audit_col_kind, audit_col_missing, audit_col_stuck,
    audit_col_outliers, audit_col_min, audit_col_p01, audit_col_p99, audit_col_max
};

std::vector<AuditFinding> collectFindings(const twinbench::AuditReport& report);

void fillColumnTable(QTableWidget* table, const twinbench::AuditReport& report);
void fillFindingsTable(QTableWidget* table, const std::vector<AuditFinding>& findings, const QTimeZone& zone);
void fillEnvelopeTable(QTableWidget* table, const twinbench::AuditReport& report);

}  // namespace twinbench::ui
