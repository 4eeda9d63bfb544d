#include "data/condition.h"

#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <date/date.h>
#include <gtest/gtest.h>

#include "common/error.h"

namespace twinbench {
namespace {

double utc(date::sys_days day, int hour = 0, int minute = 0) {
    return static_cast<double>(
               std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count()) +
           hour * 3600.0 + minute * 60.0;
}

Column numeric(std::string name, Role role, std::string unit = {}) {
    Column c;
    c.name = c.header = std::move(name);
    c.role = role;
    c.unit = std::move(unit);
    return c;
}

Column categorical(std::string name, Role role, std::vector<std::string> levels) {
    Column c;
    c.name = c.header = std::move(name);
    c.role = role;
    c.type = ColumnType::categorical;
    c.levels = std::move(levels);
    return c;
}

// Two days at 1-min steps from 2026-03-28 00:00 UTC (2880 rows):
//   Humidity = row % 100 (rows 5 and 75 missing)       -> "> 70": 820 rows
//   Furnace temperature = 170 + row % 30               -> ">= 180": 1920 rows
//   Setpoint = 185
//   Material = A/B/C by blocks of 100 rows, C in 9 blocks -> 900 rows
//   State = running but maintenance [600, 660), stopped [1000, 1030)
//   Produced = 10, but 0 where not running and in [2000, 2010)
//   Alarm (boolean) = 1 on rows [100, 110)
Table line_table() {
    Table t;
    t.name = "historian";
    const std::size_t n = 2880;
    const double t0 = utc(date::sys_days{date::year{2026} / 3 / 28});
    Column hum = numeric("Humidity", Role::humidity, "%");
    Column temp = numeric("Furnace temperature", Role::furnace_temp, "°C");
    Column sp = numeric("Setpoint", Role::setpoint, "°C");
    Column mat = categorical("Material", Role::material, {"A", "B", "C"});
    Column state = categorical("State", Role::state, {"running", "maintenance", "stopped"});
    Column prod = numeric("Produced", Role::produced, "count");
    Column alarm = numeric("Alarm", Role::none);
    alarm.type = ColumnType::boolean;
    for (std::size_t i = 0; i < n; ++i) {
        t.time_s.push_back(t0 + 60.0 * static_cast<double>(i));
        hum.values.push_back(i == 5 || i == 75 ? missing_value : static_cast<double>(i % 100));
        temp.values.push_back(170.0 + static_cast<double>(i % 30));
        sp.values.push_back(185.0);
        mat.codes.push_back(static_cast<std::int32_t>((i / 100) % 3));
        const std::int32_t s = (i >= 600 && i < 660) ? 1 : (i >= 1000 && i < 1030) ? 2 : 0;
        state.codes.push_back(s);
        prod.values.push_back(s != 0 || (i >= 2000 && i < 2010) ? 0.0 : 10.0);
        alarm.values.push_back(i >= 100 && i < 110 ? 1.0 : 0.0);
    }
    for (auto* c : {&hum, &temp, &sp, &mat, &state, &prod, &alarm})
        t.columns.push_back(std::move(*c));
    return t;
}

std::size_t count(const Table& t, const std::string& rule, const ConditionContext& ctx = {}) {
    return evaluate_condition(t, rule, ctx).count();
}

std::string error_of(const Table& t, const std::string& rule, const ConditionContext& ctx = {}) {
    try {
        evaluate_condition(t, rule, ctx);
    } catch (const UsageError& e) {
        EXPECT_EQ(e.code(), ExitCode::usage);
        return e.what();
    }
    return "no error";
}

TEST(Condition, NumericComparisons) {
    const Table t = line_table();
    EXPECT_EQ(count(t, "humidity > 70"), 820u);
    EXPECT_EQ(count(t, "Humidity>70"), 820u);
    EXPECT_EQ(count(t, "humidity > 70 %"), 820u);  // the column's unit may follow
    EXPECT_EQ(count(t, "70 < humidity"), 820u);
    EXPECT_EQ(count(t, "humidity <= 70"), 2878u - 820u);
    EXPECT_EQ(count(t, "humidity == 3"), 29u);  // rows 3, 103, ..., 2803
    EXPECT_EQ(count(t, "humidity != 3"), 2878u - 29u);
    EXPECT_EQ(count(t, "humidity > -1e3"), 2878u);
}

TEST(Condition, ColumnNamesWithSpacesQuotesAndRoles) {
    const Table t = line_table();
    for (const char* rule :
         {"Furnace temperature >= 180", "`Furnace temperature` >= 180",
          "\"Furnace temperature\" >= 180", "furnace_temp >= 180", "furnace temp >= 180",
          "FURNACE TEMPERATURE >= 180 °C", "180 <= Furnace temperature"})
        EXPECT_EQ(count(t, rule), 1920u) << rule;
    EXPECT_EQ(count(t, "furnace_temp > setpoint"), 96u * 14u);  // row % 30 in 16..29
}

TEST(Condition, CategoricalValues) {
    const Table t = line_table();
    EXPECT_EQ(count(t, "material == \"C\""), 900u);
    EXPECT_EQ(count(t, "material == C"), 900u);
    EXPECT_EQ(count(t, "material = 'c'"), 900u);
    EXPECT_EQ(count(t, "material != C"), 2880u - 900u);
    EXPECT_EQ(count(t, "state == maintenance"), 60u);
    // Stop words mean "not running" whatever the state values are called.
    EXPECT_EQ(count(t, "maintenance"), 100u);
}

TEST(Condition, RunningUsesStateAndProduced) {
    const Table t = line_table();
    // Most frequent state is "running"; rows with nothing produced do not run.
    EXPECT_EQ(default_running_label(t), "running");
    EXPECT_EQ(count(t, "running"), 2880u - 60u - 30u - 10u);
    EXPECT_EQ(count(t, "state == running"), 2880u - 90u);
    EXPECT_EQ(count(t, "not running"), 100u);
    EXPECT_EQ(count(t, "stopped"), 100u);
    EXPECT_EQ(count(t, "state == stopped"), 30u);
    const auto rows = running_rows(t, {});
    ASSERT_TRUE(rows.has_value());
    EXPECT_EQ((*rows)[2005], 0);
    EXPECT_EQ((*rows)[1999], 1);

    ConditionContext other;
    other.running_label = "Maintenance";
    EXPECT_THROW(count(t, "running", other), UsageError);
    other.running_label = "maintenance";
    EXPECT_EQ(count(t, "running", other), 0u);  // nothing is produced during maintenance

    Table numeric_state;
    numeric_state.time_s = {0, 60, 120, 180};
    Column s = numeric("Status", Role::state);
    s.values = {1, 1, 0, 1};
    numeric_state.columns.push_back(s);
    EXPECT_EQ(default_running_label(numeric_state), "1");
    EXPECT_EQ(count(numeric_state, "running"), 3u);
    EXPECT_EQ(count(numeric_state, "state == running"), 3u);
}

TEST(Condition, BooleanAndLogic) {
    const Table t = line_table();
    EXPECT_EQ(count(t, "Alarm"), 10u);
    EXPECT_EQ(count(t, "not Alarm"), 2870u);
    // 'and' binds tighter than 'or'.
    std::size_t expected = 0, grouped = 0;
    for (std::size_t i = 0; i < 2880; ++i) {
        const auto block = (i / 100) % 3;
        const bool humid = i != 5 && i != 75 && i % 100 > 70;
        expected += block == 0 || (block == 1 && humid);
        grouped += (block == 0 || block == 1) && humid;
    }
    EXPECT_EQ(count(t, "material == A or material == B and humidity > 70"), expected);
    EXPECT_EQ(count(t, "material == A || (material == B && humidity > 70)"), expected);
    EXPECT_EQ(count(t, "(material == A or material == B) and humidity > 70"), grouped);
}

TEST(Condition, MissingIsUnknownNotFalse) {
    const Table t = line_table();
    // Rows 5 and 75 have no humidity: neither the rule nor its negation selects them.
    EXPECT_EQ(count(t, "not (humidity > 70)"), 2878u - 820u);
    EXPECT_EQ(count(t, "humidity > 70 or not (humidity > 70)"), 2878u);
    EXPECT_EQ(count(t, "humidity > 70 or Alarm"), 830u);
    const RowMask m = evaluate_condition(t, "!(humidity > 70)", {});
    EXPECT_EQ(m.rows[75], 0);
    EXPECT_EQ(m.rows[5], 0);
}

TEST(Condition, RangesAreContiguousStretches) {
    const Table t = line_table();
    const RowMask m = evaluate_condition(t, "state == maintenance", {});
    ASSERT_EQ(m.ranges.size(), 1u);
    EXPECT_EQ(m.ranges[0].first_row, 600u);
    EXPECT_EQ(m.ranges[0].last_row, 659u);
    EXPECT_DOUBLE_EQ(m.ranges[0].start_s, t.time_s[600]);
    EXPECT_DOUBLE_EQ(m.ranges[0].end_s, t.time_s[659]);
    EXPECT_EQ(evaluate_condition(t, "material == C", {}).ranges.size(), 9u);
}

TEST(Condition, WithinAfterMaintenance) {
    const Table t = line_table();
    // Not-running stretches end at rows 660, 1030 and 2010. 8 h = 480 rows after each,
    // whatever happens meanwhile: [660, 1510) and [2010, 2490).
    const RowMask m = evaluate_condition(t, "within 8h after maintenance", {});
    EXPECT_EQ(m.count(), 850u + 480u);
    ASSERT_EQ(m.ranges.size(), 2u);
    EXPECT_EQ(m.ranges[0].first_row, 660u);
    EXPECT_EQ(m.ranges[0].last_row, 1509u);
    EXPECT_EQ(m.ranges[1].first_row, 2010u);
    EXPECT_EQ(m.ranges[1].last_row, 2489u);
    EXPECT_EQ(count(t, "within 8 hours after stop"), 1330u);
    EXPECT_EQ(count(t, "within 480min after maintenance"), 1330u);

    // Only the stretch labelled maintenance: [660, 1140).
    EXPECT_EQ(count(t, "within 8h after (state == maintenance)"), 480u);
    // 'first' stops when the line stops again at row 1000: [660, 1000) + 480 + 480.
    EXPECT_EQ(count(t, "first 8h after maintenance"), 340u + 480u + 480u);
    // Before each stretch start (600, 1000, 2000).
    EXPECT_EQ(count(t, "within 1h before maintenance"), 180u);
    EXPECT_EQ(count(t, "last 30 min before stopped"), 90u);
    EXPECT_EQ(count(t, "last 30 min before (state == stopped)"), 30u);
    EXPECT_EQ(count(t, "within 8h after maintenance and humidity > 70"),
              count(t, "humidity > 70 and within 8h after maintenance"));
}

Table hourly_table(double t0, std::size_t n) {
    Table t;
    t.name = "hourly";
    Column v = numeric("Value", Role::factor);
    for (std::size_t i = 0; i < n; ++i) {
        t.time_s.push_back(t0 + 3600.0 * static_cast<double>(i));
        v.values.push_back(static_cast<double>(i));
    }
    t.columns.push_back(v);
    return t;
}

std::vector<std::size_t> true_rows(const RowMask& m) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m.rows.size(); ++i)
        if (m.rows[i]) out.push_back(i);
    return out;
}

TEST(Condition, TimeOfDayAcrossDstChange) {
    // 2026-03-28/29 hourly in UTC; Berlin is UTC+1 until 2026-03-29 01:00 UTC, then UTC+2.
    const Table t = hourly_table(utc(date::sys_days{date::year{2026} / 3 / 28}), 48);
    ConditionContext berlin;
    berlin.time_zone = "Europe/Berlin";
    // Local 06:00-14:00 is 05:00-13:00 UTC on the 28th and 04:00-12:00 UTC on the 29th.
    const std::vector<std::size_t> day{5, 6, 7, 8, 9, 10, 11, 12, 28, 29, 30, 31, 32, 33, 34, 35};
    EXPECT_EQ(true_rows(evaluate_condition(t, "between 06:00 and 14:00", berlin)), day);
    // Over midnight: local 22:00-06:00.
    const std::vector<std::size_t> night{0, 1, 2, 3, 4, 21, 22, 23, 24, 25, 26, 27, 44, 45, 46, 47};
    EXPECT_EQ(true_rows(evaluate_condition(t, "between 22:00 and 6:00", berlin)), night);
    // Without a zone the clock is UTC.
    EXPECT_EQ(count(t, "between 06:00 and 14:00"), 16u);
    EXPECT_EQ(count(t, "between 00:00 and 24:00"), 48u);
}

TEST(Condition, TimeOfDayBeforeEpochAndBetweenSeconds) {
    // Hourly from 1969-12-31 20:00:00.5 UTC: negative times must round the day down, and the
    // half second must count (20:00:00.5 is in [20:00:00, 20:00:01), 20:00:01 is past it).
    const Table t = hourly_table(utc(date::sys_days{date::year{1969} / 12 / 31}, 20) + 0.5, 8);
    EXPECT_EQ(true_rows(evaluate_condition(t, "between 20:00 and 20:00:01", {})),
              std::vector<std::size_t>{0});
    EXPECT_EQ(true_rows(evaluate_condition(t, "between 23:00 and 01:00", {})),
              (std::vector<std::size_t>{3, 4}));
    ConditionContext new_york;  // UTC-5 in winter: 20:00 UTC is 15:00 local
    new_york.time_zone = "America/New_York";
    EXPECT_EQ(true_rows(evaluate_condition(t, "between 15:00 and 15:00:01", new_york)),
              std::vector<std::size_t>{0});
}

TEST(Condition, Errors) {
    const Table t = line_table();
    EXPECT_EQ(error_of(t, "humidty > 70"),
              "condition 'humidty > 70': unknown column 'humidty' at 1; did you mean 'humidity'?");
    EXPECT_EQ(error_of(t, "Furnace temprature >= 180"),
              "condition 'Furnace temprature >= 180': unknown column 'Furnace temprature' at 1; "
              "did you mean 'Furnace temperature'?");
    EXPECT_EQ(error_of(t, "humidity > "),
              "condition 'humidity > ': expected a value after '>' at 12 (end of the rule)");
    EXPECT_EQ(error_of(t, "(humidity > 70"),
              "condition '(humidity > 70': expected ')' to close the '(' opened at 1, found 'end' "
              "at 15 (end of the rule)");
    EXPECT_EQ(error_of(t, "humidity > 70 and"),
              "condition 'humidity > 70 and': expected a condition at 18 (end of the rule)");
    EXPECT_EQ(
        error_of(t, "humidity > 70 80"),
        "condition 'humidity > 70 80': unexpected '80'; expected 'and', 'or' or the end at 15");
    EXPECT_EQ(error_of(t, "material == D"),
              "condition 'material == D': column 'Material' has no value 'D' at 13; its values are "
              "A, B, C");
    EXPECT_EQ(error_of(t, "state == runing"),
              "condition 'state == runing': column 'State' has no value 'runing' at 10; did you "
              "mean 'running'?");
    EXPECT_EQ(error_of(t, "material > A"),
              "condition 'material > A': column 'Material' holds text values; only == and != "
              "compare it at 10");
    EXPECT_EQ(error_of(t, "humidity"),
              "condition 'humidity': expected a comparison (>, >=, <, <=, ==, !=) after 'Humidity' "
              "at 9 (end of the rule)");
    EXPECT_EQ(error_of(t, "speed > 1"),
              "condition 'speed > 1': no column has the role 'speed' at 1");
    EXPECT_EQ(error_of(t, "humidity > \"wet"),
              "condition 'humidity > \"wet': unclosed quote \" at 12");
    EXPECT_EQ(error_of(t, "humidity > 70 & running"),
              "condition 'humidity > 70 & running': unexpected '&'; expected '&&' at 15");
    EXPECT_EQ(error_of(t, "humidity > dry"),
              "condition 'humidity > dry': unknown column 'dry' at 12; the names it knows are 'Humidity', "
              "'Furnace temperature', 'furnace_temp', 'Setpoint', 'Material', 'State', 'Produced', 'Alarm'");
    EXPECT_EQ(error_of(t, "within 8 parsecs after maintenance"),
              "condition 'within 8 parsecs after maintenance': unknown time unit 'parsecs'; "
              "expected s, min, h, d or w at 10");
    EXPECT_EQ(
        error_of(t, "within 8h maintenance"),
        "condition 'within 8h maintenance': expected 'after' or 'before' after the duration at 11");
    EXPECT_EQ(error_of(t, "within 8h after lunch"),
              "condition 'within 8h after lunch': expected 'maintenance', 'stop', a state value or "
              "a condition in "
              "parentheses after 'after' at 17");
    EXPECT_EQ(error_of(t, "between 06:00 and 25:00"),
              "condition 'between 06:00 and 25:00': '25:00' is not a time of day (HH:MM or "
              "HH:MM:SS) at 19");
    EXPECT_EQ(error_of(t, ""), "condition '': the rule is empty at 1 (end of the rule)");
    EXPECT_EQ(error_of(t, "humidity > 70 # note"),
              "condition 'humidity > 70 # note': unexpected character '#' at 15");

    ConditionContext mars;
    mars.time_zone = "Mars/Olympus_Mons";
    EXPECT_EQ(error_of(t, "between 06:00 and 14:00", mars),
              "condition 'between 06:00 and 14:00': unknown time zone 'Mars/Olympus_Mons'");

    Table no_time;
    no_time.name = "items";
    Column f = numeric("Thickness", Role::factor);
    f.values = {1, 2, 3};
    no_time.columns.push_back(f);
    EXPECT_EQ(error_of(no_time, "within 8h after maintenance"),
              "condition 'within 8h after maintenance': 'within' needs a time axis, and table "
              "'items' has none at 1");
    EXPECT_EQ(error_of(no_time, "running"),
              "condition 'running': 'running' needs a column with the role state or produced at 1");
    EXPECT_EQ(count(no_time, "Thickness >= 2"), 2u);
    const RowMask m = evaluate_condition(no_time, "Thickness >= 2", {});
    ASSERT_EQ(m.ranges.size(), 1u);
    EXPECT_EQ(m.ranges[0].first_row, 1u);
    EXPECT_TRUE(std::isnan(m.ranges[0].start_s));
}

TEST(Condition, OtherStateValuesAndNonAsciiNames) {
    Table t = line_table();
    t.columns[4].levels[2] = "Reinigung";  // the 30 "stopped" rows
    EXPECT_EQ(count(t, "Reinigung"), 30u);
    EXPECT_EQ(count(t, "within 1h after Reinigung"), 60u);  // rows [1030, 1090)
    EXPECT_EQ(error_of(t, "runing"),
              "condition 'runing': unknown column 'runing' at 1; did you mean 'running'?");
    Column oven = numeric("Ofentemperatur Zone ä", Role::none, "°C");
    oven.values.assign(2880, 100.0);
    t.columns.push_back(oven);
    EXPECT_EQ(count(t, "Ofentemperatur Zone ä >= 100 °C"), 2880u);
    // Positions count characters, not bytes: 'ä' and '°' are one each.
    EXPECT_EQ(error_of(t, "Ofentemperatur Zone ä >= 100 °C x"),
              "condition 'Ofentemperatur Zone ä >= 100 °C x': unexpected 'x'; expected 'and', 'or' "
              "or the end at 33");
}

TEST(Condition, NamedConditionUsesItsRule) {
    const Table t = line_table();
    const Condition humid{"humid", "humidity > 70"};
    EXPECT_EQ(evaluate_condition(t, humid, {}).count(), 820u);
}

}  // namespace
}  // namespace twinbench
