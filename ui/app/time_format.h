// Times on screen are the dataset's local wall-clock times (the plant's zone), not the
// workstation's: an engineer in Texas reviewing a Berlin furnace talks in Berlin shifts.
#pragma once

#include <string>

#include <QString>
#include <QTimeZone>

namespace twinbench::ui {

// The IANA zone, or UTC when the name is empty or unknown to Qt.
QTimeZone zoneFromName(const std::string& ianaName);

// "2026-02-16 06:30" for UTC seconds since 1970 in the zone; "–" for NaN.
QString formatTime(double utcSeconds, const QTimeZone& zone);
// "2026-02-16 06:30 – 2026-05-17 23:59" (end on its own date only when it differs).
QString formatRange(double startUtc, double endUtc, const QTimeZone& zone);
// "3 d 4 h", "2 h 15 min", "45 s": human scale for gap lengths and stuck stretches.
QString formatDuration(double seconds);

}  // namespace twinbench::ui
