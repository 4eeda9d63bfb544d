// Help > About Twinbench: version and build, the program's licence (GPL-3.0-or-later,
// no warranty), and the licences of the libraries it is built on and of the data sets it
// ships, as those licences ask. The notices are plain data (thirdPartyLibraries(),
// bundledDataSets()) so the dialog, the tests and a reviewer read the same facts.
#pragma once

#include <vector>

#include <QDialog>
#include <QString>

namespace twinbench::ui {

struct LibraryNotice {
    QString name;
    QString version;  // compile-time version where the headers say it, else ""
    QString licence;  // SPDX expression
    QString use;      // how Twinbench uses it: linked library, header-only, CLI only
    QString url;
};

struct DataSetNotice {
    QString name;
    QString folder;  // under sample_data/
    QString citation;
    QString doi;      // "" for data Twinbench makes itself
    QString licence;  // SPDX expression
    QString note;     // provenance caveats, from the folder's SOURCE.md
};

std::vector<LibraryNotice> thirdPartyLibraries();
std::vector<DataSetNotice> bundledDataSets();

// Compiler, build type, Qt built against and running, platform, sample data folder.
QString buildInformation();

class AboutDialog : public QDialog {
    Q_OBJECT

  public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // Modal, deleted on close.
    static void showModal(QWidget* parent);
};

}  // namespace twinbench::ui
