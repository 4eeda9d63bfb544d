#include "ui/app/quick_guide.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace twinbench::ui {
namespace {

QString guideTr(const char* text) { return QCoreApplication::translate("QuickGuide", text); }

QString guideHtml() {
    return guideTr(
        "<h3>Twinbench in seven steps</h3>"
        "<p>The pages on the left follow a study from data to decision. Every change is saved in "
        "the project file at once and can be undone with Edit &gt; Undo.</p>"
        "<ol>"
        "<li><b>Project</b>: create or open a project (a .twin file), or open the sample plant. "
        "The datasets and their columns are listed here; set each column's <i>role</i> (speed, "
        "setpoint, furnace temperature, produced, scrap, energy, control, output...). The models "
        "are built from these roles.</li>"
        "<li><b>Import</b>: drop the plant's CSV exports. Check the preview: encoding, delimiter, "
        "decimal mark, timestamp format and the <i>time zone</i> local timestamps are read in "
        "(this computer's zone unless you choose the plant's). Rejected rows are listed with "
        "file, line and reason.</li>"
        "<li><b>Audit</b>: how far the data can be trusted: gaps, stuck sensors, outliers and "
        "the operating envelope. Click a finding to see it on the chart.</li>"
        "<li><b>Models</b>: press <i>Fit all models</i>. Each model is tested on the last fifth "
        "of the data it has not seen; its terms, hold-out charts and trust verdict are shown. A "
        "model that cannot be fitted says which roles it misses.</li>"
        "<li><b>Data</b>: the signals over time; zoom, place the A/B cursors for statistics, "
        "export a chart.</li>"
        "<li><b>What-if</b>: move a control and every view follows: the KPI tiles against the "
        "baseline (the last week replayed as it was) with their Monte Carlo P10-P90, the "
        "profiler, the speed x setpoint map and the simulated week with its limits. A drag is one "
        "undo step.</li>"
        "<li><b>Scenarios</b>: save the What-if settings with a note, compare scenarios in a "
        "table and on overlaid charts with their Monte Carlo bands, and let the optimiser search "
        "the settings within constraints. File &gt; Export report writes the study for the "
        "review meeting.</li>"
        "</ol>"
        "<p>The command line <tt>twinbench-cli</tt> does the same steps without the window "
        "(<tt>twinbench-cli --help</tt>).</p>");
}

}  // namespace

void showQuickGuide(QWidget* parent) {
    if (auto* open = parent->findChild<QDialog*>(QStringLiteral("quickGuide"))) {
        open->show();
        open->raise();
        open->activateWindow();
        return;
    }
    auto* dialog = new QDialog(parent);
    dialog->setObjectName(QStringLiteral("quickGuide"));
    dialog->setWindowTitle(guideTr("Quick guide"));
    auto* layout = new QVBoxLayout(dialog);
    auto* text = new QTextBrowser(dialog);
    text->setHtml(guideHtml());
    text->setOpenExternalLinks(false);
    layout->addWidget(text, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(620, 560);
    dialog->show();
}

}  // namespace twinbench::ui
