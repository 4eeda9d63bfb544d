#include "ui/processmap/node_panel.h"

#include <cmath>

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/app/qt_strings.h"
#include "ui/widgets/role_combo_box.h"

namespace twinbench::ui {
namespace {

QLabel* wrapped(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QString describeSignal(const twinbench::GraphSignal& s) {
    switch (s.kind) {
        case twinbench::SignalKind::control:
            return NodePanel::tr("Control: a setting the engineer changes (a slider on the What-if page).");
        case twinbench::SignalKind::disturbance:
            return NodePanel::tr("Disturbance: measured, nobody sets it; the twin replays it from the data.");
        case twinbench::SignalKind::none: return NodePanel::tr("Not part of the twin.");
        case twinbench::SignalKind::output: break;
    }
    QString text;
    switch (s.output_kind) {
        case twinbench::OutputKind::continuous: text = NodePanel::tr("Output, a measured value the twin predicts"); break;
        case twinbench::OutputKind::binary: text = NodePanel::tr("Output, 0 or 1 per item (the twin predicts the probability)"); break;
        case twinbench::OutputKind::count:
            text = NodePanel::tr("Output, a count out of '%1'").arg(toQString(s.total));
            break;
    }
    if (s.sparse) text += NodePanel::tr("; measured on a minority of the rows (a lab value), estimated in between");
    return text + QLatin1Char('.');
}

// Rich text, so that Qt wraps it: an edge's evidence can run to a paragraph (a chained
// output names the direct edges it took the place of).
QString edgeTip(const twinbench::GraphEdge& e) {
    QString tip = toQString(e.evidence).toHtmlEscaped();
    if (std::isfinite(e.delay_min))
        tip += (tip.isEmpty() ? QString() : QStringLiteral("<br>")) +
               NodePanel::tr("Dead time %1 min").arg(QLocale().toString(e.delay_min, 'g', 3));
    return tip.isEmpty() ? tip : QStringLiteral("<p>") + tip + QStringLiteral("</p>");
}

}  // namespace

NodePanel::NodePanel(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      kind_(wrapped(this)),
      roleRow_(new QWidget(this)),
      role_(new RoleComboBox(roleRow_)),
      inputsBox_(new QGroupBox(this)),
      inputs_(new QListWidget(inputsBox_)),
      addBox_(new QComboBox(inputsBox_)),
      add_(new QPushButton(tr("Add input"), inputsBox_)),
      drop_(new QPushButton(tr("Drop input"), inputsBox_)),
      modelBox_(new QGroupBox(tr("Model"), this)),
      form_(wrapped(modelBox_)),
      reason_(wrapped(modelBox_)),
      metrics_(wrapped(modelBox_)),
      candidates_(wrapped(modelBox_)),
      trust_(wrapped(modelBox_)),
      notes_(wrapped(modelBox_)) {
    QFont big = title_->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    title_->setFont(big);
    title_->setWordWrap(true);

    auto* roleLayout = new QHBoxLayout(roleRow_);
    roleLayout->setContentsMargins(0, 0, 0, 0);
    roleLayout->addWidget(new QLabel(tr("Role"), roleRow_));
    roleLayout->addWidget(role_, 1);

    inputs_->setToolTip(tr("Each input is a term of the output's model; hover for why it is there"));
    // Tens of inputs at most: room for about eight, the list scrolls beyond.
    inputs_->setMaximumHeight(inputs_->fontMetrics().height() * 9);
    add_->setToolTip(tr("Add the chosen signal as an input of this output (or drag from its box to this one)"));
    drop_->setToolTip(tr("Drop the selected input from this output's model (Delete on the map)"));
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(addBox_, 1);
    addRow->addWidget(add_);
    auto* inputsLayout = new QVBoxLayout(inputsBox_);
    inputsLayout->addWidget(inputs_);
    inputsLayout->addWidget(drop_, 0, Qt::AlignRight);
    inputsLayout->addLayout(addRow);

    auto* modelLayout = new QVBoxLayout(modelBox_);
    for (auto* label : {form_, reason_, candidates_, metrics_, trust_, notes_}) modelLayout->addWidget(label);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(kind_);
    layout->addWidget(roleRow_);
    layout->addWidget(inputsBox_);
    layout->addWidget(modelBox_);
    layout->addStretch(1);
    setMinimumWidth(300);

    connect(role_, &RoleComboBox::roleChosen, this, [this](twinbench::Role role) {
        if (!name_.isEmpty()) emit roleChosen(name_, role);
    });
    connect(add_, &QPushButton::clicked, this, [this] {
        if (!name_.isEmpty() && addBox_->currentIndex() >= 0) emit addInputRequested(addBox_->currentText(), name_);
    });
    connect(drop_, &QPushButton::clicked, this, [this] {
        if (auto* item = inputs_->currentItem(); item && !name_.isEmpty())
            emit dropInputRequested(item->text(), name_);
    });
    connect(inputs_, &QListWidget::currentRowChanged, this, [this](int row) { drop_->setEnabled(row >= 0); });
    showNothing();
}

void NodePanel::showNothing() {
    name_.clear();
    title_->setText(tr("Click a signal on the map"));
    kind_->setText(tr("Its role, inputs and model are shown here. Drag from one box to another to add an input; "
                      "click an arrow and press Delete to drop one."));
    roleRow_->hide();
    inputsBox_->hide();
    modelBox_->hide();
}

void NodePanel::showSignal(const twinbench::ProcessGraph& graph, const QString& name, const NodeHealth* health,
                           const QString& selectedInput) {
    const twinbench::GraphSignal* signal = graph.find(toUtf8(name));
    if (!signal) {
        showNothing();
        return;
    }
    name_ = name;
    title_->setText(signal->unit.empty() ? name : tr("%1 [%2]").arg(name, toQString(signal->unit)));
    kind_->setText(describeSignal(*signal));
    role_->setRole(signal->role);
    roleRow_->show();
    inputsBox_->show();
    inputs_->clear();
    const bool output = signal->kind == twinbench::SignalKind::output;
    for (auto* w : std::initializer_list<QWidget*>{addBox_, add_, drop_}) w->setVisible(output);
    if (output) {
        inputsBox_->setTitle(tr("Inputs"));
        for (const auto& e : graph.edges())
            if (toQString(e.to) == name) {
                auto* item = new QListWidgetItem(toQString(e.from), inputs_);
                item->setToolTip(edgeTip(e));
                if (item->text() == selectedInput) inputs_->setCurrentItem(item);
            }
        addBox_->clear();
        for (const auto& s : graph.all_signals())
            if (s.kind != twinbench::SignalKind::none && s.name != signal->name && !graph.has_edge(s.name, signal->name))
                addBox_->addItem(toQString(s.name));
        add_->setEnabled(addBox_->count() > 0);
        drop_->setEnabled(inputs_->currentRow() >= 0);
    } else {
        inputsBox_->setTitle(tr("Drives"));
        for (const auto& e : graph.edges())
            if (toQString(e.from) == name) {
                auto* item = new QListWidgetItem(toQString(e.to), inputs_);
                item->setToolTip(edgeTip(e));
            }
    }
    modelBox_->setVisible(output && health != nullptr);
    if (!output || health == nullptr) return;
    if (health->verdict == NodeVerdict::no_model) {
        form_->setText(tr("<b>No model stored.</b>"));
        reason_->setText(health->notFittedReason.isEmpty()
                             ? tr("Press Refit to fit a model of this output from its inputs.")
                             : tr("The last refit could not model it: %1").arg(health->notFittedReason.toHtmlEscaped()));
        metrics_->clear();
        candidates_->clear();
        trust_->clear();
        notes_->clear();
        return;
    }
    form_->setText(tr("<b>Form:</b> %1").arg(health->form.toHtmlEscaped()));
    reason_->setText(health->formReason.isEmpty() ? QString()
                                                  : tr("<b>Why:</b> %1").arg(health->formReason.toHtmlEscaped()));
    candidates_->setText(health->candidates.size() < 2
                             ? QString()
                             : tr("<b>Forms compared:</b> %1")
                                   .arg(health->candidates.join(QStringLiteral("; ")).toHtmlEscaped()));
    metrics_->setText(health->metrics.isEmpty() ? QString()
                                                : tr("<b>Hold-out:</b> %1").arg(health->metrics.toHtmlEscaped()));
    const QColor colour = verdictColour(health->verdict).darker(150);
    trust_->setText(health->trustMessage.isEmpty()
                        ? QString()
                        : QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>")
                              .arg(colour.name(), health->trustMessage.toHtmlEscaped()));
    QStringList notes = health->warnings;
    if (health->stale)
        notes.prepend(tr("The stored model reads %1; the map now gives it other inputs. Press Refit to fit it "
                         "for the inputs shown.")
                          .arg(health->modelInputs.isEmpty() ? tr("no inputs") : health->modelInputs.join(QStringLiteral(", "))));
    notes_->setText(notes.join(QStringLiteral("\n")));
}

void NodePanel::showKpi(const twinbench::KpiDefinition& kpi, const QStringList& reads, const QString& problem) {
    name_.clear();
    title_->setText(toQString(kpi.name));
    kind_->setText(tr("KPI: %1\nReads %2.")
                       .arg(toQString(kpi.expression),
                            reads.isEmpty() ? tr("no signal of the map") : reads.join(QStringLiteral(", "))) +
                   (problem.isEmpty() ? QString() : QStringLiteral("\n") + guiWording(problem)));
    roleRow_->hide();
    inputsBox_->hide();
    modelBox_->hide();
}

}  // namespace twinbench::ui
