// Writes a small valid .twin project as seed for fuzz_project_open (a fuzzer learns far
// more from mutating a real project than from the hostile files alone).
//   fuzz_make_twin_seed OUT.twin [--condition NAME=RULE] [--role ROLE=COLUMN] CSV...
// All CSV files go into one dataset (files with other columns become further sources).
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "data/importer.h"
#include "data/project.h"
#include "data/roles.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUT.twin [--condition NAME=RULE] CSV...\n", argv[0]);
        return 2;
    }
    try {
        const std::filesystem::path out = argv[1];
        std::filesystem::remove(out);
        twinbench::ImportOptions options;
        options.dataset = "seed";
        options.time_zone = "Europe/Berlin";
        std::vector<twinbench::Condition> conditions;
        for (int i = 2; i < argc; ++i) {
            const std::string arg = argv[i];
            if (arg == "--condition" && i + 1 < argc) {
                const std::string spec = argv[++i];
                const auto eq = spec.find('=');
                conditions.push_back({spec.substr(0, eq), eq == std::string::npos ? "" : spec.substr(eq + 1)});
            } else {
                options.files.emplace_back(arg);
            }
        }
        twinbench::Project project(out, twinbench::Project::Mode::create_if_missing);
        twinbench::import_files(project, options);
        const auto info = project.dataset("seed");
        for (const auto& c : conditions) project.save_condition(info.id, c);
        std::printf("%s: %zu rows, %zu rejected\n", out.c_str(), info.rows_imported, info.rows_rejected);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz_make_twin_seed: %s\n", e.what());
        return 1;
    }
    return 0;
}
