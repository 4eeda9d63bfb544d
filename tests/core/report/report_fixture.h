// The sample plant as a report sees it: imported from sample_data/plant like a user would,
// every model fitted and stored, shared by the report tests of one executable.
#pragma once

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/importer.h"
#include "data/project.h"
#include "models/model_fitting.h"
#include "report/report_document.h"
#include "support/temp_dir.h"

namespace twinbench::test {

struct ReportPlant {
    TempDir dir;
    std::filesystem::path project_path;
    ImportResult imported;
    FitAllResult fitted;

    ReportPlant() : project_path(dir / "plant.twin") {
        const auto plant_dir = std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
        Project project(project_path, Project::Mode::create_if_missing);
        ImportOptions options;
        for (const auto& entry : std::filesystem::directory_iterator(plant_dir))
            if (entry.is_regular_file() && entry.path().extension() == ".gz")
                options.files.push_back(entry.path());
        std::sort(options.files.begin(), options.files.end());
        options.dataset = "plant";
        options.time_zone = "Europe/Berlin";
        imported = import_files(project, options);
        const auto dataset = project.dataset("plant");
        fitted = fit_all_models(project.read_dataset(dataset), dataset.time_zone);
        store_models(project, dataset.id, fitted);
    }

    const nlohmann::json& model(const std::string& key) const {
        for (const auto& m : fitted.models)
            if (m.key == key) return m.json;
        throw std::runtime_error("model not fitted: " + key);
    }
};

// One plant per test executable: importing and fitting 90 days takes about a second.
inline const ReportPlant& report_plant() {
    static const auto plant = std::make_unique<ReportPlant>();
    return *plant;
}

// The report's section with `anchor` ("model-temperature"); throws when there is none.
inline const report::Section& section(const report::ReportDocument& doc,
                                      const std::string& anchor) {
    for (const auto& s : doc.sections)
        if (s.anchor == anchor) return s;
    throw std::runtime_error("no section " + anchor);
}

// The blocks of one kind (Paragraph, DataTable, ...) of a section, in order.
template <typename T>
std::vector<const T*> blocks_of(const report::Section& s) {
    std::vector<const T*> out;
    for (const auto& b : s.blocks)
        if (const auto* t = std::get_if<T>(&b)) out.push_back(t);
    return out;
}

// Output of a shell command (unzip -p ...), "" when it fails.
inline std::string command_output(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

}  // namespace twinbench::test
