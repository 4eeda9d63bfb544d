// Conversions at the Qt/engine boundary. The engine speaks UTF-8 std::string and
// std::filesystem::path; Qt speaks QString. Doing it in one place keeps file names with
// umlauts (Ofentemperatur.csv, C:\Users\Jürgen) intact on every platform.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <QFile>
#include <QString>

namespace twinbench::ui {

inline QString toQString(std::string_view utf8) {
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

inline std::string toUtf8(const QString& text) { return text.toStdString(); }

inline std::filesystem::path toPath(const QString& file) {
#ifdef _WIN32
    return std::filesystem::path(file.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(file).toStdString());
#endif
}

inline QString fromPath(const std::filesystem::path& path) {
#ifdef _WIN32
    return QString::fromStdWString(path.wstring());
#else
    return QFile::decodeName(QByteArray::fromStdString(path.native()));
#endif
}

}  // namespace twinbench::ui
