#include "ui/app/time_format.h"

#include <cmath>

#include <QDateTime>

namespace twinbench::ui {

QTimeZone zoneFromName(const std::string& ianaName) {
    if (!ianaName.empty()) {
        QTimeZone zone(QByteArray::fromStdString(ianaName));
        if (zone.isValid()) return zone;
    }
    return QTimeZone::utc();
}

QString formatTime(double utcSeconds, const QTimeZone& zone) {
    if (!std::isfinite(utcSeconds)) return QStringLiteral("–");
    const auto ms = static_cast<qint64>(std::llround(utcSeconds * 1000.0));
    return QDateTime::fromMSecsSinceEpoch(ms, zone).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString formatRange(double startUtc, double endUtc, const QTimeZone& zone) {
    const QString start = formatTime(startUtc, zone);
    QString end = formatTime(endUtc, zone);
    // Same day: "2026-02-16 06:30 – 09:10" reads faster in a findings list.
    if (start.size() == 16 && end.size() == 16 && start.left(10) == end.left(10)) end = end.mid(11);
    return start + QStringLiteral(" – ") + end;
}

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds)) return QStringLiteral("–");
    const auto s = static_cast<long long>(std::llround(seconds));
    const long long days = s / 86400, hours = (s % 86400) / 3600, minutes = (s % 3600) / 60;
    if (days > 0) return QStringLiteral("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0) return QStringLiteral("%1 h %2 min").arg(hours).arg(minutes);
    if (minutes > 0) return QStringLiteral("%1 min").arg(minutes);
    return QStringLiteral("%1 s").arg(s);
}

}  // namespace twinbench::ui
