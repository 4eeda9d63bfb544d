#include "ui/live/live_source_picker.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>

#include "common/error.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

QPushButton* browseButton(QWidget* parent) {
    auto* button = new QPushButton(QObject::tr("Browse…"), parent);
    button->setAutoDefault(false);
    return button;
}

}  // namespace

LiveSourcePicker::LiveSourcePicker(QWidget* parent)
    : QWidget(parent),
      kind_(new QComboBox(this)),
      settings_(new QStackedWidget(this)),
      folder_(new QLineEdit(this)),
      mqtt_(new QLineEdit(this)),
      mapping_(new QLineEdit(this)) {
    folder_->setPlaceholderText(tr("folder the historian writes its CSV exports to"));
    mqtt_->setPlaceholderText(tr("HOST:PORT/TOPIC, e.g. 127.0.0.1:1883/plant/#"));
    mapping_->setPlaceholderText(tr("mapping file (optional; docs/LIVE.md)"));
    mqtt_->setToolTip(tr("Subscribed with QoS 1 and a persistent session; + and # allowed"));

    auto* folderBox = new QWidget(this);
    auto* folderRow = new QHBoxLayout(folderBox);
    folderRow->setContentsMargins(0, 0, 0, 0);
    folderRow->addWidget(folder_, 1);
    auto* browseFolder = browseButton(folderBox);
    folderRow->addWidget(browseFolder);
    connect(browseFolder, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Folder of CSV exports"), folder_->text());
        if (!dir.isEmpty()) folder_->setText(dir);
    });

    auto* mqttBox = new QWidget(this);
    auto* mqttRow = new QHBoxLayout(mqttBox);
    mqttRow->setContentsMargins(0, 0, 0, 0);
    mqttRow->addWidget(mqtt_, 2);
    mqttRow->addWidget(mapping_, 1);
    auto* browseMapping = browseButton(mqttBox);
    mqttRow->addWidget(browseMapping);
    connect(browseMapping, &QPushButton::clicked, this, [this] {
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Payload mapping"), mapping_->text(),
                                         tr("JSON files (*.json);;All files (*)"));
        if (!file.isEmpty()) mapping_->setText(file);
    });

    const auto choice = [this] {
        twinbench::LiveSourceChoice c;
        if (kind_->currentIndex() == 0) {
            if (folder_->text().trimmed().isEmpty())
                throw twinbench::UsageError("choose the folder of CSV exports to follow");
            c.folder = toPath(folder_->text().trimmed());
        } else {
            if (mqtt_->text().trimmed().isEmpty())
                throw twinbench::UsageError("give the MQTT broker and topic as HOST:PORT/TOPIC");
            c.mqtt = toUtf8(mqtt_->text().trimmed());
            if (!mapping_->text().trimmed().isEmpty())
                c.mapping = toPath(mapping_->text().trimmed());
        }
        return c;
    };
    addSourceKind(tr("Folder of CSV exports"), folderBox,
                  [choice] { return twinbench::live_source_factory(choice()); });
    addSourceKind(tr("MQTT topic"), mqttBox,
                  [choice] { return twinbench::live_source_factory(choice()); });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(kind_);
    layout->addWidget(settings_, 1);
    connect(kind_, &QComboBox::currentIndexChanged, settings_, &QStackedWidget::setCurrentIndex);
}

int LiveSourcePicker::addSourceKind(const QString& name, QWidget* settings,
                                    FactoryMaker makeFactory) {
    settings->setParent(settings_);
    settings_->addWidget(settings);
    kind_->addItem(name);
    makers_.push_back(std::move(makeFactory));
    return kind_->count() - 1;
}

twinbench::LiveSourceFactory LiveSourcePicker::factory() const {
    return makers_.at(static_cast<std::size_t>(kind_->currentIndex()))();
}

QString LiveSourcePicker::describe() const {
    switch (kind_->currentIndex()) {
        case 0:
            return tr("folder %1").arg(folder_->text().trimmed());
        case 1:
            return tr("MQTT %1").arg(mqtt_->text().trimmed());
        default:
            return kind_->currentText();
    }
}

void LiveSourcePicker::setFolder(const QString& folder) {
    kind_->setCurrentIndex(0);
    folder_->setText(folder);
}

void LiveSourcePicker::setMqtt(const QString& address, const QString& mappingFile) {
    kind_->setCurrentIndex(1);
    mqtt_->setText(address);
    mapping_->setText(mappingFile);
}

}  // namespace twinbench::ui
