// Step 4: "what does the data say about the plant?". Fits every model the dataset's roles
// support (furnace temperature, defects, energy, throughput) on a worker thread and shows
// each model's terms with 95 % intervals, its hold-out metrics and warnings; the models
// that could not be fitted with what to map; and for the temperature model the core
// temperature soft sensor (estimate, band, manual checks) and how far the manual checks
// can be spaced.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <QPointer>
#include <QStringList>
#include <QWidget>

#include "models/model_findings.h"
#include "models/output_model.h"

class QCustomPlot;
class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace twinbench::ui {

class BackgroundJob;
class JobProgressWidget;
class OutputModelCard;
class MessageBanner;
class WorkbenchDocument;
struct ModelsFit;

// Columns of a model's terms table.
enum ModelTermColumn {
    term_col_name,
    term_col_estimate,
    term_col_std_error,
    term_col_ci_low,
    term_col_ci_high,
    term_col_unit
};
// Columns of the check-interval table.
enum CheckIntervalColumn {
    interval_col_hours,
    interval_col_checks,
    interval_col_rmse,
    interval_col_p95,
    interval_col_meets
};

class ModelsPage : public QWidget {
    Q_OBJECT

  public:
    explicit ModelsPage(WorkbenchDocument& document, QWidget* parent = nullptr);
    ~ModelsPage() override;

    // Fits all models on the current dataset in the background (cancelling a fit that runs).
    void fitAll();
    bool isRunning() const { return !job_.isNull(); }
    QPushButton* fitButton() const { return fit_; }

    // Keys ("temperature", "defect", "energy", "throughput") of the fitted models, in tab order.
    QStringList modelKeys() const;
    // nullptr when that model was not fitted.
    QTableWidget* termsTable(const QString& key) const;
    QTableWidget* metricsTable(const QString& key) const;
    // Model key and reason of each model that could not be fitted.
    QTableWidget* skippedTable() const { return skipped_; }
    QTabWidget* modelTabs() const { return tabs_; }
    // The temperature model's soft-sensor chart and check-interval table (nullptr without).
    QCustomPlot* softSensorPlot() const { return softSensorPlot_; }
    QTableWidget* checkIntervalTable() const { return checkIntervals_; }
    // One card per modelled output of the process graph, in tab order.
    const std::vector<OutputModelCard*>& outputCards() const { return outputCards_; }
    // One line for the status bar: "Models: not fitted", "Models: fitting…", "Models: 4 fitted".
    QString statusText() const { return status_; }

  signals:
    void fitFinished();
    void statusChanged(const QString& status);

  private:
    void showStored();
    void clearResults(const QString& message);
    void showResults(const ModelsFit& fit);
    // A tab per output model of the process graph, after the furnace template's.
    void addOutputCards(const std::vector<std::shared_ptr<const twinbench::OutputModel>>& models,
                        const std::vector<std::vector<twinbench::ModelFinding>>& findings);
    void setStatus(const QString& status);

    WorkbenchDocument& document_;
    QPointer<BackgroundJob> job_;

    QPushButton* fit_;
    JobProgressWidget* progress_;
    MessageBanner* banner_;
    QLabel* summary_;
    QTabWidget* tabs_;
    QTableWidget* skipped_;
    struct ModelTables {
        QString key;
        QTableWidget* terms = nullptr;
        QTableWidget* metrics = nullptr;
    };
    std::vector<ModelTables> models_;
    QCustomPlot* softSensorPlot_ = nullptr;
    QTableWidget* checkIntervals_ = nullptr;
    std::vector<OutputModelCard*> outputCards_;
    QString status_;
};

}  // namespace twinbench::ui
