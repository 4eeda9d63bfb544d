// A card on the Models page for one output of the process graph, read through the typed
// model interface: what the model found in plain words first ("Residual moisture is lowest
// at 191 °C Inlet air temp SP"), the trust verdict, the form chosen and why, the terms with
// readable names and units, the hold-out metrics with the output's unit and the hold-out
// charts. For stored models and fresh fits alike.
#pragma once

#include <memory>
#include <vector>

#include <QTimeZone>
#include <QWidget>

#include "models/model_findings.h"
#include "models/output_model.h"

class QLabel;
class QTableWidget;

namespace twinbench::ui {

class OutputModelCard : public QWidget {
    Q_OBJECT

  public:
    OutputModelCard(std::shared_ptr<const twinbench::OutputModel> model,
                    const std::vector<twinbench::ModelFinding>& findings, const QTimeZone& zone,
                    QWidget* parent = nullptr);

    const twinbench::OutputModel& model() const { return *model_; }
    QLabel* findingsLabel() const { return findings_; }
    QLabel* trustLabel() const { return trust_; }
    QTableWidget* termsTable() const { return terms_; }
    QTableWidget* metricsTable() const { return metrics_; }

  private:
    std::shared_ptr<const twinbench::OutputModel> model_;
    QLabel* findings_ = nullptr;
    QLabel* trust_ = nullptr;
    QTableWidget* terms_ = nullptr;
    QTableWidget* metrics_ = nullptr;
};

}  // namespace twinbench::ui
