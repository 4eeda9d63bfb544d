// The importer test corpus's manifests (tests/data/*/MANIFEST.json, documented in
// tests/data/README.md): one entry per test case.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twinbench::test {

struct CorpusEntry {
    std::string folder;  // "import" or "hostile"
    std::size_t index = 0;
    std::string label;      // "hostile/empty.csv", for messages
    std::string test_name;  // sanitised, unique within the folder
    std::shared_ptr<const nlohmann::json> spec;
};

// Shows the entry's label in gtest's parameter output.
void PrintTo(const CorpusEntry& entry, std::ostream* os);

// Entries of corpus_root/folder/MANIFEST.json; an unreadable manifest becomes one entry
// whose spec holds "manifest_error", so it fails as a test instead of crashing discovery.
std::vector<CorpusEntry> load_manifest(const std::filesystem::path& corpus_root, const std::string& folder);

}  // namespace twinbench::test
