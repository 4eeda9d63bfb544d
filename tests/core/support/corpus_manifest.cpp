#include "support/corpus_manifest.h"

#include <fstream>
#include <map>
#include <string_view>

namespace twinbench::test {
namespace {

using nlohmann::json;

std::string sanitise(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok)
            out.push_back(c);
        else if (out.empty() || out.back() != '_')
            out.push_back('_');
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? std::string("entry") : out;
}

std::string entry_label(const std::string& folder, const json& e) {
    if (e.contains("file")) return folder + "/" + e["file"].get<std::string>();
    if (e.contains("files")) {
        std::string s = folder + "/[";
        for (std::size_t i = 0; i < e["files"].size(); ++i)
            s += (i ? ", " : "") + e["files"][i].get<std::string>();
        return s + "]";
    }
    if (e.contains("generate"))
        return folder + "/" + e["generate"].value("name", std::string("generated")) +
               " (generated)";
    return folder + "/<entry without file>";
}

std::string entry_base_name(const json& e) {
    if (e.contains("file")) return sanitise(e["file"].get<std::string>());
    if (e.contains("files")) {
        std::string s;
        for (const auto& f : e["files"])
            s += (s.empty() ? "" : "__") + sanitise(f.get<std::string>());
        return s;
    }
    if (e.contains("generate"))
        return "generated_" + sanitise(e["generate"].value("name", std::string("file")));
    return "entry";
}

}  // namespace

void PrintTo(const CorpusEntry& entry, std::ostream* os) {
    *os << entry.label;
}

std::vector<CorpusEntry> load_manifest(const std::filesystem::path& corpus_root, const std::string& folder) {
    std::vector<CorpusEntry> entries;
    const auto path = corpus_root / folder / "MANIFEST.json";
    json manifest;
    try {
        std::ifstream in(path);
        manifest = json::parse(in);
    } catch (const std::exception& e) {
        // Reported by the test body so a broken manifest is one failing test, not a crash.
        CorpusEntry broken;
        broken.folder = folder;
        broken.label = folder + "/MANIFEST.json";
        broken.test_name = "manifest_unreadable";
        broken.spec = std::make_shared<const json>(json{{"manifest_error", std::string(e.what())}});
        return {broken};
    }
    std::map<std::string, int> used;
    for (std::size_t i = 0; i < manifest.size(); ++i) {
        CorpusEntry entry;
        entry.folder = folder;
        entry.index = i;
        entry.label = entry_label(folder, manifest[i]);
        std::string name = entry_base_name(manifest[i]);
        if (const int n = used[name]++; n > 0) name += "_" + std::to_string(n + 1);
        entry.test_name = name;
        entry.spec = std::make_shared<const json>(manifest[i]);
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace twinbench::test
