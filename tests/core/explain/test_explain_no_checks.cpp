// explain --output on the scrap of a furnace line without manual core checks (the sample
// generator's "independent" line: German historian export, scrap straight from the furnace
// temperature and the residence time): the twin's scrap model reads measured signals only,
// so it is replayed on the recorded rows and the process share of an excursion is given,
// as on a line with checks.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "data/project.h"
#include "explain/dataset_explain.h"
#include "sim/generated_process.h"

namespace twinbench {
namespace {

TEST(ExplainWithoutChecks, TheScrapModelIsReplayedOnTheRecordedRows) {
    const auto& g = test::furnace_twin("independent", 1);
    const Project project(g.project_path, Project::Mode::read_only);
    const DatasetInfo dataset = project.dataset("");
    const Table table = project.read_dataset(dataset);
    const Column* scrap = table.find_numeric_role(Role::scrap);
    const Column* produced = table.find_numeric_role(Role::produced);
    ASSERT_NE(scrap, nullptr);
    ASSERT_NE(produced, nullptr);

    ExplainRequest request;
    request.output = scrap->name;
    const DatasetExplainInput built = dataset_explain_input(project, request);
    for (const auto& note : built.notes) EXPECT_EQ(note.find("explained_by_process"), std::string::npos) << note;

    // Predicted where the line made parts, and on those rows the twin's expected scrap adds
    // up to what was counted (a binomial fit with an intercept matches its training total;
    // the last 20 % are its hold-out, so not exactly).
    const auto& predicted = built.input.predicted;
    ASSERT_EQ(predicted.size(), table.row_count());
    std::size_t running = 0, with_prediction = 0;
    double expected_total = 0.0, counted_total = 0.0;
    for (std::size_t i = 0; i < predicted.size(); ++i) {
        if (!(produced->values[i] > 0.0) || std::isnan(scrap->values[i])) continue;
        ++running;
        if (std::isnan(predicted[i])) continue;
        ++with_prediction;
        expected_total += predicted[i];
        counted_total += scrap->values[i];
    }
    std::printf("rows with parts %zu, predicted %zu; scrap expected %.0f, counted %.0f\n", running, with_prediction,
                expected_total, counted_total);
    EXPECT_GT(with_prediction, running * 9 / 10);
    EXPECT_NEAR(expected_total, counted_total, 0.05 * counted_total);

    const ExplainResult r = explain_dataset(project, request);
    ASSERT_TRUE(r.explained_by_process.has_value());
    EXPECT_GE(*r.explained_by_process, 0.0);
    EXPECT_LE(*r.explained_by_process, 1.0);
}

}  // namespace
}  // namespace twinbench
