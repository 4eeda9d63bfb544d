#include "ui/widgets/about_dialog.h"

#include <QMessageBox>
#include <QtGlobal>

#include <qcustomplot.h>

#ifndef TWINBENCH_VERSION
#define TWINBENCH_VERSION "unknown"
#endif

namespace twinbench::ui {

void showAboutDialog(QWidget* parent) {
    const QString text =
        QObject::tr(
            "<h2>Twinbench %1</h2>"
            "<p>What-if workbench for process engineers.</p>"
            "<p>Copyright the Twinbench authors. Licensed under the "
            "<a href='https://www.gnu.org/licenses/gpl-3.0.html'>GNU General Public License v3.0 or later</a> "
            "(GPL-3.0-or-later). There is no warranty.</p>"
            "<h4>Built with</h4>"
            "<ul>"
            "<li>Qt %2 — LGPL-3.0 (The Qt Company)</li>"
            "<li>QCustomPlot %3 — GPL-3.0 (Emanuel Eichhammer)</li>"
            "<li>Eigen — MPL-2.0</li>"
            "<li>SQLite — public domain</li>"
            "<li>date (Howard Hinnant), nlohmann/json, {fmt}, fast_float — MIT; zlib — zlib licence</li>"
            "</ul>"
            "<h4>Bundled data sets</h4>"
            "<ul>"
            "<li>AI4I 2020 Predictive Maintenance Dataset — S. Matzka (2020), UCI Machine Learning Repository, "
            "doi:10.24432/C5HS5C, <a href='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</a></li>"
            "<li>Steel Industry Energy Consumption — V E Sathishkumar, C. Shin, Y. Cho (2023), UCI Machine Learning "
            "Repository, doi:10.24432/C52G8C, <a href='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</a></li>"
            "<li>The sample plant is simulated by Twinbench itself (GPL-3.0-or-later).</li>"
            "</ul>")
            .arg(QStringLiteral(TWINBENCH_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    QMessageBox::about(parent, QObject::tr("About Twinbench"), text);
}

}  // namespace twinbench::ui
