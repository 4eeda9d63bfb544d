// Source scans that hold a rule of the code base (no raw SQL outside the statement header,
// no SQLite outside core/data, no path::string()): every line of the product's sources
// (core/, app/, ui/, report_qt/; .cpp and .h) that matches a pattern, with its file and line.
#pragma once

#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <string>

#include "common/utf8_path.h"

namespace twinbench::test {

struct SourceScan {
    std::size_t files_scanned = 0;
    std::string offenders;  // "path:line: text" per matching line
};

// `exempt`: files the rule does not apply to (they are counted but not read).
inline SourceScan scan_product_sources(const std::regex& pattern,
                                       const std::function<bool(const std::filesystem::path&)>& exempt) {
    namespace fs = std::filesystem;
    const fs::path root = TWINBENCH_SOURCE_DIR;
    SourceScan scan;
    for (const char* folder : {"core", "app", "ui", "report_qt"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
            ++scan.files_scanned;
            if (exempt(fs::relative(entry.path(), root))) continue;
            std::ifstream in(entry.path());
            std::string line;
            for (int number = 1; std::getline(in, line); ++number)
                if (std::regex_search(line, pattern))
                    scan.offenders += utf8_path_string(fs::relative(entry.path(), root)) + ":" +
                                      std::to_string(number) + ": " + line + "\n";
        }
    }
    return scan;
}

}  // namespace twinbench::test
