// The report's chapter "Excursions and causes" (issue 17) on the planted-cause plant
// (tests/core/explain/planted_plant.h): the rows of scrap above its model band are pinned
// on lot B-05 (the planted cause), the table carries the engine's figures, the process
// share is said; without models, or without context items, a paragraph says why.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "data/importer.h"
#include "explain/dataset_explain.h"
#include "explain/planted_plant.h"
#include "report/excursions_chapter.h"
#include "report/number_format.h"
#include "report_fixture.h"
#include "sim/graph_store.h"
#include "sim/twin_fitting.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using report::DataTable;
using report::Paragraph;
using report::ReportDocument;

class ExcursionsChapter : public ::testing::Test {
  protected:
    // A project of the planted plant; `context` gives Line, Lot and Operator the role
    // context, `fit` stores the twin's models.
    static std::filesystem::path make_project(const std::string& name, bool context, bool fit) {
        const auto csv = *dir_ / (name + ".csv");
        test::write_planted_historian(test::make_planted_plant(2), csv.string());
        const auto path = *dir_ / (name + ".twin");
        Project project(path, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {csv};
        options.dataset = "line";
        options.time_zone = "UTC";
        options.role_overrides = {{Role::output, "Scrap"}, {Role::control, "Speed"}, {Role::disturbance, "Humidity"}};
        if (context)
            for (const char* c : {"Line", "Lot", "Operator"}) options.role_overrides.emplace_back(Role::context, c);
        import_files(project, options);
        if (fit) {
            const DatasetInfo dataset = project.dataset("line");
            const Table table = project.read_dataset(dataset);
            store_twin_fit(project, dataset, fit_twin(table, dataset, load_graph(project, dataset)));
        }
        return path;
    }
    static ReportDocument chapter(const std::filesystem::path& path) {
        const Project project(path, Project::Mode::read_only);
        ReportDocument doc;
        report::append_excursions_chapter(doc, "5", project, project.dataset("line"));
        return doc;
    }
    static void SetUpTestSuite() {
        dir_ = new test::TempDir();
        planted_ = new std::filesystem::path(make_project("planted", true, true));
    }
    static void TearDownTestSuite() {
        delete planted_;
        delete dir_;
    }
    static test::TempDir* dir_;
    static std::filesystem::path* planted_;
};

test::TempDir* ExcursionsChapter::dir_ = nullptr;
std::filesystem::path* ExcursionsChapter::planted_ = nullptr;

TEST_F(ExcursionsChapter, ScrapAboveItsBandIsPinnedOnThePlantedLotWithTheEnginesFigures) {
    const auto doc = chapter(*planted_);
    const auto& intro = test::section(doc, "excursions");
    EXPECT_EQ(intro.title, "Excursions and causes");
    EXPECT_EQ(intro.number, "5");
    const auto& scrap = test::section(doc, "excursion-Scrap");
    // One sub-section per modelled output (the planted plant's twin models Produced too).
    EXPECT_TRUE(scrap.number.starts_with("5.")) << scrap.number;
    const auto tables = test::blocks_of<DataTable>(scrap);
    ASSERT_EQ(tables.size(), 1u);
    const auto& t = *tables[0];

    const Project project(*planted_, Project::Mode::read_only);
    const auto engine = explain_dataset(project, {"line", "", "", "Scrap"});
    ASSERT_FALSE(engine.causes.empty());
    ASSERT_EQ(t.rows.size(), std::min(engine.causes.size(), report::excursion_causes_listed));
    // Ground truth: the planted lot first and supported; the confounder not supported.
    EXPECT_EQ(t.rows[0][1].text, "Lot=B-05");
    EXPECT_EQ(t.rows[0][7].text, "yes");
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& c = engine.causes[i];
        EXPECT_EQ(t.rows[i][1].text, c.name);
        if (std::isfinite(c.lift)) {
            ASSERT_TRUE(t.rows[i][3].value.has_value());
            EXPECT_DOUBLE_EQ(*t.rows[i][3].value, c.lift);
        }
        ASSERT_TRUE(t.rows[i][4].value.has_value());
        EXPECT_DOUBLE_EQ(*t.rows[i][4].value, 100.0 * c.share_explained);
        EXPECT_DOUBLE_EQ(*t.rows[i][6].value, c.conditional_p_value);
        EXPECT_EQ(t.rows[i][7].text, c.supported ? "yes" : "no");
        EXPECT_DOUBLE_EQ(*t.rows[i][8].value, static_cast<double>(c.rows));
        if (c.name == "Operator=Olsen") {
            EXPECT_EQ(t.rows[i][7].text, "no");
        }
    }
    // The process share in words, with the engine's figure: the lot is not the process's doing.
    ASSERT_TRUE(engine.explained_by_process.has_value());
    EXPECT_LT(*engine.explained_by_process, 0.3);
    const auto paragraphs = test::blocks_of<Paragraph>(scrap);
    ASSERT_FALSE(paragraphs.empty());
    EXPECT_NE(paragraphs[0]->text.find("process settings explain only " +
                                       report::format_percent(*engine.explained_by_process, 0)),
              std::string::npos)
        << paragraphs[0]->text;
    bool verdict = false;
    for (const auto* p : paragraphs) verdict = verdict || p->text.starts_with("Lot=B-05: ");
    EXPECT_TRUE(verdict);
}

TEST_F(ExcursionsChapter, WithoutModelsOrContextItemsAParagraphSaysWhy) {
    const auto unfitted = chapter(make_project("unfitted", true, false));
    const auto& intro = test::section(unfitted, "excursions");
    ASSERT_EQ(intro.blocks.size(), 1u);
    EXPECT_NE(std::get<Paragraph>(intro.blocks[0]).text.find("Nothing to explain: no output"), std::string::npos);
    EXPECT_EQ(unfitted.sections.size(), 1u);

    const auto no_context = chapter(make_project("no_context", false, true));
    bool said = false;
    for (const auto* p : test::blocks_of<Paragraph>(test::section(no_context, "excursions")))
        said = said || p->text.find("no context items") != std::string::npos;
    EXPECT_TRUE(said);
    // The signals are still ranked; no label is a candidate.
    for (const auto* t : test::blocks_of<DataTable>(test::section(no_context, "excursion-Scrap")))
        for (const auto& row : t->rows) EXPECT_EQ(row[2].text, "signal") << row[1].text;
}

// In the whole report the chapter follows the scenarios; the sample plant (the furnace
// template, no per-row output models) says there is nothing to explain.
TEST_F(ExcursionsChapter, FollowsTheScenariosInTheReport) {
    const auto doc = test::plant_report();
    std::vector<std::string> anchors;
    for (const auto& s : doc.sections)
        if (s.level == 1) anchors.push_back(s.anchor);
    const auto scenarios = std::find(anchors.begin(), anchors.end(), "scenarios");
    ASSERT_NE(scenarios, anchors.end());
    ASSERT_NE(scenarios + 1, anchors.end());
    EXPECT_EQ(*(scenarios + 1), "excursions");
    EXPECT_EQ(test::section(doc, "excursions").number, "5");
}

}  // namespace
}  // namespace twinbench
