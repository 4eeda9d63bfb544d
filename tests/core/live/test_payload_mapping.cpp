// MQTT payloads to rows: the default one-object-per-row shape, a mapping file's keys,
// JSON pointers and one-value-per-topic payloads; a payload that cannot be read gives a
// reason, never an exception.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "common/error.h"
#include "live/payload_mapping.h"

namespace twinbench {
namespace {

const LiveCell* find(const LiveRow& row, const std::string& column) {
    for (const auto& c : row.cells)
        if (c.column == column) return &c;
    return nullptr;
}

TEST(LivePayload, ReadsTheDefaultObjectShape) {
    const auto result = read_payload("plant/line1",
                                     R"({"time": "2026-12-06T15:15:00+01:00", "Temp": 81.5, "Grade": "A", "Running": true, "Speed": null})",
                                     PayloadMapping{}, 0.0);
    ASSERT_TRUE(std::holds_alternative<LiveRow>(result)) << std::get<std::string>(result);
    const auto& row = std::get<LiveRow>(result);
    EXPECT_EQ(row.time_text, "2026-12-06T15:15:00+01:00");
    ASSERT_NE(find(row, "Temp"), nullptr);
    EXPECT_EQ(find(row, "Temp")->number, 81.5);
    EXPECT_EQ(find(row, "Grade")->text, "A");
    EXPECT_EQ(find(row, "Running")->number, 1.0);
    EXPECT_FALSE(find(row, "Speed")->number.has_value());
    EXPECT_EQ(find(row, "time"), nullptr);
}

TEST(LivePayload, FollowsAMappingFile) {
    const auto mapping = parse_payload_mapping(
        R"({"time": "/meta/ts", "time_unit": "ms", "columns": {"/data/t_out": "Outlet temperature", "p": "Pressure"},
            "topics": {"plant/speed": "Line speed"}, "value": "v"})",
        "map.json");
    auto result = read_payload("plant/all", R"({"meta": {"ts": 1796083200500}, "data": {"t_out": 402.25}, "p": 1.5, "x": 9})",
                               mapping, 0.0);
    ASSERT_TRUE(std::holds_alternative<LiveRow>(result)) << std::get<std::string>(result);
    auto row = std::get<LiveRow>(result);
    EXPECT_EQ(row.time_utc_s, 1796083200.5);
    EXPECT_EQ(find(row, "Outlet temperature")->number, 402.25);
    EXPECT_EQ(find(row, "Pressure")->number, 1.5);
    EXPECT_EQ(row.cells.size(), 2u) << "only the mapped keys are read";

    result = read_payload("plant/speed", "12.5", mapping, 1796083300.0);
    ASSERT_TRUE(std::holds_alternative<LiveRow>(result));
    row = std::get<LiveRow>(result);
    EXPECT_EQ(row.time_utc_s, 1796083300.0) << "a bare value takes its arrival time";
    EXPECT_EQ(find(row, "Line speed")->number, 12.5);

    result = read_payload("plant/speed", R"({"meta": {"ts": 1796083200000}, "v": "13"})", mapping, 0.0);
    ASSERT_TRUE(std::holds_alternative<LiveRow>(result));
    EXPECT_EQ(std::get<LiveRow>(result).time_utc_s, 1796083200.0);
    EXPECT_EQ(find(std::get<LiveRow>(result), "Line speed")->text, "13");
}

TEST(LivePayload, GivesAReasonForAPayloadItCannotRead) {
    const PayloadMapping mapping;
    const auto reason = [&](std::string_view payload) {
        const auto result = read_payload("t", payload, mapping, 0.0);
        return std::holds_alternative<std::string>(result) ? std::get<std::string>(result) : std::string("<row>");
    };
    EXPECT_EQ(reason("{\"time\": \"2026-12-06T15:15:00Z\", \"a\""), "the payload is not JSON");
    EXPECT_EQ(reason("[1, 2]"), "the payload is not a JSON object");
    EXPECT_EQ(reason("{\"a\": 1}"), "the payload has no time stamp \"time\"");
    EXPECT_EQ(reason("{\"time\": \"2026-12-06T15:15:00Z\"}"), "the payload holds a time stamp but no values");
    EXPECT_EQ(reason("{\"time\": \"2026-12-06T15:15:00Z\", \"a\": {\"b\": 1}}"), "'a' holds an object instead of one value");
    EXPECT_EQ(reason("{\"time\": [1], \"a\": 1}"), "the time stamp 'time' is neither a text nor an epoch number");
    EXPECT_EQ(reason(""), "the payload is not JSON");
}

TEST(LivePayload, RefusesABadMappingFileWithItsName) {
    EXPECT_THROW(parse_payload_mapping("{", "m.json"), UsageError);
    EXPECT_THROW(parse_payload_mapping(R"({"time_unit": "hours"})", "m.json"), UsageError);
    EXPECT_THROW(parse_payload_mapping(R"({"colums": {}})", "m.json"), UsageError);
    EXPECT_THROW(parse_payload_mapping(R"({"columns": {"/a~2": "A"}})", "m.json"), UsageError);
    try {
        parse_payload_mapping(R"({"colums": {}})", "m.json");
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("m.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("colums"), std::string::npos);
    }
}

}  // namespace
}  // namespace twinbench
