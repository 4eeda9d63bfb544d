// What the Process map says about each output's model: its trust verdict and hold-out
// skill (core/models/trust_verdict.h), the form chosen and why, and whether it was fitted
// for the inputs the map shows now. Colours: one per verdict, the same on the node, on the
// edges into it (each edge is an input of that model) and in the legend.
#pragma once

#include "ui/app/gui_wording.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <QColor>
#include <QString>
#include <QStringList>

#include "models/output_model.h"
#include "sim/process_graph.h"

namespace twinbench::ui {

enum class NodeVerdict { input, trusted, caution, not_trusted, no_model, template_model, kpi };

struct NodeHealth {
    NodeVerdict verdict = NodeVerdict::no_model;
    double skill = HoldoutMetrics::nan;  // 1 - error / error of the training mean (or rate)
    QString form;                        // "Dynamic", "Static regression", ...
    QString formReason;                  // the engine's reason for that form
    QString trustMessage;                // the engine's verdict sentence, with the figures
    QString metrics;                     // "R² 0.79, RMSE 4.05 mg/m³ on 80 hold-out rows"
    QStringList candidates;              // the forms compared: "dynamic, order 1: hold-out RMSE 0.523 °C"
    QStringList warnings;
    QStringList modelInputs;  // what the stored model reads
    // The stored model reads other inputs than the map now gives its output: refit.
    bool stale = false;
    QString notFittedReason;  // the last refit of this session could not model it
};

// Fill colour of a node with that verdict (inputs, KPIs: neutral).
QColor verdictColour(NodeVerdict verdict);
QString verdictName(NodeVerdict verdict);  // "trusted", "use with care", ...

// One entry per output of the graph. models: the stored output models; template_outputs:
// outputs the furnace template simulates with its own physics; skipped: why the last refit
// could not model an output (by name).
std::map<std::string, NodeHealth> judge_nodes(const twinbench::ProcessGraph& graph,
                                              const std::vector<std::shared_ptr<const twinbench::OutputModel>>& models,
                                              const std::vector<std::string>& template_outputs,
                                              const std::map<std::string, QString>& skipped);


}  // namespace twinbench::ui
