// Named conditions: time ranges of a table defined by a rule the engineer types, used to
// slice data for the audit, the fits and the charts ("only humid days", "the first 8 h
// after maintenance", "the early shift").
//
// Rule grammar (keywords are case-insensitive; the rule is parsed, never run as code):
//
//   rule       := or ( 'or' | '||' ) or ...  with 'and' / '&&' binding tighter
//   unary      := ( 'not' | '!' ) unary | '(' rule ')' | clause
//   clause     := operand CMP operand            humidity > 70, 180 <= `Furnace temp`,
//                                                furnace_temp > setpoint, material == "C"
//              | WORD                            running; maintenance / stop / stopped /
//                                                downtime (= not running); another state
//                                                value (cleaning); a boolean column (alarm)
//              | 'within' DURATION ('after'|'before') EVENT
//              | 'first' DURATION 'after' EVENT | 'last' DURATION 'before' EVENT
//              | 'between' HH:MM 'and' HH:MM     time of day in the context's zone
//   CMP        := > >= < <= == = != <>
//   operand    := number [unit] | "text" | 'text' | `column` | words (a column name, even
//                 with spaces, or a role name such as humidity / furnace_temp)
//   DURATION   := number unit, unit one of s, min, h, d, w (and their long forms)
//   EVENT      := maintenance | stop | stopped | downtime (a stretch where the line is not
//                 running, whatever the state column calls it) | another state value |
//                 '(' rule ')', e.g. (state == maintenance) for that one value only
//
// Semantics:
// - A missing cell makes its comparison unknown; unknown propagates like SQL NULL
//   (not unknown = unknown, false and unknown = false) and counts as false at the end.
// - The line runs on a row when the state column shows the running value and, if there is
//   a produced column, more than zero parts were produced (PRODUCT.md section 2).
// - 'within D after E': rows at times [t_end, t_end + D) where t_end is the first row after
//   each stretch of E, whatever happens meanwhile. 'first D after E': the same, but only
//   while the run that follows E lasts (ends early when E starts again).
//   'within D before E' and 'last D before E' mirror them before each stretch's start.
// - 'between A and B' is [A, B) in local wall-clock time; A > B wraps over midnight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench {

struct Condition {
    std::string name;  // "humid days"
    std::string rule;  // "humidity > 70"
};

struct ConditionContext {
    // State value meaning "running"; "" means the most frequent value of the state column.
    std::string running_label;
    // IANA zone for time-of-day clauses ("Europe/Berlin"); "" means UTC.
    std::string time_zone;
};

// A contiguous stretch of selected rows. Times are the UTC seconds of its first and last
// row (inclusive sample times, so a one-row stretch has start_s == end_s); both are NaN
// when the table has no time axis.
struct TimeRange {
    double start_s = 0.0;
    double end_s = 0.0;
    std::size_t first_row = 0;
    std::size_t last_row = 0;
};

struct RowMask {
    std::vector<std::uint8_t> rows;  // one per table row: 1 = the rule holds
    std::vector<TimeRange> ranges;   // the true stretches in row order

    std::size_t count() const;
};

// Parses and evaluates a rule. Throws UsageError for a rule that does not parse or names
// an unknown column, value or time zone: "condition 'RULE': what at POS" with POS the
// 1-based character position, plus "; did you mean 'x'?" when a name is close.
RowMask evaluate_condition(const Table& table, const std::string& rule,
                           const ConditionContext& context);
RowMask evaluate_condition(const Table& table, const Condition& condition,
                           const ConditionContext& context);

// The true stretches of a per-row mask (any non-zero byte counts as true).
std::vector<TimeRange> mask_ranges(const Table& table, std::span<const std::uint8_t> mask);

// Most frequent value of the state column ("" if the table has none or it is empty).
std::string default_running_label(const Table& table);

// 1 where the line runs (see above), 0 where it does not; nullopt when the table has
// neither a state nor a produced column, so running cannot be told.
std::optional<std::vector<std::uint8_t>> running_rows(const Table& table,
                                                      const ConditionContext& context);

}  // namespace twinbench
