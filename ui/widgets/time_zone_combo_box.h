// IANA time zone for naive local timestamps in plant exports. Defaults to this
// machine's zone, which is where the export usually comes from; typing filters the list.
#pragma once

#include <string>

#include <QComboBox>

namespace twinbench::ui {

class TimeZoneComboBox : public QComboBox {
    Q_OBJECT

public:
    explicit TimeZoneComboBox(QWidget* parent = nullptr);

    std::string zone() const;
    // Selects the zone if Qt knows it; returns false otherwise.
    bool setZone(const QString& ianaName);
};

}  // namespace twinbench::ui
