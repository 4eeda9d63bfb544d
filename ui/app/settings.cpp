#include "ui/app/settings.h"

#include <QDir>
#include <QFileInfo>

namespace twinbench::ui {

void rememberRecentProject(const QString& path) {
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList recent = settings::recentProjects.get();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > max_recent_projects) recent.removeLast();
    settings::recentProjects.set(recent);
}

QStringList existingRecentProjects() {
    QStringList existing;
    for (const auto& path : settings::recentProjects.get())
        if (QFileInfo::exists(path)) existing << path;
    return existing;
}

}  // namespace twinbench::ui
