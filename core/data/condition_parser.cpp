// The recursive-descent parser of condition rules (grammar in data/condition.h). Names are
// resolved against the table while parsing, so that an unknown column or value is reported
// at its position with a suggestion, before any row is evaluated.
#include "data/condition_parser.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

#include "common/error.h"

namespace twinbench::condition_detail {
namespace {

class Parser {
  public:
    Parser(const Table& table, const std::string& rule, const ConditionContext& context)
        : table_(table), rule_(rule), context_(context), tokens_(lex_rule(rule)) {}

    NodePtr parse() {
        if (tokens_.size() == 1) fail(0, "the rule is empty");
        NodePtr root = parse_or();
        if (peek().kind != Tok::end)
            fail(peek().pos, "unexpected '" + slice(peek()) + "'; expected 'and', 'or' or the end");
        return root;
    }

  private:
    const Table& table_;
    const std::string& rule_;
    const ConditionContext& context_;
    std::vector<Token> tokens_;
    std::size_t at_ = 0;

    [[noreturn]] void fail(std::size_t byte_pos, const std::string& what,
                           const std::string& hint = {}) const {
        fail_at(rule_, byte_pos, what, hint);
    }

    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(at_ + ahead, tokens_.size() - 1)];
    }
    const Token& next() { return tokens_[std::min(at_++, tokens_.size() - 1)]; }
    std::string slice(const Token& t) const {
        return t.kind == Tok::end ? "end" : rule_.substr(t.pos, t.end - t.pos);
    }
    bool keyword(const Token& t, std::string_view kw) const {
        return t.kind == Tok::word && lower(t.text) == kw;
    }
    static bool is_keyword(const Token& t) {
        if (t.kind != Tok::word) return false;
        const std::string w = lower(t.text);
        for (std::string_view kw :
             {"and", "or", "not", "within", "first", "last", "after", "before", "between"})
            if (w == kw) return true;
        return false;
    }

    NodePtr parse_or() {
        NodePtr left = parse_and();
        while (peek().kind == Tok::or_ || keyword(peek(), "or")) {
            next();
            left = make(Kind::or_, std::move(left), parse_and());
        }
        return left;
    }

    NodePtr parse_and() {
        NodePtr left = parse_unary();
        while (peek().kind == Tok::and_ || keyword(peek(), "and")) {
            next();
            left = make(Kind::and_, std::move(left), parse_unary());
        }
        return left;
    }

    NodePtr parse_unary() {
        const Token& t = peek();
        if (t.kind == Tok::not_ || keyword(t, "not")) {
            next();
            return make(Kind::not_, parse_unary());
        }
        if (t.kind == Tok::lparen) return parse_group("'('");
        if (t.kind == Tok::end) fail(t.pos, "expected a condition");
        return parse_clause();
    }

    NodePtr parse_group(const std::string& after) {
        const Token& open = next();
        if (open.kind != Tok::lparen) fail(open.pos, "expected '(' after " + after);
        if (peek().kind == Tok::rparen)
            fail(peek().pos, "expected a condition inside the parentheses");
        NodePtr inner = parse_or();
        if (peek().kind != Tok::rparen)
            fail(peek().pos, "expected ')' to close the '(' opened at " +
                                 std::to_string(char_pos(rule_, open.pos)) + ", found '" +
                                 slice(peek()) + "'");
        next();
        return inner;
    }

    // --- operands -------------------------------------------------------------------

    enum class OpKind { column, number, text, word };
    struct Operand {
        OpKind kind = OpKind::word;
        const Column* col = nullptr;
        double number = 0.0;
        std::string text;
        std::size_t pos = 0;
    };

    // The generic roles (control, disturbance, output) are held by many columns of
    // equal standing: their names never stand for one column in a rule.
    static bool names_a_column(Role r) {
        return r != Role::none && r != Role::control && r != Role::disturbance && r != Role::output;
    }

    const Column* resolve(std::string_view name) const {
        if (const Column* c = table_.find(name)) return c;
        const std::string key = normalize(name);
        for (const auto& c : table_.columns)
            if (normalize(c.name) == key || normalize(c.header) == key) return &c;
        for (Role r : all_roles)
            if (names_a_column(r) && normalize(role_name(r)) == key) return table_.find_role(r);
        return nullptr;
    }

    std::vector<std::string> column_candidates() const {
        std::vector<std::string> out;
        for (const auto& c : table_.columns) {
            out.push_back(c.name);
            if (names_a_column(c.role) && c.role != Role::factor) out.emplace_back(role_name(c.role));
        }
        return out;
    }

    [[noreturn]] void unknown_column(const std::string& name, std::size_t pos) const {
        const std::string key = normalize(name);
        for (Role r : all_roles)
            if (names_a_column(r) && normalize(role_name(r)) == key)
                fail(pos, "no column has the role '" + std::string(role_name(r)) + "'");
        fail(pos, "unknown column '" + name + "'", suggest_or_list(name, column_candidates()));
    }

    Operand parse_operand() {
        const Token& t = peek();
        Operand op;
        op.pos = t.pos;
        if (t.kind == Tok::minus || t.kind == Tok::number) {
            const bool negative = t.kind == Tok::minus;
            if (negative) next();
            const Token& num = next();
            if (num.kind != Tok::number) fail(num.pos, "expected a number after '-'");
            op.kind = OpKind::number;
            op.number = parse_number(num) * (negative ? -1.0 : 1.0);
            op.text = rule_.substr(op.pos, num.end - op.pos);
            return op;
        }
        if (t.kind == Tok::column) {
            next();
            op.kind = OpKind::column;
            op.text = slice(t);
            op.col = resolve(t.text);
            if (!op.col) unknown_column(t.text, t.pos);
            return op;
        }
        if (t.kind == Tok::text) {
            next();
            op.kind = OpKind::text;
            op.text = t.text;
            op.col = resolve(t.text);  // a quoted name may be a column too; the comparison decides
            return op;
        }
        if (t.kind != Tok::word)
            fail(t.pos, "expected a column, a number or a quoted value, found '" + slice(t) + "'");
        // Names may contain spaces without quotes ("Furnace temperature >= 180"): take the
        // longest run of words that names a column.
        std::size_t words = 0;
        while (peek(words).kind == Tok::word || (words > 0 && peek(words).kind == Tok::number))
            ++words;
        for (std::size_t k = words; k >= 1; --k) {
            const std::string name = rule_.substr(t.pos, peek(k - 1).end - t.pos);
            if (const Column* c = resolve(name)) {
                at_ += k;
                op.kind = OpKind::column;
                op.col = c;
                op.text = name;
                return op;
            }
        }
        std::size_t k = 1;
        while (k < words && !is_keyword(peek(k))) ++k;
        op.kind = OpKind::word;
        op.text = rule_.substr(t.pos, peek(k - 1).end - t.pos);
        at_ += k;
        return op;
    }

    double parse_number(const Token& t) const {
        double v = 0.0;
        const char* first = t.text.data();
        const auto [ptr, ec] = std::from_chars(first, first + t.text.size(), v);
        if (ec != std::errc{} || ptr != first + t.text.size())
            fail(t.pos, "'" + t.text + "' is not a number");
        return v;
    }

    // --- clauses ----------------------------------------------------------------------

    NodePtr parse_clause() {
        const Token& t = peek();
        const bool special = keyword(t, "within") || keyword(t, "first") || keyword(t, "last") ||
                             keyword(t, "between");
        if (special) {
            // A column whose name starts with the keyword ("first pass yield") still wins.
            const std::size_t save = at_;
            Operand probe = parse_operand();
            at_ = save;
            if (probe.kind != OpKind::column)
                return keyword(t, "between") ? parse_time_of_day() : parse_relative();
        }
        Operand left = parse_operand();
        if (peek().kind == Tok::cmp) return parse_comparison(std::move(left));
        return bare(left);
    }

    // Words for "the line does not run", whatever the plant calls its stop states; one
    // particular state value is picked with 'state == value'.
    static bool is_stop_word(const std::string& w) {
        for (std::string_view s :
             {"maintenance", "stop", "stops", "stopped", "downtime", "standstill"})
            if (w == s) return true;
        return false;
    }

    NodePtr bare(const Operand& op) {
        if (op.kind == OpKind::column || (op.kind == OpKind::text && op.col)) {
            if (op.col->type == ColumnType::boolean) {
                auto n = make(Kind::cmp_value);
                n->column = op.col;
                n->cmp = Cmp::ne;
                n->value = 0.0;
                return n;
            }
            fail(peek().pos,
                 "expected a comparison (>, >=, <, <=, ==, !=) after '" + op.col->name + "'");
        }
        if (op.kind == OpKind::word) {
            const std::string w = lower(op.text);
            if (w == "running") return running_node(op.pos);
            if (is_stop_word(w)) return make(Kind::not_, running_node(op.pos));
            if (auto label = state_label(op.text)) return label;
            std::vector<std::string> candidates = column_candidates();
            candidates.emplace_back("running");
            if (const Column* st = table_.find_role(Role::state);
                st && st->type == ColumnType::categorical)
                candidates.insert(candidates.end(), st->levels.begin(), st->levels.end());
            fail(op.pos, "unknown column '" + op.text + "'", suggest_or_list(op.text, candidates));
        }
        fail(op.pos, "expected a column before '" + op.text + "'");
    }

    // state == WORD for a word that is one of the state column's values, else null.
    NodePtr state_label(const std::string& word) const {
        const Column* st = table_.find_role(Role::state);
        if (!st || st->type != ColumnType::categorical) return nullptr;
        const auto code = find_level(*st, word);
        if (code < 0) return nullptr;
        auto n = make(Kind::cmp_label);
        n->column = st;
        n->code = code;
        return n;
    }

    static std::int32_t find_level(const Column& c, std::string_view label) {
        for (std::size_t i = 0; i < c.levels.size(); ++i)
            if (c.levels[i] == label) return static_cast<std::int32_t>(i);
        const std::string key = lower(label);
        for (std::size_t i = 0; i < c.levels.size(); ++i)
            if (lower(c.levels[i]) == key) return static_cast<std::int32_t>(i);
        return -1;
    }

    NodePtr running_node(std::size_t pos) const {
        if (!table_.find_role(Role::state) && !table_.find_role(Role::produced))
            fail(pos, "'running' needs a column with the role state or produced");
        return make(Kind::running);
    }

    NodePtr parse_comparison(Operand left) {
        const Token& op_tok = next();
        const std::size_t op_pos = op_tok.pos;
        const std::string op_text = op_tok.text;
        if (peek().kind == Tok::end) fail(peek().pos, "expected a value after '" + op_text + "'");
        Operand right = parse_operand();
        Cmp cmp = op_text == "<"                         ? Cmp::lt
                  : op_text == "<="                      ? Cmp::le
                  : op_text == ">"                       ? Cmp::gt
                  : op_text == ">="                      ? Cmp::ge
                  : (op_text == "!=" || op_text == "<>") ? Cmp::ne
                                                         : Cmp::eq;
        if (op_text == "=<" || op_text == "=>" || op_text == "!")
            fail(op_pos, "unknown operator '" + op_text + "'; expected >, >=, <, <=, ==, !=");
        // The column goes left: "70 < humidity" reads as "humidity > 70".
        if (left.kind != OpKind::column && !(left.kind == OpKind::text && left.col) &&
            right.kind == OpKind::column) {
            std::swap(left, right);
            cmp = cmp == Cmp::lt   ? Cmp::gt
                  : cmp == Cmp::gt ? Cmp::lt
                  : cmp == Cmp::le ? Cmp::ge
                  : cmp == Cmp::ge ? Cmp::le
                                   : cmp;
        }
        if (left.kind == OpKind::text && left.col) left.kind = OpKind::column;
        if (left.kind == OpKind::word) unknown_column(left.text, left.pos);
        if (left.kind != OpKind::column)
            fail(left.pos, "expected a column before '" + op_text + "'");
        const Column& col = *left.col;
        if (col.type == ColumnType::timestamp)
            fail(left.pos,
                 "column '" + col.name + "' holds timestamps; use 'between' or 'within' for time");

        if (col.type == ColumnType::categorical) {
            if (cmp != Cmp::eq && cmp != Cmp::ne)
                fail(op_pos,
                     "column '" + col.name + "' holds text values; only == and != compare it");
            if (right.kind == OpKind::column && right.col->type != ColumnType::categorical)
                fail(right.pos, "cannot compare text column '" + col.name +
                                    "' with numeric column '" + right.col->name + "'");
            // A label that happens to also name a column is still a label here.
            const std::string label = right.text;
            std::int32_t code = find_level(col, label);
            if (code < 0 && col.role == Role::state && lower(label) == "running")
                code = find_level(col, running_label());
            if (code < 0) {
                std::string values;
                for (std::size_t i = 0; i < col.levels.size() && i < 8; ++i)
                    values += (i ? ", " : "") + col.levels[i];
                fail(right.pos, "column '" + col.name + "' has no value '" + label + "'",
                     suggest(label, col.levels).empty() ? "its values are " + values
                                                        : suggest(label, col.levels));
            }
            auto n = make(Kind::cmp_label);
            n->column = &col;
            n->code = code;
            return cmp == Cmp::ne ? make(Kind::not_, std::move(n)) : std::move(n);
        }

        auto n = make(Kind::cmp_value);
        n->column = &col;
        n->cmp = cmp;
        if (right.kind == OpKind::text && right.col) right.kind = OpKind::column;
        if (right.kind == OpKind::column) {
            if (right.col->type == ColumnType::categorical ||
                right.col->type == ColumnType::timestamp)
                fail(right.pos, "cannot compare numeric column '" + col.name + "' with column '" +
                                    right.col->name + "'");
            n->kind = Kind::cmp_columns;
            n->other = right.col;
            return n;
        }
        if (right.kind == OpKind::number) {
            n->value = right.number;
            // A unit after the number is fine when it is the column's ("humidity > 70 %").
            const Token& unit = peek();
            if (unit.kind == Tok::word && !is_keyword(unit)) {
                const std::string own = col.unit.empty() ? std::string(role_default_unit(col.role)) : col.unit;
                if (lower(unit.text) == lower(col.unit) || lower(unit.text) == lower(role_default_unit(col.role))) {
                    next();
                } else if (own.empty()) {
                    fail(unit.pos, "'" + unit.text + "' after the number: column '" + col.name + "' has no unit",
                         "compare it with the number alone, as its values are written");
                } else {
                    fail(unit.pos, "'" + unit.text + "' is not the unit of column '" + col.name + "'",
                         "its values are in " + own);
                }
            }
            return n;
        }
        const std::string w = lower(right.text);
        double v = 0.0;
        const auto [ptr, ec] =
            std::from_chars(right.text.data(), right.text.data() + right.text.size(), v);
        if (ec == std::errc{} && ptr == right.text.data() + right.text.size())
            n->value = v;
        else if (w == "true" || w == "false")
            n->value = w == "true" ? 1.0 : 0.0;
        else if (w == "running" && col.role == Role::state)
            n->value = parse_label_number(running_label(), right.pos);
        else if (right.kind == OpKind::word)
            unknown_column(right.text, right.pos);
        else
            fail(right.pos, "expected a number to compare with '" + col.name + "', found '" +
                                right.text + "'");
        return n;
    }

    double parse_label_number(const std::string& label, std::size_t pos) const {
        double v = 0.0;
        const auto [ptr, ec] = std::from_chars(label.data(), label.data() + label.size(), v);
        if (ec != std::errc{} || ptr != label.data() + label.size())
            fail(pos, "the running value '" + label + "' is not a number");
        return v;
    }

    std::string running_label() const {
        return context_.running_label.empty() ? default_running_label(table_)
                                              : context_.running_label;
    }

    double parse_duration(const std::string& after) {
        const Token& num = next();
        const std::string hint = "expected a duration such as 8h or 30 min after '" + after + "'";
        if (num.kind != Tok::number) fail(num.pos, hint);
        const double v = parse_number(num);
        const Token& unit = next();
        if (unit.kind != Tok::word) fail(unit.pos, hint);
        const std::string u = lower(unit.text);
        double scale = 0.0;
        if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds")
            scale = 1.0;
        else if (u == "m" || u == "min" || u == "mins" || u == "minute" || u == "minutes")
            scale = 60.0;
        else if (u == "h" || u == "hr" || u == "hrs" || u == "hour" || u == "hours")
            scale = 3600.0;
        else if (u == "d" || u == "day" || u == "days")
            scale = 86400.0;
        else if (u == "w" || u == "week" || u == "weeks")
            scale = 7 * 86400.0;
        else
            fail(unit.pos, "unknown time unit '" + unit.text + "'; expected s, min, h, d or w");
        if (!(v > 0.0)) fail(num.pos, "the duration must be positive");
        return v * scale;
    }

    void need_time(std::size_t pos, const std::string& what) const {
        if (!table_.has_time())
            fail(pos, "'" + what + "' needs a time axis, and table '" + table_.name + "' has none");
    }

    NodePtr parse_relative() {
        const Token& kw = next();
        const std::string word = lower(kw.text);
        need_time(kw.pos, word);
        const double duration = parse_duration(word);
        const Token& dir = next();
        const bool after = keyword(dir, "after");
        const bool before = keyword(dir, "before");
        if ((word == "within" && !after && !before) || (word == "first" && !after) ||
            (word == "last" && !before))
            fail(dir.pos, std::string("expected ") +
                              (word == "first"  ? "'after'"
                               : word == "last" ? "'before'"
                                                : "'after' or 'before'") +
                              " after the duration");
        Kind kind = word == "first"  ? Kind::first_after
                    : word == "last" ? Kind::last_before
                    : after          ? Kind::within_after
                                     : Kind::within_before;
        auto n = make(kind, parse_event(lower(dir.text)));
        n->value = duration;
        return n;
    }

    NodePtr parse_event(const std::string& after) {
        const Token& t = peek();
        if (t.kind == Tok::lparen) return parse_group("'" + after + "'");
        const std::string w = lower(t.text);
        if (t.kind == Tok::word) {
            if (is_stop_word(w)) {
                next();
                return make(Kind::not_, running_node(t.pos));
            }
            if (auto label = state_label(t.text)) {
                next();
                return label;
            }
        }
        fail(t.pos,
             "expected 'maintenance', 'stop', a state value or a condition in parentheses after '" +
                 after + "'");
    }

    double parse_clock(const Token& t) const {
        if (t.kind != Tok::time) fail(t.pos, "expected a time of day such as 06:00");
        int parts[3] = {0, 0, 0};
        int count = 0;
        std::size_t i = 0;
        while (i <= t.text.size() && count < 3) {
            const std::size_t j = std::min(t.text.find(':', i), t.text.size());
            const auto [ptr, ec] =
                std::from_chars(t.text.data() + i, t.text.data() + j, parts[count]);
            if (ec != std::errc{} || ptr != t.text.data() + j || j == i)
                fail(t.pos, "'" + t.text + "' is not a time of day");
            ++count;
            i = j + 1;
        }
        if (i <= t.text.size() || parts[0] > 24 || parts[1] > 59 || parts[2] > 59 ||
            (parts[0] == 24 && (parts[1] || parts[2])))
            fail(t.pos, "'" + t.text + "' is not a time of day (HH:MM or HH:MM:SS)");
        return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
    }

    NodePtr parse_time_of_day() {
        const Token& kw = next();
        need_time(kw.pos, "between");
        auto n = make(Kind::time_of_day);
        n->value = parse_clock(next());
        if (!keyword(peek(), "and"))
            fail(peek().pos, "expected 'and' between the two times of day");
        next();
        n->value2 = parse_clock(next());
        return n;
    }
};

}  // namespace

NodePtr make(Kind kind, NodePtr a, NodePtr b) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->a = std::move(a);
    n->b = std::move(b);
    return n;
}

NodePtr parse_rule(const Table& table, const std::string& rule, const ConditionContext& context) {
    return Parser(table, rule, context).parse();
}

std::size_t char_pos(const std::string& rule, std::size_t byte_pos) {
    std::size_t chars = 1;
    for (std::size_t i = 0; i < byte_pos && i < rule.size(); ++i)
        if ((static_cast<unsigned char>(rule[i]) & 0xC0) != 0x80) ++chars;
    return chars;
}

void fail_at(const std::string& rule, std::size_t byte_pos, const std::string& what,
             const std::string& hint) {
    std::string msg =
        "condition '" + rule + "': " + what + " at " + std::to_string(char_pos(rule, byte_pos));
    if (byte_pos >= rule.size()) msg += " (end of the rule)";
    if (!hint.empty()) msg += "; " + hint;
    throw UsageError(msg);
}

void fail_rule(const std::string& rule, const std::string& what) {
    throw UsageError("condition '" + rule + "': " + what);
}

}  // namespace twinbench::condition_detail
