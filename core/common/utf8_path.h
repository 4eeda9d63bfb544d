// File names as the UTF-8 text the engine speaks, and back. One place for the conversion,
// because std::filesystem::path::string() is not UTF-8 everywhere: on Windows it converts to
// the ANSI code page (and throws for a letter outside it), so a project under C:\Users\Jürgen
// or a file named in Cyrillic would reach SQLite, libxlsxwriter, date or a message garbled.
// On Linux and macOS both functions pass the native bytes through unchanged.
//
// Rule (checked by tests/core/common/test_utf8_path.cpp): engine, CLI and GUI code never
// call path::string(); a path that goes to a C API, a library or a message goes through
// utf8_path_string(). Files the engine opens itself take the path as it is (std::ifstream
// and std::ofstream open a std::filesystem::path by its wide name on Windows).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace twinbench {

// The UTF-8 text of a path: what sqlite3_open_v2, libxlsxwriter's workbook_new, date's
// set_install (see installer/windows/twinbench.manifest) and every message take.
std::string utf8_path_string(const std::filesystem::path& path);

// A path from UTF-8 text: a command-line argument (UTF-8 on Windows too, see
// app/cli/main.cpp), a file name stored in a project, a name typed in the GUI.
std::filesystem::path path_from_utf8(std::string_view utf8);

}  // namespace twinbench
