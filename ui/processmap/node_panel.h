// The side panel of the Process map for the selected signal: its role (changeable), unit
// and kind; for an output its inputs (drop one, or add one from a list: the same edit as a
// drag on the map) and its model: the form chosen and why, the hold-out figures and the
// trust verdict; for a control or disturbance the outputs it drives; for a KPI its
// expression. The panel asks; the page applies (each change an undo step).
#pragma once

#include <map>
#include <string>

#include <QString>
#include <QWidget>

#include "data/roles.h"
#include "sim/kpi_definition.h"
#include "sim/process_graph.h"
#include "ui/processmap/node_health.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace twinbench::ui {

class RoleComboBox;

class NodePanel : public QWidget {
    Q_OBJECT

public:
    explicit NodePanel(QWidget* parent = nullptr);

    // health: the output's (nullptr for inputs). selectedInput: an input to select in the
    // list (a clicked edge), empty for none.
    void showSignal(const twinbench::ProcessGraph& graph, const QString& name, const NodeHealth* health,
                    const QString& selectedInput = {});
    void showKpi(const twinbench::KpiDefinition& kpi, const QStringList& reads, const QString& problem);
    void showNothing();

    QString signalName() const { return name_; }
    RoleComboBox* roleBox() const { return role_; }
    QListWidget* inputList() const { return inputs_; }
    QComboBox* addInputBox() const { return addBox_; }
    QPushButton* addInputButton() const { return add_; }
    QPushButton* dropInputButton() const { return drop_; }
    QLabel* formLabel() const { return form_; }
    QLabel* reasonLabel() const { return reason_; }
    QLabel* candidatesLabel() const { return candidates_; }
    QLabel* trustLabel() const { return trust_; }

signals:
    void roleChosen(const QString& signal, twinbench::Role role);
    void addInputRequested(const QString& from, const QString& to);
    void dropInputRequested(const QString& from, const QString& to);

private:
    QString name_;
    QLabel* title_;
    QLabel* kind_;
    QWidget* roleRow_;
    RoleComboBox* role_;
    QGroupBox* inputsBox_;
    QListWidget* inputs_;
    QComboBox* addBox_;
    QPushButton* add_;
    QPushButton* drop_;
    QGroupBox* modelBox_;
    QLabel* form_;
    QLabel* reason_;
    QLabel* metrics_;
    QLabel* candidates_;
    QLabel* trust_;
    QLabel* notes_;
};

}  // namespace twinbench::ui
