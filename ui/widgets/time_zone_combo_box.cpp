#include "ui/widgets/time_zone_combo_box.h"

#include <QCompleter>
#include <QTimeZone>

#include "data/timestamp_parser.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {

TimeZoneComboBox::TimeZoneComboBox(QWidget* parent) : QComboBox(parent) {
    QStringList zones;
    for (const auto& id : QTimeZone::availableTimeZoneIds()) {
        const QString name = QString::fromLatin1(id);
        // IANA region/city names only: the engine resolves zones by those, and the
        // "Etc/GMT+5"-style aliases invert their sign, which trips engineers up.
        if (name.contains(QLatin1Char('/')) && !name.startsWith(QStringLiteral("Etc/"))) zones << name;
    }
    zones << QStringLiteral("UTC");
    zones.removeDuplicates();
    zones.sort();
    addItems(zones);
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    setToolTip(tr("Time zone of local timestamps in the files (daylight-saving changes are handled)"));
    if (!setZone(toQString(twinbench::system_time_zone()))) setZone(QStringLiteral("UTC"));
}

std::string TimeZoneComboBox::zone() const { return toUtf8(currentText().trimmed()); }

bool TimeZoneComboBox::setZone(const QString& ianaName) {
    const int index = findText(ianaName);
    if (index < 0) return false;
    setCurrentIndex(index);
    return true;
}

}  // namespace twinbench::ui
