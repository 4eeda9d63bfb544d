// Typed, named settings: each key is declared once with its type and default, instead of
// string keys scattered through the widgets (a typo there silently loses a preference).
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace twinbench::ui {

template <typename T>
class Setting {
  public:
    Setting(const char* key, T fallback)
        : key_(QString::fromLatin1(key)), fallback_(std::move(fallback)) {}
    T get() const {
        const QVariant value = QSettings().value(key_);
        return value.isValid() && value.canConvert<T>() ? value.value<T>() : fallback_;
    }
    void set(const T& value) const { QSettings().setValue(key_, QVariant::fromValue(value)); }

  private:
    QString key_;
    T fallback_;
};

namespace settings {
inline const Setting<QStringList> recentProjects{"project/recent", {}};
inline const Setting<QByteArray> windowGeometry{"window/geometry", {}};
inline const Setting<QByteArray> windowState{"window/state", {}};
inline const Setting<QString> lastImportFolder{"import/lastFolder", {}};
inline const Setting<QString> lastProjectFolder{"project/lastFolder", {}};
inline const Setting<QString> lastExportFolder{"export/lastFolder", {}};
// "system", "light" or "dark" (View ▸ Colour scheme).
inline const Setting<QString> colourScheme{"view/colourScheme", QStringLiteral("system")};
}  // namespace settings

inline constexpr int max_recent_projects = 8;

// Moves path to the top of the recent list (most recent first, no duplicates).
void rememberRecentProject(const QString& path);
// The recent list without files that no longer exist.
QStringList existingRecentProjects();

}  // namespace twinbench::ui
