// The README and docs/ describe the product to its users: no references to the tracker's
// issue numbers or to the development sessions that wrote them, and no statement the
// product has since made false.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::filesystem::path> user_documents() {
    const std::filesystem::path source(TWINBENCH_SOURCE_DIR);
    std::vector<std::filesystem::path> files{source / "README.md"};
    for (const auto& e : std::filesystem::directory_iterator(source / "docs"))
        if (e.path().extension() == ".md") files.push_back(e.path());
    return files;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(DocsWording, DescribeTheProductNotItsDevelopment) {
    const std::regex tracker(R"(\bissues? [0-9]+\b)", std::regex::icase);
    const std::regex sessions(R"(\b(other|development|helper) sessions?\b)", std::regex::icase);
    const std::vector<std::string> outdated = {
        "does not yet run the second-order",  // the simulator runs it
    };
    const auto files = user_documents();
    ASSERT_GE(files.size(), 3u);
    for (const auto& file : files) {
        const std::string text = read_text(file);
        ASSERT_FALSE(text.empty()) << file;
        std::smatch m;
        EXPECT_FALSE(std::regex_search(text, m, tracker)) << file.filename() << ": '" << m.str() << "'";
        EXPECT_FALSE(std::regex_search(text, m, sessions)) << file.filename() << ": '" << m.str() << "'";
        for (const auto& phrase : outdated)
            EXPECT_EQ(text.find(phrase), std::string::npos) << file.filename() << ": '" << phrase << "'";
    }
}

}  // namespace
