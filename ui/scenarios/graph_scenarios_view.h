// The Scenarios page's body for any process (not the furnace template): the scenarios
// stored for the dataset (saved on the What-if page or here), compared against "nothing
// changes" in a table of every output, count rate and KPI with its Monte Carlo P10-P90,
// and in an overlay of the outputs over the horizon with the bands shaded; beside them
// the optimiser over the process graph's controls. Follows the GraphWhatIfState the
// What-if page holds.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include <QPointer>
#include <QString>
#include <QWidget>

#include "sim/graph_monte_carlo.h"
#include "sim/scenario.h"
#include "sim/twin_what_if.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace twinbench::ui {

class BackgroundJob;
class GraphOptimizerPanel;
class GraphScenarioOverlay;
class GraphWhatIfState;
class JobProgressWidget;
class MessageBanner;

class GraphScenariosView : public QWidget {
    Q_OBJECT

  public:
    GraphScenariosView(GraphWhatIfState& state, MessageBanner& banner, QWidget* parent = nullptr);
    ~GraphScenariosView() override;

    QLineEdit* nameEdit() const { return name_; }
    QPushButton* saveButton() const { return save_; }
    QListWidget* scenarioList() const { return list_; }
    QPushButton* applyButton() const { return apply_; }
    // Rows: "nothing changes", then each ticked scenario; per figure (the state's figures,
    // in order) a value column (the Monte Carlo median once the band is in, else the
    // deterministic run; the number in Qt::UserRole) and a P10–P90 column (P10 in
    // Qt::UserRole, P90 in Qt::UserRole + 1; "–" until the band is in).
    QTableWidget* comparisonTable() const { return table_; }
    static int valueColumn(int figure) { return 2 * figure; }
    static int bandColumn(int figure) { return 2 * figure + 1; }
    GraphScenarioOverlay* overlay() const { return overlay_; }
    QSpinBox* bandRunsBox() const { return bandRuns_; }
    BackgroundJob* bandsJob() const { return bandsJob_.data(); }
    GraphOptimizerPanel* optimizer() const { return optimizer_; }
    // The compared rows' scenarios (row 0: the baseline, no changes).
    int comparedCount() const { return static_cast<int>(compared_.size()); }
    const twinbench::Scenario& comparedScenario(int row) const { return compared_[static_cast<std::size_t>(row)].scenario; }
    const twinbench::GraphMonteCarloResult* bandOf(int row) const;

    bool saveCurrent();
    void refreshList();
    void refreshComparison();
    // Monte Carlo of the compared rows without a band, in the background (started by
    // itself after each refresh); false when every row has its band or none is loaded.
    bool startBands();

  signals:
    void settingsApplied();
    void bandsFinished();

  protected:
    // The comparison (runs and Monte Carlo) is worked out while the page shows, not for a
    // What-if session that never looks at it.
    void showEvent(QShowEvent* event) override;

  private:
    void clear();
    void fillTable();

    GraphWhatIfState& state_;
    MessageBanner& banner_;
    QLineEdit* name_;
    QPushButton* save_;
    QListWidget* list_;
    QPushButton* apply_;
    QTableWidget* table_;
    QLabel* legend_;
    GraphScenarioOverlay* overlay_;
    QSpinBox* bandRuns_;
    JobProgressWidget* bandsProgress_;
    GraphOptimizerPanel* optimizer_;
    QPointer<BackgroundJob> bandsJob_;

    struct Compared {
        QString name;
        twinbench::Scenario scenario;
        twinbench::GraphOutcome outcome;  // deterministic, with its frame
        std::shared_ptr<const twinbench::GraphMonteCarloResult> band;
    };
    std::vector<Compared> compared_;
    std::vector<twinbench::Scenario> scenarios_;
    bool stale_ = false;  // a refresh was asked for while hidden
    // Bands by row name, kept while the stored scenarios and the study stay the same.
    std::map<QString, std::shared_ptr<const twinbench::GraphMonteCarloResult>> bands_;
};

}  // namespace twinbench::ui
