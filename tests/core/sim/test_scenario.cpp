// Scenarios: the --set forms engineers type, JSON files (round trip, and a clear error
// naming the file and line for a broken one), applying schedules in local plant time and
// material mixes, storage in the project (and nothing stored when the command fails).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "common/error.h"
#include "common/time_format.h"
#include "sim/replay.h"
#include "sim/sample_study.h"
#include "sim/scenario_store.h"
#include "sim/what_if.h"

namespace twinbench {
namespace {

TEST(Scenario, ParsesTheSetForms) {
    auto c = parse_set_argument("speed=+5%");
    EXPECT_EQ(c.control, Control::speed);
    EXPECT_EQ(c.op, ChangeOp::percent);
    EXPECT_DOUBLE_EQ(c.value, 5.0);
    c = parse_set_argument("setpoint=-2.5");
    EXPECT_EQ(c.op, ChangeOp::add);
    EXPECT_DOUBLE_EQ(c.value, -2.5);
    c = parse_set_argument("setpoint=190@06:00-14:00");
    EXPECT_EQ(c.op, ChangeOp::set);
    EXPECT_EQ(c.from_min, 360);
    EXPECT_EQ(c.to_min, 840);
    c = parse_set_argument("material=A:0.7,B:0.3");
    EXPECT_EQ(c.control, Control::material);
    EXPECT_DOUBLE_EQ(c.mix.at("A"), 0.7);
    for (const char* bad :
         {"speed", "speed=", "speed=fast", "speed=5%", "setpoint=190@6-14", "=3"})
        EXPECT_THROW(parse_set_argument(bad), UsageError) << bad;
    // Any other name is a control of the process graph, checked when it is applied
    // (PRODUCT.md section 4); a word for a value is then a categorical level.
    c = parse_set_argument("Feed rate=+5%");
    EXPECT_EQ(c.control, Control::signal);
    EXPECT_EQ(c.signal, "Feed rate");
    EXPECT_EQ(c.op, ChangeOp::percent);
    EXPECT_DOUBLE_EQ(c.value, 5.0);
    c = parse_set_argument("Load_Type=Maximum_Load");
    EXPECT_EQ(c.level, "Maximum_Load");
    c = parse_set_argument("TEY=130");
    EXPECT_TRUE(c.level.empty());
    EXPECT_DOUBLE_EQ(c.value, 130.0);
}

TEST(Scenario, JsonRoundTripAndFileErrors) {
    Scenario s;
    s.name = "night shift";
    s.note = "energy-heavy work off-peak <b>&</b>";
    s.horizon_h = 72;
    s.changes = {parse_set_argument("setpoint=+10@22:00-06:00"),
                 parse_set_argument("material=B:1")};
    s.limits = {parse_limit_argument("furnace_temp<=210")};
    TariffSettings t;
    t.peak_price_per_kwh = 0.4;
    s.tariff = t;
    const auto back = scenario_from_json(to_json(s), "x");
    EXPECT_EQ(to_json(back), to_json(s));

    test::TempDir dir;
    const auto broken = dir.write("broken.json",
                                  "{\n  \"name\": \"a\",\n  \"changes\": [\n    {\"control\": "
                                  "\"speed\" \"value\": 2}\n  ]\n}\n");
    try {
        read_scenario_file(broken.string());
        FAIL() << "a broken file must not load";
    } catch (const BadInputError& e) {
        EXPECT_EQ(e.where().file, broken.string());
        EXPECT_EQ(e.where().line, 4);
        EXPECT_EQ(e.code(), ExitCode::bad_input);
    }
    // A control of the process graph is named freely (checked against the graph when the
    // scenario is applied); a change still needs a value or a level.
    const auto wrong = dir.write("wrong.json", R"({"name": "a", "changes": [{"control": "flux"}]})");
    EXPECT_THROW(read_scenario_file(wrong.string()), BadInputError);
    Scenario generic;
    generic.name = "graph controls";
    generic.changes = {parse_set_argument("Feed rate=+5%@06:00-14:00"), parse_set_argument("Load_Type=Maximum_Load@08:00-12:00")};
    const Scenario generic_back = scenario_from_json(to_json(generic), "x");
    EXPECT_EQ(to_json(generic_back), to_json(generic));
    ASSERT_EQ(generic_back.changes.size(), 2u);
    EXPECT_EQ(generic_back.changes[1].level, "Maximum_Load");
    EXPECT_EQ(generic_back.changes[1].from_min, 480);
    const auto nameless = dir.write("nameless.json", R"({"changes": []})");
    EXPECT_THROW(read_scenario_file(nameless.string()), BadInputError);
}

TEST(Scenario, DailyWindowFollowsLocalTimeAndMixFollowsShares) {
    const auto& s = test::sample_study();
    const auto w = replay_latest_window(s.study->table, s.study->twin, 72.0, ReplayControls::median,
                                        s.study->tariff);
    Scenario sc;
    sc.name = "day";
    sc.changes = {parse_set_argument("setpoint=+10@06:00-14:00"),
                  parse_set_argument("material=A:0.5,C:0.5")};
    SimulationInputs in = w.inputs;
    apply_scenario(sc, s.study->twin, s.study->tariff, in);
    std::size_t raised = 0;
    for (std::size_t i = 0; i < in.steps(); ++i) {
        const std::string local =
            format_local(in.time_s[i], "Europe/Berlin");  // "YYYY-MM-DD HH:MM..."
        const int hour = std::stoi(local.substr(11, 2));
        const bool inside = hour >= 6 && hour < 14;
        EXPECT_DOUBLE_EQ(in.setpoint_degC[i], w.inputs.setpoint_degC[i] + (inside ? 10.0 : 0.0))
            << local;
        raised += inside;
    }
    EXPECT_NEAR(static_cast<double>(raised) / static_cast<double>(in.steps()), 8.0 / 24.0, 0.02);
    const int a = s.study->twin.core.grade_index("A"), c = s.study->twin.core.grade_index("C");
    std::size_t na = 0, nc = 0;
    for (auto g : in.grade) {
        na += g == a;
        nc += g == c;
    }
    EXPECT_EQ(na + nc, in.steps());
    // Pieces of at most 4 h move, so the shares land within one piece of the target.
    EXPECT_NEAR(static_cast<double>(na) / static_cast<double>(in.steps()), 0.5, 4.0 / 72.0);
    Scenario unknown;
    unknown.name = "x";
    unknown.changes = {parse_set_argument("material=Z:1")};
    EXPECT_THROW(apply_scenario(unknown, s.study->twin, s.study->tariff, in), UsageError);
}

TEST(Scenario, StoredInTheProjectAndListed) {
    const auto& s = test::sample_study();
    test::TempDir dir;
    const auto copy = dir / "copy.twin";
    std::filesystem::copy_file(s.project_path, copy);
    Project project(copy, Project::Mode::open_existing);
    const auto dataset = project.dataset("plant");
    Scenario a;
    a.name = "faster";
    a.note = "for the review";
    a.changes = {parse_set_argument("speed=+5%")};
    save_scenario(project, dataset, a);
    a.note = "updated";
    save_scenario(project, dataset, a);
    Scenario b;
    b.name = "hotter";
    b.changes = {parse_set_argument("setpoint=+2")};
    save_scenario(project, dataset, b);
    const auto stored = stored_scenarios(project, dataset);
    ASSERT_EQ(stored.size(), 2u);
    EXPECT_EQ(stored[0].name, "faster");
    EXPECT_EQ(stored[0].note, "updated");
    EXPECT_EQ(load_scenario(project, dataset, "hotter").changes.size(), 1u);
    EXPECT_THROW(load_scenario(project, dataset, "nope"), UsageError);
    EXPECT_TRUE(delete_scenario(project, dataset, "hotter"));
    EXPECT_FALSE(delete_scenario(project, dataset, "hotter"));
}

TEST(Scenario, HorizonLongerThanTheDataIsAUsageError) {
    const auto& s = test::sample_study();
    Scenario sc;
    sc.name = "long";
    sc.horizon_h = 24.0 * 365.0;
    EXPECT_THROW(run_what_if(*s.study, sc, {}), UsageError);
}

}  // namespace
}  // namespace twinbench
