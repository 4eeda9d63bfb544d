// The Models page for a process that is not the furnace (issue 15): the gas turbine's NOX and
// CO models, stored in the project, show on opening as one card each, without a refit; each
// card says what the model found in plain words first (the engine's own findings), then its
// trust verdict, its terms and its hold-out chart with points inside the axes.
#include <algorithm>
#include <memory>

#include <QLabel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <qcustomplot.h>

#include "models/model_findings.h"
#include "sim/twin_fitting.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"
#include "ui/models/models_page.h"
#include "ui/models/output_model_card.h"
#include "ui_test_support.h"

namespace t = twinbench::ui::test;
using twinbench::ui::ModelsPage;
using twinbench::ui::OutputModelCard;
using twinbench::ui::WorkbenchDocument;

class tst_ModelsOutputs : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        t::isolateSettings();
        QVERIFY(dir_.isValid());
        document_ = std::make_unique<WorkbenchDocument>();
        QVERIFY(t::createProject(*document_, dir_.filePath(QStringLiteral("turbine.twin"))));
        QVERIFY(t::importTurbineAndFit(
            *document_, QStringLiteral(TWINBENCH_REAL_DATA_DIR "/gas_turbine_emissions/gt_2015.csv.gz")));
    }

    void storedOutputModelsShowOnOpeningWithoutARefit() {
        ModelsPage page(*document_);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(!page.isRunning());
        const auto stored = document_->storedOutputModels();
        QCOMPARE(stored.size(), std::size_t{2});
        QCOMPARE(page.outputCards().size(), stored.size());
        for (std::size_t i = 0; i < stored.size(); ++i) {
            QCOMPARE(page.modelTabs()->tabText(page.modelTabs()->indexOf(page.outputCards()[i])),
                     twinbench::ui::toQString(stored[i]->output()));
        }
        QVERIFY(page.statusText().contains(QStringLiteral("stored")));
    }

    void eachCardSaysWhatItFoundThenTrustTermsAndChart() {
        ModelsPage page(*document_);
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        for (OutputModelCard* card : page.outputCards()) {
            page.modelTabs()->setCurrentWidget(card);
            QCoreApplication::processEvents();
            const auto& model = card->model();
            const auto findings =
                twinbench::model_findings(model, *document_->table(), document_->dataset()->time_zone);
            QVERIFY(!findings.empty());
            // What is drawn: the label is on screen and its first line is the engine's
            // largest finding; the control is among the findings.
            QVERIFY(card->findingsLabel()->isVisible());
            QVERIFY(card->findingsLabel()->height() > 0);
            const QString text = card->findingsLabel()->text();
            QVERIFY2(text.contains(twinbench::ui::toQString(findings.front().sentence).toHtmlEscaped()), qPrintable(text));
            QVERIFY2(std::any_of(findings.begin(), findings.end(), [](const auto& f) { return f.input == "TEY"; }),
                     qPrintable(text));
            QVERIFY(card->findingsLabel()->y() < card->trustLabel()->y());  // findings first
            QVERIFY(card->trustLabel()->text().contains(
                twinbench::ui::toQString(model.report().trust.message).toHtmlEscaped()));
            QCOMPARE(card->termsTable()->rowCount(), static_cast<int>(model.terms().size()));
            for (int r = 0; r < card->termsTable()->rowCount(); ++r)
                QCOMPARE(card->termsTable()->item(r, 0)->text(),
                         twinbench::ui::toQString(model.terms()[static_cast<std::size_t>(r)].name));
            auto* plot = card->findChild<QCustomPlot*>(QStringLiteral("predictedVsActual_") +
                                                       twinbench::ui::toQString(model.output()));
            QVERIFY(plot != nullptr);
            QVERIFY(plot->isVisible());
            QVERIFY(plot->graphCount() > 0);
            const QCPGraph* points = plot->graph(0);
            QVERIFY(points->dataCount() > 0);
            int inside = 0;
            for (auto it = points->data()->constBegin(); it != points->data()->constEnd(); ++it)
                inside += plot->xAxis->range().contains(it->key) && plot->yAxis->range().contains(it->value);
            QCOMPARE(inside, points->dataCount());
        }
    }

  private:
    QTemporaryDir dir_;
    std::unique_ptr<WorkbenchDocument> document_;
};

QTEST_MAIN(tst_ModelsOutputs)
#include "tst_models_outputs.moc"
