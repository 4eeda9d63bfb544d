// The models chapter for the outputs of a process graph (issue 15): each output's section
// reads the typed model (report/output_model_section.h): plain-words findings first, then
// the trust verdict, the terms exactly as the model has them, metrics with the output's unit.
#include <gtest/gtest.h>

#include <algorithm>

#include "../sim/generated_process.h"
#include "report_fixture.h"
#include "sim/twin_fitting.h"

namespace twinbench {
namespace {

using report::DataTable;
using report::KeyValueTable;
using report::Paragraph;

TEST(ReportGraphModels, EachOutputSectionSaysWhatItFoundThenItsTrustTermsAndMetrics) {
    const auto& g = test::dryer_twin(1, 14);
    report::ReportOptions options;
    options.date = "2026-12-06";
    const Project project(g.project_path, Project::Mode::read_only);
    const auto doc = report::build_report(project, "", options);
    const DatasetInfo dataset = project.dataset("");
    const GraphTwin twin = load_graph_twin(project, dataset, g.study->graph);
    ASSERT_FALSE(twin.models.empty());
    for (const auto& model : twin.models) {
        const auto& sec = test::section(doc, "model-output-" + model->output());
        const auto paragraphs = test::blocks_of<Paragraph>(sec);
        ASSERT_GE(paragraphs.size(), 2u) << model->output();
        // First a finding naming one of the model's inputs, then the verdict.
        const std::string& first = paragraphs.front()->text;
        const std::vector<std::string> inputs = model->inputs();
        EXPECT_TRUE(std::any_of(inputs.begin(), inputs.end(),
                                [&](const std::string& input) { return first.find(input) != std::string::npos; }))
            << model->output() << ": " << first;
        EXPECT_TRUE(std::any_of(paragraphs.begin(), paragraphs.end(), [&](const Paragraph* p) {
            return p->text.rfind("Trust: " + model->report().trust.message, 0) == 0;
        })) << model->output() << " shows no trust verdict";
        const auto tables = test::blocks_of<DataTable>(sec);
        const auto terms = std::find_if(tables.begin(), tables.end(), [](const DataTable* t) { return t->caption == "Terms"; });
        ASSERT_NE(terms, tables.end());
        ASSERT_EQ((*terms)->rows.size(), model->terms().size());
        for (std::size_t i = 0; i < model->terms().size(); ++i) {
            EXPECT_EQ((*terms)->rows[i][0].text, model->terms()[i].name);
            EXPECT_EQ((*terms)->rows[i][1].text, model->terms()[i].unit);
        }
        if (model->output_kind() == OutputKind::continuous && !model->unit().empty()) {
            const auto metrics = test::blocks_of<KeyValueTable>(sec);
            ASSERT_FALSE(metrics.empty());
            std::string rmse_label = "RMSE [";
            rmse_label += model->unit();
            rmse_label += "]";
            EXPECT_EQ(metrics.front()->rows.front().first, rmse_label);
        }
    }
}

}  // namespace
}  // namespace twinbench
