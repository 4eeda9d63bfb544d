// fmt's header layout as vcpkg ships it (fmt 11 and 12), checked on a machine that has fmt 9
// (Debian 12). Some of fmt's functions moved between headers since 9: a file that uses one
// and includes only the old header compiles here and fails on Windows (issue 19: fmt::join in
// core/sim/scenario.cpp). Each source that calls such a function must include the header that
// declares it there; a new one without it fails here with its file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

struct HeaderRule {
    const char* call;    // as written in a call
    const char* header;  // the header that declares it in fmt 11+
    const char* why;
};

// fmt 11 moved join to ranges.h; streamed, the chrono functions and the colours have always
// been in their own headers, but fmt 9's format.h reached some of them indirectly.
const HeaderRule rules[] = {
    {"fmt::join(", "fmt/ranges.h", "fmt 11 moved fmt::join to <fmt/ranges.h>"},
    {"fmt::streamed(", "fmt/ostream.h", "fmt::streamed is in <fmt/ostream.h>"},
    {"fmt::localtime(", "fmt/chrono.h", "fmt::localtime is in <fmt/chrono.h>"},
    {"fmt::gmtime(", "fmt/chrono.h", "fmt::gmtime is in <fmt/chrono.h>"},
    {"fmt::styled(", "fmt/color.h", "fmt::styled is in <fmt/color.h>"},
    {"fmt::fg(", "fmt/color.h", "fmt::fg is in <fmt/color.h>"},
    {"fmt::emphasis::", "fmt/color.h", "fmt::emphasis is in <fmt/color.h>"},
};

TEST(FmtHeaders, EverySourceIncludesTheHeaderOfWhatItCalls) {
    const fs::path root = TWINBENCH_SOURCE_DIR;
    std::size_t files_scanned = 0;
    std::size_t calls_checked = 0;
    std::string offenders;
    for (const char* folder : {"core", "app", "ui", "tests"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
            if (entry.path().filename() == "test_fmt_headers.cpp") continue;  // the rules above
            ++files_scanned;
            std::ifstream in(entry.path());
            const std::string text{std::istreambuf_iterator<char>(in), {}};
            for (const auto& rule : rules) {
                const auto call = text.find(rule.call);
                if (call == std::string::npos) continue;
                ++calls_checked;
                if (text.find("#include <" + std::string(rule.header) + ">") != std::string::npos)
                    continue;
                const auto line =
                    1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(call),
                                   '\n');
                offenders += fs::relative(entry.path(), root).generic_string() + ":" +
                             std::to_string(line) + ": " + rule.call + " without #include <" +
                             rule.header + "> (" + rule.why + ")\n";
            }
        }
    }
    EXPECT_GT(files_scanned, 150u) << "the source folders were not found under " << root;
    EXPECT_GT(calls_checked, 0u) << "no fmt call matched: the rules no longer fit the sources";
    EXPECT_EQ(offenders, "");
}

}  // namespace
