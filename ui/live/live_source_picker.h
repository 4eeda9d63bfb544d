// Where the Live page's rows come from: a folder of CSV exports, an MQTT topic (with an
// optional payload mapping file), or a further kind of source another part of the
// workbench registers with addSourceKind (the training mode's simulated plant). Each kind
// has its settings widget; factory() turns the chosen kind's settings into core's
// LiveSourceFactory, which the run calls on its own thread.
#pragma once

#include <functional>
#include <vector>

#include <QWidget>

#include "live/live_session.h"

class QComboBox;
class QLineEdit;
class QStackedWidget;

namespace twinbench::ui {

class LiveSourcePicker : public QWidget {
    Q_OBJECT

  public:
    // Builds the source from the kind's settings as they are now; throws
    // twinbench::UsageError (shown to the engineer) when they are incomplete.
    using FactoryMaker = std::function<twinbench::LiveSourceFactory()>;

    explicit LiveSourcePicker(QWidget* parent = nullptr);

    // A further kind of source: its name in the list, its settings (owned by the picker
    // from now on), and how to build it. Returns its index in kindBox().
    int addSourceKind(const QString& name, QWidget* settings, FactoryMaker makeFactory);

    twinbench::LiveSourceFactory factory() const;
    // "folder /srv/exports", "MQTT 127.0.0.1:1883/plant/#": for the page's messages.
    QString describe() const;

    QComboBox* kindBox() const { return kind_; }
    QLineEdit* folderEdit() const { return folder_; }
    QLineEdit* mqttEdit() const { return mqtt_; }
    QLineEdit* mappingEdit() const { return mapping_; }
    void setFolder(const QString& folder);
    void setMqtt(const QString& address, const QString& mappingFile = {});

  private:
    QComboBox* kind_;
    QStackedWidget* settings_;
    QLineEdit* folder_;
    QLineEdit* mqtt_;
    QLineEdit* mapping_;
    std::vector<FactoryMaker> makers_;
};

}  // namespace twinbench::ui
