// File names as UTF-8 (core/common/utf8_path.h, issue 19). The helpers keep every letter of a
// name; SQLite and libxlsxwriter get such names through them (a project and a spreadsheet in a
// folder named in four scripts); and no engine, CLI or GUI source goes around them with
// path::string(), which on Windows converts to the ANSI code page (or throws).
#include "common/utf8_path.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <string_view>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "report/report_document.h"
#include "report/xlsx_renderer.h"
#include "support/source_scan.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

// No single ANSI code page holds all of these (Windows-1252 has ü but not Ł, Cyrillic or CJK).
constexpr std::string_view folder_name = "Jürgen Łódź Привет 東京";

TEST(Utf8Path, RoundTripKeepsEveryLetter) {
    const std::string text = "C:/Users/" + std::string(folder_name) + "/Ofentemperatur °C.csv";
    const auto path = path_from_utf8(text);
    EXPECT_EQ(utf8_path_string(path), text);
    EXPECT_EQ(utf8_path_string(path.filename()), "Ofentemperatur °C.csv");
    EXPECT_EQ(utf8_path_string(path.stem()), "Ofentemperatur °C");
    EXPECT_EQ(utf8_path_string(path.extension()), ".csv");
    EXPECT_EQ(utf8_path_string(path.parent_path().filename()), folder_name);
}

#ifndef _WIN32
// On Linux the helpers pass the bytes the file system has, so nothing changes there: even a
// name that is not UTF-8 (Latin-1 from an old share) comes back byte for byte.
TEST(Utf8Path, PosixNamesKeepTheirBytes) {
    const std::string latin1 =
        "Ofentemperatur \xB0"
        "C.csv";
    EXPECT_EQ(utf8_path_string(fs::path(latin1)), latin1);
    EXPECT_EQ(path_from_utf8(latin1).native(), latin1);
}
#endif

// SQLite opens the project by its UTF-8 name, the dataset takes the file's UTF-8 stem, and a
// message names the folder as UTF-8 text.
TEST(Utf8Path, ProjectInANonAsciiFolder) {
    test::TempDir dir;
    const auto folder = dir.path() / path_from_utf8(folder_name);
    fs::create_directories(folder);
    const auto csv = folder / path_from_utf8("Öfen °C.csv");
    std::ofstream(csv, std::ios::binary) << "time,Furnace temperature [°C]\n"
                                            "2026-02-16 00:00,180.5\n2026-02-16 00:01,181.0\n";
    const auto file = folder / path_from_utf8("Anlage ü.twin");
    {
        Project project(file, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {csv};
        options.time_zone = "UTC";
        EXPECT_EQ(import_files(project, options).rows_imported, 2u);
    }
    EXPECT_TRUE(fs::exists(file));
    Project project(file, Project::Mode::read_only);
    ASSERT_EQ(project.datasets().size(), 1u);
    EXPECT_EQ(project.datasets().front().name, "Öfen °C");
    try {
        Project missing(folder / "fehlt.twin", Project::Mode::read_only);
        ADD_FAILURE() << "opened a project that does not exist";
    } catch (const ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find(std::string(folder_name) + "/fehlt.twin"),
                  std::string::npos)
            << e.what();
    }
}

// libxlsxwriter creates the workbook by its UTF-8 name.
TEST(Utf8Path, SpreadsheetInANonAsciiFolder) {
    test::TempDir dir;
    const auto folder = dir.path() / path_from_utf8(folder_name);
    fs::create_directories(folder);
    const auto file = folder / path_from_utf8("Bericht Ofen ü.xlsx");
    report::write_xlsx(report::ReportDocument{}, file);
    ASSERT_TRUE(fs::exists(file));
    EXPECT_EQ(test::read_bytes(file).substr(0, 2), "PK");  // a zip archive, as .xlsx is
}

// The rule behind all of the above: engine, CLI and GUI code turns a path into text only with
// utf8_path_string(). path::string() (and generic_string(), u8string()) outside the helper is
// what broke C:\Users\Jürgen on Windows: a new one fails here with its file and line.
TEST(Utf8Path, NoSourceConvertsAPathAroundTheHelper) {
    const auto scan = test::scan_product_sources(std::regex(R"(\.(generic_)?(u8)?string\s*\(\s*\))"),
                                                 [](const fs::path& p) { return p.filename() == "utf8_path.cpp"; });
    EXPECT_GT(scan.files_scanned, 100u) << "the source folders were not found";
    const std::string& offenders = scan.offenders;
    EXPECT_EQ(offenders, "")
        << "use utf8_path_string(path) (core/common/utf8_path.h) for text that goes to a library "
           "or a message; path::string() is in the ANSI code page on Windows";
}

}  // namespace
}  // namespace twinbench
