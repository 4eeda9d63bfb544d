#include "ui/models/models_page.h"

#include <algorithm>
#include <exception>
#include <optional>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "models/model_fitting.h"
#include "models/stored_model_card.h"
#include "models/term_names.h"
#include "ui/app/background_job.h"
#include "ui/app/gui_wording.h"
#include "ui/app/qt_strings.h"
#include "ui/app/time_format.h"
#include "ui/app/workbench_document.h"
#include "ui/charts/plot_style.h"
#include "ui/models/model_charts.h"
#include "ui/models/models_fit.h"
#include "ui/models/model_tables.h"
#include "ui/models/output_model_card.h"
#include "ui/models/soft_sensor_panel.h"
#include "ui/widgets/job_progress_widget.h"
#include "ui/widgets/message_banner.h"

namespace twinbench::ui {

namespace {

const std::string kModelOrder[] = {"temperature", "defect", "energy", "throughput"};

QString modelTitle(const std::string& key) {
    if (key == "temperature") return ModelsPage::tr("Furnace temperature");
    if (key == "defect") return ModelsPage::tr("Scrap (defects)");
    if (key == "energy") return ModelsPage::tr("Energy");
    if (key == "throughput") return ModelsPage::tr("Throughput");
    return toQString(key);
}

QString kindText(const std::string& kind) {
    if (kind == "first_order_grey_box")
        return ModelsPage::tr("first-order grey-box model (physics, fitted time constant)");
    if (kind == "second_order_grey_box")
        return ModelsPage::tr(
            "second-order grey-box model (physics, two lags in cascade, fitted time constants)");
    if (kind == "binomial_glm")
        return ModelsPage::tr("binomial GLM (logistic regression) per part");
    if (kind == "binomial_glm_counts")
        return ModelsPage::tr("binomial GLM (logistic regression) on scrapped / produced counts");
    if (kind == "binomial_glm_core_temperature")
        return ModelsPage::tr(
            "binomial GLM (logistic regression) per part on the soft-sensor core temperature");
    if (kind == "binomial_glm_counts_core_temperature")
        return ModelsPage::tr(
            "binomial GLM (logistic regression) on scrapped / produced counts, on the soft-sensor "
            "core temperature");
    if (kind == "physics_regression") return ModelsPage::tr("physics-based regression");
    if (kind == "load_profile_regression") return ModelsPage::tr("load-profile regression");
    if (kind == "wear_maintenance_availability")
        return ModelsPage::tr("wear, maintenance and availability model");
    return toQString(kind);
}

QString metricText(const std::string& key, const std::string& metric) {
    const QString unit =
        key == "temperature" && metric != "r2" ? QStringLiteral(" (°C)") : QString();
    if (metric == "rmse") return ModelsPage::tr("RMSE") + unit;
    if (metric == "mae") return ModelsPage::tr("MAE") + unit;
    if (metric == "r2") return ModelsPage::tr("R²");
    if (metric == "one_step_rmse") return ModelsPage::tr("one-step RMSE") + unit;
    if (metric == "log_loss") return ModelsPage::tr("log loss");
    if (metric == "brier") return ModelsPage::tr("Brier score");
    if (metric == "auc") return ModelsPage::tr("AUC");
    if (metric == "availability_actual") return ModelsPage::tr("availability, actual");
    if (metric == "availability_predicted") return ModelsPage::tr("availability, predicted");
    return toQString(metric);
}

}  // namespace

ModelsPage::ModelsPage(WorkbenchDocument& document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      fit_(new QPushButton(tr("Fit all models"), this)),
      progress_(new JobProgressWidget(this)),
      banner_(new MessageBanner(this)),
      summary_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      skipped_(
          makeModelTable(this, {tr("Model"), tr("Why it was not fitted (what to map or import)")})) {
    auto* title = new QLabel(tr("<h2>Models</h2>"), this);
    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(progress_);
    header->addWidget(fit_);
    progress_->cancelButton()->hide();  // a fit is short; it writes only once done
    fit_->setToolTip(tr(
        "Fit the furnace temperature, scrap, energy and throughput models on the current dataset"));
    fit_->setDefault(true);

    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    skipped_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 12, 20, 12);
    layout->setSpacing(10);
    layout->addLayout(header);
    layout->addWidget(banner_);
    layout->addWidget(summary_);
    layout->addWidget(tabs_, 1);

    connect(fit_, &QPushButton::clicked, this, &ModelsPage::fitAll);
    // Models of another dataset, or fitted under other roles, would mislead: drop them.
    const auto stale = [this] {
        retire_job(job_, this);
        banner_->clear();
        clearResults(tr("The data changed: press “Fit all models” to fit them again."));
    };
    connect(&document_, &WorkbenchDocument::datasetChanged, this, [this] {
        retire_job(job_, this);
        banner_->clear();
        showStored();
    });
    connect(&document_, &WorkbenchDocument::rolesChanged, this, stale);
    showStored();
}

// A project fitted before (here or with `twinbench-cli fit`) says so instead of "not
// fitted": the What-if page and the report already use those models.
void ModelsPage::showStored() {
    const QStringList stored = document_.storedModelKeys();
    if (stored.isEmpty()) {
        clearResults(tr("Press “Fit all models” to fit every model the dataset's roles support, "
                        "each tested on held-out data."));
        return;
    }
    // The process graph's output models show as they were stored, without a refit.
    const auto outputs = document_.storedOutputModels();
    QStringList names;
    for (const QString& key : stored)
        names << (key.startsWith(QLatin1String(twinbench::graph_output_model_prefix.data()))
                      ? key.mid(static_cast<qsizetype>(twinbench::graph_output_model_prefix.size()))
                      : key);
    clearResults(
        (outputs.size() == static_cast<std::size_t>(stored.size())
             ? tr("%n model(s) stored in the project (%1), shown as they were stored: the What-if page and the "
                  "report use them. Press “Fit all models” to fit them again on the current data.",
                  nullptr, static_cast<int>(stored.size()))
             : tr("%n model(s) stored in the project (%1): the What-if page and the report use them. Press "
                  "“Fit all models” to fit them again on the current data and see the furnace models' terms and "
                  "diagnostics.",
                  nullptr, static_cast<int>(stored.size())))
            .arg(names.join(QStringLiteral(", "))));
    std::vector<std::vector<twinbench::ModelFinding>> findings;
    findings.reserve(outputs.size());
    const auto table = document_.table();
    for (const auto& model : outputs)
        findings.push_back(twinbench::model_findings(*model, *table, document_.dataset()->time_zone));
    addOutputCards(outputs, findings);
    setStatus(tr("Models: %n stored", nullptr, static_cast<int>(stored.size())));
}

ModelsPage::~ModelsPage() = default;

QStringList ModelsPage::modelKeys() const {
    QStringList keys;
    for (const auto& m : models_) keys << m.key;
    return keys;
}

QTableWidget* ModelsPage::termsTable(const QString& key) const {
    for (const auto& m : models_)
        if (m.key == key) return m.terms;
    return nullptr;
}

QTableWidget* ModelsPage::metricsTable(const QString& key) const {
    for (const auto& m : models_)
        if (m.key == key) return m.metrics;
    return nullptr;
}

void ModelsPage::fitAll() {
    retire_job(job_, this);
    banner_->clear();
    const auto table = document_.table();
    if (table->row_count() == 0) {
        clearResults(tr("Open a project with data to fit models."));
        return;
    }
    auto fit = std::make_shared<ModelsFit>();
    fit->zone = document_.timeZone();
    const twinbench::DatasetInfo dataset = *document_.dataset();
    const std::optional<twinbench::ProcessGraph> graph = document_.storedGraph();
    job_ = new BackgroundJob(
        tr("Fitting models"),
        // The shared table stays alive and unchanged while the worker reads it.
        [table, dataset, graph, fit](const twinbench::ProgressCallback&) { fitModels(*fit, *table, dataset, graph); },
        this);
    progress_->track(job_);
    fit_->setEnabled(false);
    setStatus(tr("Models: fitting…"));
    summary_->setText(tr("Fitting the models on %1 rows…")
                          .arg(QLocale().toString(static_cast<qulonglong>(table->row_count()))));
    connect(job_.data(), &BackgroundJob::succeeded, this, [this, fit] {
        showResults(*fit);
        // Saved in the project, as `twinbench-cli fit` does: the report and the CLI use them.
        QString error;
        if (fit->twin && !document_.storeModels(*fit->twin, &error))
            banner_->showMessage(
                MessageBanner::Kind::error,
                tr("The models were fitted but could not be saved in the project: %1").arg(error));
    });
    connect(job_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        clearResults(QString());
        banner_->showMessage(MessageBanner::Kind::error, tr("Fitting failed: %1").arg(message));
        setStatus(tr("Models: fitting failed"));
    });
    connect(job_.data(), &BackgroundJob::finished, this, [this] {
        job_->deleteLater();
        job_ = nullptr;
        fit_->setEnabled(true);
        emit fitFinished();
    });
    job_->start();
}

void ModelsPage::clearResults(const QString& message) {
    models_.clear();
    softSensorPlot_ = nullptr;
    checkIntervals_ = nullptr;
    outputCards_.clear();
    // The skipped table is kept (it is a member); the tabs around it are rebuilt.
    while (tabs_->count() > 0) {
        QWidget* page = tabs_->widget(0);
        tabs_->removeTab(0);
        if (page != skipped_) page->deleteLater();
    }
    skipped_->setRowCount(0);
    skipped_->setParent(this);
    skipped_->hide();
    tabs_->setVisible(false);
    summary_->setText(message);
    fit_->setEnabled(document_.table()->row_count() > 0);
    setStatus(tr("Models: not fitted"));
}

void ModelsPage::setStatus(const QString& status) {
    if (status == status_) return;
    status_ = status;
    emit statusChanged(status_);
}

void ModelsPage::showResults(const ModelsFit& fit) {
    clearResults(QString());
    tabs_->setVisible(true);

    // The skipped models: from the result, or parsed from the message when none fitted
    // ("no model could be fitted (temperature: ...; defect: ...)").
    std::vector<std::pair<std::string, QString>> skipped;
    const bool graphOutputs = fit.twin && !fit.twin->twin.models.empty();
    if (fit.result) {
        for (const auto& s : fit.result->skipped) skipped.emplace_back(s.key, toQString(s.reason));
    } else if (!graphOutputs) {
        QString text = fit.error;
        const QString prefix = QStringLiteral("no model could be fitted (");
        if (text.startsWith(prefix) && text.endsWith(QLatin1Char(')'))) {
            text = text.mid(prefix.size(), text.size() - prefix.size() - 1);
            std::vector<std::pair<qsizetype, std::string>> starts;
            for (const auto& key : kModelOrder) {
                const QString marker = toQString(key) + QStringLiteral(": ");
                qsizetype at =
                    text.startsWith(marker) ? 0 : text.indexOf(QStringLiteral("; ") + marker);
                if (at > 0) at += 2;
                if (at >= 0) starts.emplace_back(at, key);
            }
            std::sort(starts.begin(), starts.end());
            for (std::size_t i = 0; i < starts.size(); ++i) {
                const qsizetype begin =
                    starts[i].first + static_cast<qsizetype>(starts[i].second.size()) + 2;
                const qsizetype end = i + 1 < starts.size() ? starts[i + 1].first - 2 : text.size();
                skipped.emplace_back(starts[i].second, text.mid(begin, end - begin));
            }
        }
        if (skipped.empty()) skipped.emplace_back("", text);
        banner_->showMessage(MessageBanner::Kind::warning,
                             tr("No model could be fitted. Map the roles listed below on the "
                                "Import page, then fit again."));
    }

    // Fitted, yet not readable as the twin reads them: the What-if page will say so too.
    if (!fit.furnaceError.isEmpty())
        banner_->showMessage(MessageBanner::Kind::warning,
                             tr("The furnace models were fitted but cannot be read together, so the core "
                                "temperature soft sensor is not shown: %1")
                                 .arg(fit.furnaceError));

    const QLocale locale;
    if (fit.result) {
        for (const auto& key : kModelOrder) {
            const auto it = std::find_if(fit.result->models.begin(), fit.result->models.end(),
                                         [&](const auto& m) { return m.key == key; });
            if (it == fit.result->models.end()) continue;
            const twinbench::StoredModelCard card = twinbench::stored_model_card(*it);
            auto* tab = new QWidget;
            auto* tabLayout = new QVBoxLayout(tab);
            tabLayout->setContentsMargins(8, 8, 8, 8);

            auto* facts = new QLabel(tab);
            facts->setWordWrap(true);
            facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
            facts->setText(tr("<b>%1</b>: %2<br>Fitted on %3 rows, tested on %4 held-out rows (the "
                              "later part of the data).")
                               .arg(modelTitle(key), kindText(card.kind).toHtmlEscaped(),
                                    locale.toString(static_cast<qulonglong>(card.n_train)),
                                    locale.toString(static_cast<qulonglong>(card.n_test))));
            tabLayout->addWidget(facts);

            auto* terms = makeModelTable(tab, termTableHeaders());
            terms->setObjectName(QStringLiteral("terms_") + toQString(key));
            // The GLM's coefficients are changes of the log-odds of a scrapped part.
            fillTermTable(terms, card.terms, key == "defect" ? tr("log-odds per unit of the input") : QString());
            auto* metrics = makeModelTable(tab, {tr("Hold-out metric"), tr("Value")});
            metrics->setObjectName(QStringLiteral("metrics_") + toQString(key));
            // Error measures first, in the order an engineer reads them (the card's order).
            for (const auto& metric : card.metrics) {
                const int row = metrics->rowCount();
                metrics->insertRow(row);
                metrics->setItem(row, 0, new QTableWidgetItem(metricText(key, metric.key)));
                metrics->setItem(row, 1, modelNumberItem(metric.value));
            }
            metrics->resizeColumnsToContents();

            auto* side = new QVBoxLayout;
            side->addWidget(metrics, 1);
            side->addWidget(new QLabel(tr("<b>Warnings</b>"), tab));
            side->addWidget(modelWarningsLabel(card.warnings, tab));
            auto* top = new QHBoxLayout;
            auto* termsBox = new QVBoxLayout;
            termsBox->addWidget(new QLabel(tr("<b>Terms</b> (95 % interval: the model's own, else "
                                              "estimate ± 1.96 std. error)"),
                                           tab));
            termsBox->addWidget(terms, 1);
            top->addLayout(termsBox, 3);
            top->addLayout(side, 2);

            // Terms and metrics, the hold-out diagnostics, and for the temperature model its
            // soft sensor, one above the other.
            auto* splitter = new QSplitter(Qt::Vertical, tab);
            splitter->setChildrenCollapsible(false);
            auto* upper = new QWidget(splitter);
            upper->setLayout(top);
            top->setContentsMargins(0, 0, 0, 0);
            splitter->addWidget(buildDiagnostics(key, card.diagnostics, card.diagnostics_rows,
                                                 key == "defect" ? &card.calibration : nullptr, fit.zone, splitter));
            // The furnace dynamics' tab carries the core-temperature soft sensor below.
            const twinbench::OutputModel* typed = fit.furnace ? fit.furnace->of_stored_fit(key) : nullptr;
            if (typed != nullptr && typed == fit.furnace->temperature.get()) {
                const SoftSensorPanel sensor = buildSoftSensorPanel(fit, splitter);
                if (sensor.widget != nullptr) splitter->addWidget(sensor.widget);
                softSensorPlot_ = sensor.plot;
                checkIntervals_ = sensor.intervals;
            }
            for (int i = 0; i < splitter->count(); ++i)
                splitter->setStretchFactor(i, i == 0 ? 2 : 3);
            tabLayout->addWidget(splitter, 1);
            models_.push_back({toQString(key), terms, metrics});
            tabs_->addTab(tab, modelTitle(key));
        }
    }

    if (fit.twin) addOutputCards(fit.twin->twin.models, fit.outputFindings);

    skipped_->setRowCount(static_cast<int>(skipped.size()));
    for (int r = 0; r < static_cast<int>(skipped.size()); ++r) {
        const auto& [key, reason] = skipped[static_cast<std::size_t>(r)];
        auto* name = new QTableWidgetItem(key.empty() ? tr("all models") : modelTitle(key));
        name->setData(Qt::UserRole, toQString(key));
        skipped_->setItem(r, 0, name);
        skipped_->setItem(r, 1, new QTableWidgetItem(guiWording(reason)));
    }
    skipped_->resizeColumnToContents(0);
    skipped_->resizeRowsToContents();
    if (!skipped.empty()) {
        tabs_->addTab(skipped_, tr("Not fitted (%1)").arg(skipped.size()));
        skipped_->show();
    }
    const int fitted = static_cast<int>(models_.size() + outputCards_.size());
    summary_->setText(tr("%n model(s) fitted", nullptr, fitted) +
                      (skipped.empty()
                           ? QString()
                           : tr(", %n not fitted", nullptr, static_cast<int>(skipped.size()))) +
                      tr(" on %1.").arg(document_.datasetName()));
    setStatus(skipped.empty()
                  ? tr("Models: %n fitted", nullptr, fitted)
                  : tr("Models: %1 fitted, %2 not fitted").arg(fitted).arg(skipped.size()));
}

void ModelsPage::addOutputCards(const std::vector<std::shared_ptr<const twinbench::OutputModel>>& models,
                                const std::vector<std::vector<twinbench::ModelFinding>>& findings) {
    for (std::size_t i = 0; i < models.size(); ++i) {
        auto* card = new OutputModelCard(models[i], i < findings.size() ? findings[i] : std::vector<twinbench::ModelFinding>{},
                                         document_.timeZone());
        outputCards_.push_back(card);
        tabs_->addTab(card, toQString(models[i]->output()));
    }
    if (!models.empty()) tabs_->setVisible(true);
}

}  // namespace twinbench::ui
