// Fuzz target: the condition rule language. The input is a rule typed by the engineer,
// evaluated on a small fixed table (numeric, categorical, boolean and timestamp columns
// with roles, a time axis across the Berlin spring DST change) and on a table without
// a time axis. UsageError (a twinbench::Error) is the expected answer to a bad rule.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "data/condition.h"
#include "fuzz_common.h"

namespace {

using twinbench::Column;
using twinbench::ColumnType;
using twinbench::Role;
using twinbench::Table;

Column numeric(std::string name, Role role, std::string unit = {}) {
    Column c;
    c.name = c.header = std::move(name);
    c.role = role;
    c.unit = std::move(unit);
    return c;
}

Column categorical(std::string name, Role role, std::vector<std::string> levels) {
    Column c = numeric(std::move(name), role);
    c.type = ColumnType::categorical;
    c.levels = std::move(levels);
    return c;
}

// 240 rows at 15-min steps from 2026-03-28 12:00 UTC (over the spring DST change).
Table make_table(bool with_time) {
    Table t;
    t.name = "historian";
    const std::size_t n = 240;
    const double t0 = 1774699200.0;  // 2026-03-28T12:00:00Z
    Column hum = numeric("Humidity", Role::humidity, "%");
    Column temp = numeric("Furnace temperature", Role::furnace_temp, "°C");
    Column sp = numeric("Setpoint", Role::setpoint, "°C");
    Column speed = numeric("Line speed", Role::speed, "m/min");
    Column mat = categorical("Material", Role::material, {"A", "B", "C"});
    Column state = categorical("State", Role::state, {"running", "maintenance", "stopped", "cleaning"});
    Column prod = numeric("Produced", Role::produced, "count");
    Column alarm = numeric("Alarm", Role::none);
    alarm.type = ColumnType::boolean;
    Column batch_start = numeric("Batch start", Role::none);
    batch_start.type = ColumnType::timestamp;
    Column zone = numeric("Ofentemperatur Zone ä", Role::factor, "°C");
    for (std::size_t i = 0; i < n; ++i) {
        const double time = t0 + 900.0 * static_cast<double>(i);
        if (with_time) t.time_s.push_back(time);
        hum.values.push_back(i % 17 == 5 ? twinbench::missing_value : static_cast<double>(i % 100));
        temp.values.push_back(170.0 + static_cast<double>(i % 30));
        sp.values.push_back(185.0);
        speed.values.push_back(i % 50 == 0 ? -0.0 : 12.5 + static_cast<double>(i % 7));
        mat.codes.push_back(i % 23 == 0 ? twinbench::missing_code : static_cast<std::int32_t>((i / 20) % 3));
        const std::int32_t s = (i >= 60 && i < 75) ? 1 : (i >= 100 && i < 104) ? 2 : (i == 150) ? 3 : 0;
        state.codes.push_back(s);
        prod.values.push_back(s != 0 || (i >= 200 && i < 205) ? 0.0 : 10.0);
        alarm.values.push_back(i >= 10 && i < 14 ? 1.0 : i == 30 ? twinbench::missing_value : 0.0);
        batch_start.values.push_back(time - 900.0 * static_cast<double>(i % 20));
        zone.values.push_back(i == 7 ? std::numeric_limits<double>::infinity() : 300.0 + static_cast<double>(i % 11));
    }
    for (auto* c : {&hum, &temp, &sp, &speed, &mat, &state, &prod, &alarm, &batch_start, &zone})
        t.columns.push_back(std::move(*c));
    return t;
}

void check(const Table& table, const twinbench::RowMask& mask) {
    const std::size_t rows = table.row_count();
    TWINBENCH_FUZZ_CHECK(mask.rows.size() == rows);
    std::size_t in_ranges = 0;
    std::size_t previous_end = 0;
    bool first = true;
    for (const auto& range : mask.ranges) {
        TWINBENCH_FUZZ_CHECK(range.first_row <= range.last_row);
        TWINBENCH_FUZZ_CHECK(range.last_row < rows);
        TWINBENCH_FUZZ_CHECK(first || range.first_row > previous_end);
        for (std::size_t r = range.first_row; r <= range.last_row; ++r) TWINBENCH_FUZZ_CHECK(mask.rows[r] != 0);
        if (table.has_time()) {
            TWINBENCH_FUZZ_CHECK(range.start_s == table.time_s[range.first_row]);
            TWINBENCH_FUZZ_CHECK(range.end_s == table.time_s[range.last_row]);
        } else {
            TWINBENCH_FUZZ_CHECK(std::isnan(range.start_s) && std::isnan(range.end_s));
        }
        in_ranges += range.last_row - range.first_row + 1;
        previous_end = range.last_row;
        first = false;
    }
    TWINBENCH_FUZZ_CHECK(in_ranges == mask.count());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Table timed = make_table(true);
    static const Table untimed = make_table(false);
    if (size > 4096) return 0;  // rules are typed by hand
    const std::string rule(reinterpret_cast<const char*>(data), size);

    const twinbench::ConditionContext contexts[] = {{"", "Europe/Berlin"}, {"cleaning", ""}};
    for (const auto& context : contexts) {
        for (const Table* table : {&timed, &untimed}) {
            try {
                check(*table, twinbench::evaluate_condition(*table, rule, context));
            } catch (const twinbench::Error&) {
                // a rule that does not parse or names an unknown column: expected
            }
        }
    }
    return 0;
}
