// Evaluation of condition rules: the parsed tree (condition_parser.cpp) becomes one
// tri-state value per row, then a 0/1 mask and its time ranges.
#include "data/condition.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>

#include <date/date.h>
#include <date/tz.h>

#include "common/error.h"
#include "data/condition_parser.h"

namespace twinbench {
namespace {

using condition_detail::Cmp;
using condition_detail::Kind;
using condition_detail::Node;

// Tri-state truth: a missing cell makes a comparison unknown rather than false, so that
// 'not (humidity > 70)' does not select the rows where humidity is missing.
constexpr std::uint8_t F = 0, T = 1, U = 2;
using Tri = std::vector<std::uint8_t>;

class Evaluator {
  public:
    // The rule is only quoted in error messages.
    Evaluator(const Table& table, const ConditionContext& context, const std::string& rule)
        : table_(table), context_(context), rule_(rule), n_(table.row_count()) {}

    Tri eval(const Node& node) {
        switch (node.kind) {
            case Kind::and_:
                return combine(node, [](std::uint8_t x, std::uint8_t y) {
                    return x == F || y == F ? F : (x == T && y == T ? T : U);
                });
            case Kind::or_:
                return combine(node, [](std::uint8_t x, std::uint8_t y) {
                    return x == T || y == T ? T : (x == F && y == F ? F : U);
                });
            case Kind::not_: {
                Tri r = eval(*node.a);
                for (auto& v : r) v = v == U ? U : static_cast<std::uint8_t>(1 - v);
                return r;
            }
            case Kind::cmp_value:
                return compare(node, nullptr);
            case Kind::cmp_columns:
                return compare(node, node.other);
            case Kind::cmp_label: {
                Tri r(n_, U);
                for (std::size_t i = 0; i < n_; ++i) {
                    const auto code = node.column->codes[i];
                    if (code != missing_code) r[i] = code == node.code ? T : F;
                }
                return r;
            }
            case Kind::running:
                return running();
            case Kind::time_of_day:
                return time_of_day(node.value, node.value2);
            default:
                return relative(node);
        }
    }

    Tri running() {
        Tri r(n_, T);
        const Column* st = table_.find_role(Role::state);
        if (st) {
            const std::string label = context_.running_label.empty() ? default_running_label(table_)
                                                                     : context_.running_label;
            if (st->type == ColumnType::categorical) {
                std::int32_t code = -1;
                for (std::size_t i = 0; i < st->levels.size(); ++i)
                    if (st->levels[i] == label) code = static_cast<std::int32_t>(i);
                if (code < 0)
                    throw UsageError("the running value '" + label +
                                     "' is not a value of column '" + st->name + "'");
                for (std::size_t i = 0; i < n_; ++i)
                    r[i] = st->codes[i] == missing_code ? U : (st->codes[i] == code ? T : F);
            } else {
                double v = 0.0;
                const auto [ptr, ec] =
                    std::from_chars(label.data(), label.data() + label.size(), v);
                if (ec != std::errc{} || ptr != label.data() + label.size())
                    throw UsageError("the running value '" + label +
                                     "' is not a number, but column '" + st->name + "' is");
                for (std::size_t i = 0; i < n_; ++i)
                    r[i] = std::isnan(st->values[i]) ? U : (st->values[i] == v ? T : F);
            }
        }
        if (const Column* pr = table_.find_role(Role::produced);
            pr && pr->type != ColumnType::categorical) {
            for (std::size_t i = 0; i < n_; ++i) {
                const double p = pr->values[i];
                if (!std::isnan(p) && p <= 0.0)
                    r[i] = F;
                else if (std::isnan(p) && !st)
                    r[i] = U;
            }
        }
        return r;
    }

  private:
    const Table& table_;
    const ConditionContext& context_;
    const std::string& rule_;
    std::size_t n_;

    template <class F2>
    Tri combine(const Node& node, F2 op) {
        Tri x = eval(*node.a);
        const Tri y = eval(*node.b);
        for (std::size_t i = 0; i < n_; ++i) x[i] = op(x[i], y[i]);
        return x;
    }

    Tri compare(const Node& node, const Column* other) const {
        Tri r(n_, U);
        const auto& xs = node.column->values;
        for (std::size_t i = 0; i < n_; ++i) {
            const double x = xs[i];
            const double y = other ? other->values[i] : node.value;
            if (std::isnan(x) || std::isnan(y)) continue;
            bool ok = false;
            switch (node.cmp) {
                case Cmp::lt:
                    ok = x < y;
                    break;
                case Cmp::le:
                    ok = x <= y;
                    break;
                case Cmp::gt:
                    ok = x > y;
                    break;
                case Cmp::ge:
                    ok = x >= y;
                    break;
                case Cmp::eq:
                    ok = x == y;
                    break;
                case Cmp::ne:
                    ok = x != y;
                    break;
            }
            r[i] = ok ? T : F;
        }
        return r;
    }

    Tri time_of_day(double from, double to) const {
        const date::time_zone* zone = nullptr;
        const std::string name = context_.time_zone.empty() ? "UTC" : context_.time_zone;
        try {
            zone = date::locate_zone(name);
        } catch (const std::exception&) {
            condition_detail::fail_rule(rule_, "unknown time zone '" + name + "'");
        }
        Tri r(n_, U);
        // One zone lookup per DST period instead of per row.
        date::sys_info info{};
        bool have = false;
        for (std::size_t i = 0; i < n_; ++i) {
            const double t = table_.time_s[i];
            if (!std::isfinite(t)) continue;
            const double whole = std::floor(t);
            const date::sys_seconds st{std::chrono::seconds{static_cast<std::int64_t>(whole)}};
            if (!have || st < info.begin || st >= info.end) {
                info = zone->get_info(st);
                have = true;
            }
            const date::local_seconds local{st.time_since_epoch() + info.offset};
            const double sod =
                static_cast<double>((local - date::floor<date::days>(local)).count()) + (t - whole);
            const bool in = from <= to ? (sod >= from && sod < to) : (sod >= from || sod < to);
            r[i] = in ? T : F;
        }
        return r;
    }

    Tri relative(const Node& node) {
        const Tri event = eval(*node.a);
        const auto& t = table_.time_s;
        const double d = node.value;
        Tri r(n_, F);
        auto in = [&](std::size_t i) { return event[i] == T; };
        if (node.kind == Kind::within_after || node.kind == Kind::within_before) {
            // Ends (first row after a stretch) or starts (first row of a stretch), sorted so
            // that rows out of time order still find their nearest one.
            std::vector<double> marks;
            for (std::size_t i = 0; i < n_; ++i) {
                if (node.kind == Kind::within_after && i > 0 && in(i - 1) && !in(i))
                    marks.push_back(t[i]);
                if (node.kind == Kind::within_before && in(i) && (i == 0 || !in(i - 1)))
                    marks.push_back(t[i]);
            }
            std::erase_if(marks, [](double m) { return !std::isfinite(m); });
            std::sort(marks.begin(), marks.end());
            for (std::size_t i = 0; i < n_; ++i) {
                if (!std::isfinite(t[i])) {
                    r[i] = U;
                    continue;
                }
                if (node.kind == Kind::within_after) {
                    auto it = std::upper_bound(marks.begin(), marks.end(), t[i]);
                    if (it != marks.begin() && t[i] < *(it - 1) + d) r[i] = T;
                } else {
                    auto it = std::upper_bound(marks.begin(), marks.end(), t[i]);
                    if (it != marks.end() && t[i] >= *it - d) r[i] = T;
                }
            }
        } else if (node.kind == Kind::first_after) {
            double run_start = std::numeric_limits<double>::quiet_NaN();
            for (std::size_t i = 0; i < n_; ++i) {
                if (in(i)) {
                    run_start = std::numeric_limits<double>::quiet_NaN();
                    continue;
                }
                if (i > 0 && in(i - 1)) run_start = t[i];
                if (std::isfinite(run_start) && t[i] - run_start < d) r[i] = T;
            }
        } else {  // last_before
            double run_end = std::numeric_limits<double>::quiet_NaN();
            for (std::size_t i = n_; i-- > 0;) {
                if (in(i)) {
                    run_end = t[i];
                    continue;
                }
                if (std::isfinite(run_end) && t[i] < run_end && run_end - t[i] <= d) r[i] = T;
            }
        }
        return r;
    }
};

// Columns shorter than the time axis would be read past their end.
void check_shape(const Table& table) {
    const std::size_t n = table.row_count();
    for (const auto& c : table.columns)
        if (c.size() != n)
            throw UsageError("table '" + table.name + "': column '" + c.name + "' has " +
                             std::to_string(c.size()) + " rows, the table " + std::to_string(n));
}

}  // namespace

std::size_t RowMask::count() const {
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](std::uint8_t v) { return v != 0; }));
}

std::vector<TimeRange> mask_ranges(const Table& table, std::span<const std::uint8_t> mask) {
    std::vector<TimeRange> out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto time_of = [&](std::size_t i) { return i < table.time_s.size() ? table.time_s[i] : nan; };
    for (std::size_t i = 0; i < mask.size();) {
        if (!mask[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < mask.size() && mask[j + 1]) ++j;
        out.push_back(TimeRange{time_of(i), time_of(j), i, j});
        i = j + 1;
    }
    return out;
}

std::string default_running_label(const Table& table) {
    const Column* st = table.find_role(Role::state);
    if (!st) return {};
    if (st->type == ColumnType::categorical) {
        std::vector<std::size_t> counts(st->levels.size(), 0);
        for (auto code : st->codes)
            if (code != missing_code && static_cast<std::size_t>(code) < counts.size())
                ++counts[static_cast<std::size_t>(code)];
        if (counts.empty()) return {};
        const auto best = std::max_element(counts.begin(), counts.end());  // first level wins a tie
        return *best == 0 ? std::string{}
                          : st->levels[static_cast<std::size_t>(best - counts.begin())];
    }
    std::vector<double> v;
    for (double x : st->values)
        if (!std::isnan(x)) v.push_back(x);
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    double best = v[0];
    std::size_t best_n = 0;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j < v.size() && v[j] == v[i]) ++j;
        if (j - i > best_n) best_n = j - i, best = v[i];
        i = j;
    }
    char buf[32];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, best);
    return ec == std::errc{} ? std::string(buf, ptr) : std::string{};
}

std::optional<std::vector<std::uint8_t>> running_rows(const Table& table,
                                                      const ConditionContext& context) {
    if (!table.find_role(Role::state) && !table.find_role(Role::produced)) return std::nullopt;
    check_shape(table);
    const std::string rule = "running";
    Tri r = Evaluator(table, context, rule).running();
    for (auto& v : r) v = v == T ? 1 : 0;
    return r;
}

RowMask evaluate_condition(const Table& table, const std::string& rule,
                           const ConditionContext& context) {
    check_shape(table);
    const condition_detail::NodePtr root = condition_detail::parse_rule(table, rule, context);
    RowMask mask;
    mask.rows = Evaluator(table, context, rule).eval(*root);
    for (auto& v : mask.rows) v = v == T ? 1 : 0;
    mask.ranges = mask_ranges(table, mask.rows);
    return mask;
}

RowMask evaluate_condition(const Table& table, const Condition& condition,
                           const ConditionContext& context) {
    return evaluate_condition(table, condition.rule, context);
}

}  // namespace twinbench
