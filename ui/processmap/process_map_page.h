// The Process map page: the dataset's process graph as a layered drawing (controls and
// disturbances -> upstream outputs -> outputs -> KPIs), every output and the edges into it
// coloured by its model's trust verdict and drawn as wide as its hold-out skill. The
// engineer clicks a signal to see its role, inputs and model in the side panel, changes
// its role, adds an input (drag from one box to another, or the panel's list) or drops
// one (click the arrow, Delete); each is an undo step of the document. An edit the engine
// refuses (a cycle) is explained in the banner and changes nothing. Refit fits every
// output again in the background for the graph as it is now.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <QPointer>
#include <QWidget>

#include "sim/kpi_definition.h"
#include "sim/process_graph.h"
#include "ui/processmap/node_health.h"
#include "ui/processmap/process_map_layout.h"

class QLabel;
class QPushButton;

namespace twinbench::ui {

class BackgroundJob;
class JobProgressWidget;
class MessageBanner;
class NodePanel;
class ProcessMapScene;
class ProcessMapView;
class WorkbenchDocument;

class ProcessMapPage : public QWidget {
    Q_OBJECT

public:
    explicit ProcessMapPage(WorkbenchDocument& document, QWidget* parent = nullptr);
    ~ProcessMapPage() override;

    // Reads the graph, the stored models and the KPIs again and redraws; mapDrawn() follows
    // (at once, or when a graph that was never stored has been proposed in the background).
    void refresh();
    BackgroundJob* proposalJob() const { return proposal_.data(); }
    // The graph as drawn (nullopt without a dataset, or when the project cannot give one).
    const std::optional<twinbench::ProcessGraph>& graph() const { return graph_; }

    // The edits the map and the panel make, for tests and menus. false (the reason in the
    // banner) when the engine refuses or nothing is open.
    bool addInput(const QString& from, const QString& to);
    bool dropInput(const QString& from, const QString& to);
    bool setRole(const QString& signal, twinbench::Role role);
    void selectSignal(const QString& name);
    QString selectedSignal() const { return selected_; }
    // Fits every output again for the graph as it is now, in the background.
    void refit();
    BackgroundJob* refitJob() const { return job_.data(); }

    ProcessMapScene* scene() const { return scene_; }
    ProcessMapView* view() const { return view_; }
    NodePanel* panel() const { return panel_; }
    MessageBanner* banner() const { return banner_; }
    QPushButton* refitButton() const { return refit_; }
    JobProgressWidget* progress() const { return progress_; }
    QLabel* summary() const { return summary_; }

signals:
    void refitFinished();
    void mapDrawn();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void scheduleRefresh();
    void draw(std::optional<twinbench::ProcessGraph> graph, QString error);
    void showSelection();
    void onSceneSelection();
    void deleteSelectedEdge();
    bool pushEdit(twinbench::ProcessGraph after, const QString& text);
    void stopRefit(const QString& why);
    void updateSummary();

    WorkbenchDocument& document_;
    std::optional<twinbench::ProcessGraph> graph_;
    ProcessMapLayout layout_;
    std::vector<twinbench::KpiDefinition> kpis_;
    std::map<std::string, NodeHealth> health_;
    std::map<std::string, QString> skipped_;  // why the last refit could not model an output
    QString selected_;
    QString selectedInput_;
    bool dirty_ = true;
    QPointer<BackgroundJob> job_;
    QPointer<BackgroundJob> proposal_;

    QLabel* summary_;
    QPushButton* refit_;
    JobProgressWidget* progress_;
    MessageBanner* banner_;
    ProcessMapScene* scene_;
    ProcessMapView* view_;
    NodePanel* panel_;
};

}  // namespace twinbench::ui
