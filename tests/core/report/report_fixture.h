// What the report tests share: the sample plant project (support/sample_plant.h, fitted
// once per test binary) and ways to find blocks in the built report.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "report/report_builder.h"
#include "report/report_document.h"
#include "support/sample_plant.h"

namespace twinbench::test {

// build_report on the "plant" dataset of the project at `path`, dated so that the content
// does not depend on the day the test runs.
inline report::ReportDocument plant_report(
    report::ReportOptions options = {},
    const std::filesystem::path& path = sample_plant().project_path) {
    Project project(path, Project::Mode::read_only);
    if (options.date.empty()) options.date = "2026-11-23";
    return report::build_report(project, "plant", options);
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

}  // namespace twinbench::test
