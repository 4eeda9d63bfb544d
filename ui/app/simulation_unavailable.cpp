#include "ui/app/simulation_unavailable.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace twinbench::ui {
namespace {

QString unavailableTr(const char* text) { return QCoreApplication::translate("SimulationUnavailable", text); }

// The engine's reasons without its command-line advice: "energy model: no column is mapped
// to role 'energy' (interval energy, kWh): map it with --map energy=COLUMN" keeps what is
// missing and drops how to fix it on the command line. Empty when CLI syntax would remain.
QString reasonsWithoutCommandLine(QString message) {
    static const QRegularExpression advice(QStringLiteral("[:;,]?\\s*(?:map|or)\\b[^;]*=COLUMN"));
    message.remove(advice);
    message = message.trimmed();
    return message.contains(QStringLiteral("--")) ? QString() : message;
}

}  // namespace

QString simulationUnavailable(const QString& dataset, const QString& engineMessage, bool loading) {
    if (dataset.isEmpty())
        return unavailableTr("There is no data to simulate: create or open a project on the Project page "
                  "and import the plant's files on the Import page.");
    if (loading) return unavailableTr("The simulation of '%1' is still being prepared.").arg(dataset);
    const QString what = unavailableTr("Set the role of the columns the models need (furnace temperature, "
                            "line speed, parts produced and scrapped, energy...) on the Project "
                            "page, then fit the models on the Models page.");
    QString text;
    if (engineMessage.isEmpty() ||
        engineMessage.startsWith(QStringLiteral("no model could be fitted")))
        text = unavailableTr("There is no model of '%1' to simulate. %2").arg(dataset, what);
    else
        text = unavailableTr("The simulation of '%1' cannot start. %2").arg(dataset, what);
    const QString reasons = reasonsWithoutCommandLine(engineMessage);
    if (!reasons.isEmpty()) text += QLatin1Char('\n') + unavailableTr("Details: %1").arg(reasons);
    return text;
}

}  // namespace twinbench::ui
