#include "ui/app/gui_wording.h"

#include <QRegularExpression>
#include <utility>

namespace twinbench::ui {

QString guiWording(const QString& engineMessage) {
    QString text = engineMessage;
    // Whole pieces of advice first, then the options one by one, then any command left.
    static const std::pair<QRegularExpression, QString> advice[] = {
        {QRegularExpression(QStringLiteral(R"(\(?twinbench-cli roles [^;)]*\)?)")),
         QStringLiteral("on the Project page")},
        {QRegularExpression(QStringLiteral(R"((run |refit the models with )?twinbench-cli fit( --recent)?)")),
         QStringLiteral("press Refit on the Process map")},
        {QRegularExpression(QStringLiteral(R"(set it again with twinbench-cli graph --propose)")),
         QStringLiteral("press Refit on the Process map to propose it anew")},
        {QRegularExpression(QStringLiteral(R"(store one with simulate --save-scenario)")),
         QStringLiteral("save one on the Scenarios page")},
        {QRegularExpression(QStringLiteral(R"( with --map ([a-z_]+)=COLUMN --map ([a-z_]+)=COLUMN)")),
         QStringLiteral(" on the Project page (give a column the role \\1 and another the role \\2)")},
        {QRegularExpression(QStringLiteral(R"( with --map ([a-z_]+)=COLUMN)")),
         QStringLiteral(" on the Project page (give a column the role \\1)")},
        {QRegularExpression(QStringLiteral(R"(--map ([a-z_]+)=COLUMN)")),
         QStringLiteral("the role \\1 for a column (Project page)")},
        {QRegularExpression(QStringLiteral(R"(--map ([a-z_]+)=([^;),]+))")),
         QStringLiteral("the role \\1 for the column \\2 (Project page)")},
        {QRegularExpression(QStringLiteral(R"(--map)")), QStringLiteral("the roles on the Project page")},
        {QRegularExpression(QStringLiteral(R"(\(e\.g\. --horizon [^)]*\)|e\.g\. --horizon \S+)")),
         QStringLiteral("(the horizon field)")},
        {QRegularExpression(QStringLiteral(R"(--horizon)")), QStringLiteral("horizon")},
        {QRegularExpression(QStringLiteral(R"(--set '([^']*)')")), QStringLiteral("the setting '\\1'")},
        {QRegularExpression(QStringLiteral(R"(--set )")), QStringLiteral("the setting ")},
        {QRegularExpression(QStringLiteral(R"(--constraint )")), QStringLiteral("constraint ")},
        {QRegularExpression(QStringLiteral(R"(--kpi )")), QStringLiteral("KPI ")},
        {QRegularExpression(QStringLiteral(R"(--limit )")), QStringLiteral("limit ")},
        {QRegularExpression(QStringLiteral(R"(--condition )")), QStringLiteral("condition ")},
        {QRegularExpression(QStringLiteral(R"(--runs)")), QStringLiteral("the Monte Carlo runs")},
        {QRegularExpression(QStringLiteral(R"(\(?--timezone\)?)")), QStringLiteral("(the time zone on the Import page)")},
        {QRegularExpression(QStringLiteral(R"(--(encoding|delimiter|decimal|thousands|header-line))")),
         QStringLiteral("the \\1 on the Import page")},
        {QRegularExpression(QStringLiteral(R"(--recent)")), QStringLiteral("a recent window")},
        {QRegularExpression(QStringLiteral(R"(twinbench-cli [a-z]+[^;)]*)")), QStringLiteral("the workbench's pages")},
    };
    for (const auto& [pattern, replacement] : advice) text.replace(pattern, replacement);
    text.replace(QStringLiteral("header-line on the Import page"), QStringLiteral("header line on the Import page"));
    return text;
}

}  // namespace twinbench::ui
