// The explainer on AI4I 2020 with the twin's own prediction (the machine failures the
// fitted failure model did not expect; `explain --output 'Machine failure'`), against an
// independent computation with scipy and statsmodels: the prediction per item is stored
// (ai4i_twin_prediction.csv.gz), the candidates come from the shipped data set.
// tests/data/reference/explain/README.md says how the files were made.
#include <cmath>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/importer.h"
#include "data/parsed_file.h"
#include "data/project.h"
#include "explain_reference_checks.h"
#include "explain/dataset_explain.h"
#include "explain/explainer.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

const std::string reference_dir = std::string(TWINBENCH_TEST_DATA_DIR) + "/reference/explain/";
const std::filesystem::path ai4i_file =
    std::filesystem::path(TWINBENCH_SAMPLE_DATA_DIR) / "ai4i2020" / "ai4i2020.csv.gz";

// AI4I imported with the proposed roles (Machine failure the defect flag, Type the
// material, the five measurements controls, disturbances and a factor) and fitted.
std::filesystem::path make_ai4i_project(const test::TempDir& dir) {
    const auto path = dir / "ai4i.twin";
    Project project(path, Project::Mode::create_if_missing);
    ImportOptions options;
    options.files = {ai4i_file};
    options.dataset = "ai4i";
    import_files(project, options);
    const auto dataset = project.dataset("ai4i");
    store_twin_fit(project, dataset, fit_twin(project.read_dataset(dataset), dataset, load_graph(project, dataset)));
    return path;
}

DatasetExplainInput failures_above_band(const std::filesystem::path& project_path) {
    const Project project(project_path, Project::Mode::read_only);
    return dataset_explain_input(project, {"ai4i", "", "", "Machine failure"});
}

const Column& column(const Table& t, const std::string& name) {
    const Column* c = t.find(name);
    if (c == nullptr) throw std::runtime_error("no column " + name);
    return *c;
}

// The explainer's input from the shipped data and the stored prediction file.
ExplainInput read_input() {
    const Table data = parse_file(ai4i_file, {}).table;
    const Table prediction = parse_file(reference_dir + "ai4i_twin_prediction.csv.gz", {}).table;
    ExplainInput in;
    in.outcome_name = "Machine failure";
    in.outcome = column(data, "Machine failure").values;
    for (const double v : column(prediction, "excursion").values) in.excursion.push_back(v == 1.0);
    for (const double v : column(prediction, "reference").values) in.reference.push_back(v == 1.0);
    in.predicted = column(prediction, "predicted").values;
    const Column& type = column(data, "Type");
    in.context.push_back({"Type", type.codes, type.levels});
    for (const char* name : {"Air temperature", "Process temperature", "Rotational speed", "Torque", "Tool wear"})
        in.numeric_signals.push_back({name, "", column(data, name).values});
    return in;
}

using test::expect_relative;
using test::expect_candidates_match;

TEST(ExplainAi4iTwin, FailuresTheTwinDidNotExpectMatchScipyAndStatsmodels) {
    std::ifstream file(reference_dir + "explain_reference.json");
    const auto ref = nlohmann::json::parse(file)["ai4i_twin"];
    ExplainOptions options;
    options.max_causes = 1000;
    const ExplainResult r = explain_excursion(read_input(), options);
    EXPECT_EQ(r.excursion.rows, ref["excursion_rows"].get<std::size_t>());
    EXPECT_EQ(r.excursion.reference_rows, ref["reference_rows"].get<std::size_t>());
    EXPECT_EQ(r.family_size, ref["family_size"].get<std::size_t>());
    ASSERT_TRUE(r.explained_by_process.has_value());
    expect_relative(*r.explained_by_process, ref["explained_by_process"], 1e-10, "explained_by_process");
    expect_relative(*r.excursion.predicted_value, ref["predicted_excursion_mean"], 1e-12, "predicted mean");
    expect_candidates_match(r, ref, true);
    EXPECT_EQ(r.causes.front().name, ref["top_cause"].get<std::string>());
}

// The prediction file is what explain builds on AI4I imported and fitted afresh.
TEST(ExplainAi4iTwin, PredictionFileIsWhatExplainBuilds) {
    const test::TempDir dir;
    const ExplainInput built = failures_above_band(make_ai4i_project(dir)).input;
    const ExplainInput file = read_input();
    EXPECT_EQ(built.excursion, file.excursion);
    EXPECT_EQ(built.reference, file.reference);
    ASSERT_EQ(built.predicted.size(), file.predicted.size());
    for (std::size_t i = 0; i < built.predicted.size(); ++i)
        EXPECT_NEAR(built.predicted[i], file.predicted[i], 1e-12 + 1e-9 * file.predicted[i]) << i;
    std::vector<std::string> names;
    for (const auto& s : built.numeric_signals) names.push_back(s.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Air temperature", "Process temperature", "Rotational speed", "Torque",
                                               "Tool wear"}));
    ASSERT_EQ(built.context.size(), 1u);
    EXPECT_EQ(built.context[0].variable, "Type");
}

// Writes the prediction file (run by hand, then gzip -9n; the README says how):
//   twinbench_core_tests --gtest_also_run_disabled_tests --gtest_filter='ExplainAi4iTwin.DISABLED_*'
TEST(ExplainAi4iTwin, DISABLED_WritePredictionFile) {
    const test::TempDir dir;
    const ExplainInput in = failures_above_band(make_ai4i_project(dir)).input;
    std::ofstream out(reference_dir + "ai4i_twin_prediction.csv");
    out << "excursion,reference,predicted\n";
    for (std::size_t i = 0; i < in.excursion.size(); ++i)
        out << static_cast<int>(in.excursion[i]) << ',' << static_cast<int>(in.reference[i]) << ','
            << (std::isnan(in.predicted[i]) ? std::string() : fmt::format("{}", in.predicted[i])) << '\n';
}

}  // namespace
}  // namespace twinbench
