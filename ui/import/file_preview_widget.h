// One file's preview on the import page: what was detected (encoding, delimiter,
// decimal mark, header line, timestamp format), the columns with type, unit and an
// editable role, and the first parsed rows.
#pragma once

#include <memory>
#include <vector>

#include <QSet>
#include <QTimeZone>
#include <QWidget>

#include "ui/import/import_preview.h"

class QLabel;
class QTableView;
class QTableWidget;

namespace twinbench::ui {

class PreviewTableModel;
class RoleComboBox;

class FilePreviewWidget : public QWidget {
    Q_OBJECT

public:
    FilePreviewWidget(std::shared_ptr<const FilePreview> preview, const QTimeZone& zone, QWidget* parent = nullptr);

    const FilePreview& preview() const { return *preview_; }
    // Roles as shown (detected, then edited), one per column; empty when the file failed.
    std::vector<PreviewRole> roles() const;
    // The combo of a column, nullptr for the time axis or an unknown name.
    RoleComboBox* roleCombo(const QString& column) const;
    // Sets a column's role as if the engineer had picked it (emits roleEdited).
    bool setRole(const QString& column, twinbench::Role role);
    // Follows a pick made in a file with the same columns (they import as one source).
    void followRole(const QString& column, twinbench::Role role);
    // A unique role picked elsewhere leaves this file's column that held it.
    void releaseRole(twinbench::Role role, const QString& exceptColumn);

    QTableView* rowsView() const { return rows_; }
    QTableWidget* columnsTable() const { return columns_; }
    // The "detected" panel's text, for tests and screen readers.
    QString detectionSummary() const;

signals:
    void roleEdited(const QString& column, twinbench::Role role);

private:
    QWidget* buildDetectionPanel();
    void buildColumnsTable();

    std::shared_ptr<const FilePreview> preview_;
    std::vector<RoleComboBox*> combos_;  // per column; nullptr for the time axis
    QSet<QString> edited_;               // columns whose role the engineer picked
    QLabel* detection_ = nullptr;
    QTableWidget* columns_ = nullptr;
    QTableView* rows_ = nullptr;
    PreviewTableModel* model_ = nullptr;
};

}  // namespace twinbench::ui
