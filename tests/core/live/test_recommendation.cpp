// Recommendations back, advisory only: the optimiser's settings for the dataset as it
// stands (a spray dryer fitted on 4 days), published to a CSV file or an MQTT topic (a
// real mosquitto on 127.0.0.1) only by an approval, every recommendation, approval,
// rejection and failed publication logged in the project with the model version and seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "../sim/generated_process.h"
#include "live/live_test_project.h"
#include "live/mosquitto_broker.h"
#include "live/mqtt_subscriber.h"
#include "live/recommendation.h"
#include "live/recommendation_publisher.h"

namespace twinbench {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

// The fitted dryer's project, copied: the tests write their logs into the copy.
std::filesystem::path dryer_project(const TempDir& dir) {
    const auto copy = dir / "dryer.twin";
    std::filesystem::copy_file(test::dryer_twin(1, 4).project_path, copy);
    return copy;
}

RecommendationRequest gas_request(std::uint64_t seed) {
    RecommendationRequest request;
    request.objective = "Gas energy";
    request.horizon_h = 2.0;
    request.seed = seed;
    return request;
}

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> log_events(const Project& project) {
    std::vector<std::string> events;
    for (const auto& e : recommendation_log(project, ""))
        events.push_back(e.event + ":" + std::to_string(e.recommendation_id));
    return events;
}

TEST(LiveRecommendation, SettingsForTheCurrentStateAreTheControlsWithinTheirDataRange) {
    TempDir dir;
    Project project(dryer_project(dir), Project::Mode::open_existing);
    const Recommendation r = recommend_settings(project, "", gas_request(3));
    const TwinStudy& study = *test::dryer_twin(1, 4).study;
    ASSERT_EQ(r.settings.size(), 2u);
    for (const char* control : {"Inlet air temp SP", "Feed rate"}) {
        ASSERT_TRUE(r.settings.count(control)) << control;
        const auto* s = study.history.find(control);
        ASSERT_NE(s, nullptr);
        const auto [lo, hi] = std::minmax_element(s->values.begin(), s->values.end());
        EXPECT_GE(r.settings.at(control), *lo - 1e-9) << control;
        EXPECT_LE(r.settings.at(control), *hi + 1e-9) << control;
    }
    // Minimising, the baseline is one of the points tried: the answer is no worse.
    EXPECT_LE(r.objective_value, r.baseline_objective + 1e-9 * std::abs(r.baseline_objective));
    EXPECT_EQ(r.state_time_s, study.history.time_s.back());
    EXPECT_EQ(r.units.at("Feed rate"), "kg/h");
    EXPECT_EQ(r.seed, 3u);
    EXPECT_EQ(r.model_version, model_version(project, project.dataset("")));
    EXPECT_EQ(r.model_version.size(), 7u + 16u);
    EXPECT_EQ(r.model_version.rfind("sha256:", 0), 0u);
}

TEST(LiveRecommendation, WithoutAStoredFitThereIsNoModelVersionToLog) {
    TempDir dir;
    Project project(test::make_live_project(dir), Project::Mode::open_existing);
    EXPECT_THROW(model_version(project, project.dataset("line")), ModelError);
}

TEST(LiveRecommendation, OnlyAnApprovalWritesTheCsvAndEveryDecisionIsLogged) {
    TempDir dir;
    Project project(dryer_project(dir), Project::Mode::open_existing);
    const auto csv = dir / "out" / "recommendations.csv";
    std::filesystem::create_directories(csv.parent_path());
    PublishTarget target;
    target.csv = csv;

    const Recommendation first =
        log_recommendation(project, recommend_settings(project, "", gas_request(5)));
    EXPECT_EQ(first.id, 1);
    EXPECT_FALSE(std::filesystem::exists(csv)) << "written before the approval";
    approve_recommendation(project, first, target, "jane", "Europe/Berlin");
    const std::string text = read_text(csv);
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line,
              "approved_utc,recommendation_id,setting,value,unit,model_version,seed,approved_by");
    std::map<std::string, double> written;
    while (std::getline(lines, line)) {
        std::vector<std::string> cells;
        std::stringstream in(line);
        for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
        ASSERT_EQ(cells.size(), 8u) << line;
        EXPECT_EQ(cells[1], "1");
        EXPECT_EQ(cells[5], first.model_version);
        EXPECT_EQ(cells[6], "5");
        EXPECT_EQ(cells[7], "jane");
        written[cells[2]] = std::stod(cells[3]);
    }
    EXPECT_EQ(written, first.settings);  // shortest round-trip text: exact

    const Recommendation second =
        log_recommendation(project, recommend_settings(project, "", gas_request(6)));
    EXPECT_EQ(second.id, 2);
    reject_recommendation(project, second, "jane", "feed is on a trial batch");
    EXPECT_EQ(read_text(csv), text) << "a rejection wrote to the target";

    // Read back through a new connection, as the next session would.
    const Project reopened(project.path(), Project::Mode::read_only);
    EXPECT_EQ(log_events(reopened), (std::vector<std::string>{"recommended:1", "approved:1",
                                                              "recommended:2", "rejected:2"}));
    const auto log = recommendation_log(reopened, "");
    EXPECT_EQ(log[1].published_to, "csv:" + csv.string());
    EXPECT_EQ(log[1].by, "jane");
    EXPECT_EQ(log[3].note, "feed is on a trial batch");
    for (const auto& e : log) {
        EXPECT_EQ(e.recommendation.model_version, first.model_version);
        EXPECT_EQ(e.recommendation.seed, e.recommendation_id == 1 ? 5u : 6u);
        EXPECT_EQ(e.recommendation.settings,
                  e.recommendation_id == 1 ? first.settings : second.settings);
    }
}

TEST(LiveRecommendation, AnApprovalIsPublishedToTheBrokerWithQos1AndAFailureIsLogged) {
    if (test::mosquitto_program().empty()) GTEST_SKIP() << "the mosquitto broker is not installed";
    TempDir dir;
    test::MosquittoBroker broker(dir.path());
    ASSERT_TRUE(broker.start());
    test::QosSubscriber subscriber(broker.port(), "plant/recommendations");
    ASSERT_TRUE(subscriber.wait_subscribed(5s));
    Project project(dryer_project(dir), Project::Mode::open_existing);
    const Recommendation r =
        log_recommendation(project, recommend_settings(project, "", gas_request(9)));
    EXPECT_TRUE(subscriber.payloads().empty());
    PublishTarget target;
    target.mqtt = fmt::format("127.0.0.1:{}/plant/recommendations", broker.port());
    approve_recommendation(project, r, target, "omar", "Europe/Berlin");
    // approve returns once the broker acknowledged; the subscriber's copy follows.
    ASSERT_TRUE(subscriber.wait_messages(1, 5s));
    const auto j = nlohmann::json::parse(subscriber.payloads().front());
    EXPECT_EQ(j.at("recommendation_id"), r.id);
    using Settings = std::map<std::string, double>;
    EXPECT_EQ(j.at("settings").get<Settings>(), r.settings);
    EXPECT_EQ(j.at("model_version"), r.model_version);
    EXPECT_EQ(j.at("seed"), 9);
    EXPECT_EQ(j.at("approved_by"), "omar");

    // The broker gone: the approval fails, says why, and the failure is in the log.
    broker.stop();
    PublishTarget gone = target;
    gone.timeout = 1s;
    EXPECT_THROW(approve_recommendation(project, r, gone, "omar", "Europe/Berlin"), ProjectError);
    const auto log = recommendation_log(project, "");
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log[1].event, "approved");
    EXPECT_EQ(log[1].published_to,
              fmt::format("mqtt://127.0.0.1:{}/plant/recommendations", broker.port()));
    EXPECT_EQ(log[2].event, "publish_failed");
    EXPECT_NE(log[2].note.find("cannot be reached"), std::string::npos) << log[2].note;
    EXPECT_EQ(subscriber.payloads().size(), 1u);
}

}  // namespace
}  // namespace twinbench
