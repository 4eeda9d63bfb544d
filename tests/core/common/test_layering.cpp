// The layers of the code base (docs/ARCHITECTURE.md): the command line reaches the Qt report
// painter through its own library (report_qt/), never into the workbench's pages (ui/), and
// a Qt module is linked only where a source uses it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/source_scan.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

TEST(Layering, TheCommandLineIncludesNothingFromTheWorkbenchPages) {
    const auto scan = test::scan_product_sources(std::regex(R"(#\s*include\s*"ui/)"), [](const fs::path& p) {
        return p.begin() == p.end() || *p.begin() != "app" || p.parent_path().filename() != "cli";
    });
    EXPECT_GT(scan.files_scanned, 0u);
    EXPECT_TRUE(scan.offenders.empty()) << "the CLI includes the GUI's sources (link report_qt/ instead):\n"
                                        << scan.offenders;
}

TEST(Layering, TheReportPainterIsALibraryOfItsOwnWithoutWidgets) {
    const fs::path root = TWINBENCH_SOURCE_DIR;
    const std::string cmake = read_text(root / "report_qt" / "CMakeLists.txt");
    ASSERT_FALSE(cmake.empty()) << "report_qt/CMakeLists.txt is missing";
    EXPECT_NE(cmake.find("add_library(twinbench_report_qt"), std::string::npos);
    EXPECT_EQ(cmake.find("Widgets"), std::string::npos) << "the report painter must not need Qt Widgets";
    for (const auto& entry : fs::directory_iterator(root / "report_qt")) {
        const std::string text = read_text(entry.path());
        EXPECT_FALSE(std::regex_search(text, std::regex(R"(#\s*include\s*[<"](QtWidgets|QWidget|ui/))")))
            << utf8_path_string(entry.path()) << " includes widgets or the GUI's pages";
    }
}

// Qt Charts was linked for years with no source using it (QCustomPlot draws every chart):
// a module in a CMake link line must be included by some source.
TEST(Layering, QtChartsIsLinkedOnlyWhereASourceUsesIt) {
    const fs::path root = TWINBENCH_SOURCE_DIR;
    bool linked = false;
    for (const char* folder : {"", "app", "ui", "report_qt", "core"}) {
        const fs::path file = root / folder / "CMakeLists.txt";
        if (fs::exists(file) && read_text(file).find("Qt6::Charts") != std::string::npos) linked = true;
    }
    const auto used = test::scan_product_sources(std::regex(R"(#\s*include\s*<(QtCharts|QChart))"),
                                                 [](const fs::path&) { return false; });
    EXPECT_EQ(linked, !used.offenders.empty()) << (linked ? "Qt6::Charts is linked but no source includes it"
                                                          : "a source includes Qt Charts that is not linked");
}

}  // namespace
}  // namespace twinbench
