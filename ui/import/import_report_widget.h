// After an import: how many rows went in, every rejected row (file, line, reason, the
// raw text) and the importer's notes (DST handling, detected dialect...). Rejected rows
// never vanish silently; the engineer can fix the export and import again.
#pragma once

#include <vector>

#include <QWidget>

#include "data/importer.h"

class QLabel;
class QListWidget;
class QTableWidget;

namespace twinbench::ui {

class ImportReportWidget : public QWidget {
    Q_OBJECT

public:
    explicit ImportReportWidget(QWidget* parent = nullptr);

    void showResult(const twinbench::ImportResult& result);
    void showStored(const QString& summary, const std::vector<twinbench::RejectedRow>& rejected,
                    const std::vector<twinbench::ImportNote>& notes);
    void clear();

    QTableWidget* rejectedTable() const { return rejected_; }
    QListWidget* notesList() const { return notes_; }
    QString summary() const;

private:
    void fill(const std::vector<twinbench::RejectedRow>& rejected, const std::vector<twinbench::ImportNote>& notes);

    QLabel* summary_;
    QTableWidget* rejected_;
    QListWidget* notes_;
};

}  // namespace twinbench::ui
