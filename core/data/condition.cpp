#include "data/condition.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <string_view>

#include <date/tz.h>

#include "common/error.h"

namespace twinbench {
namespace {

// Tri-state truth: a missing cell makes a comparison unknown rather than false, so that
// 'not (humidity > 70)' does not select the rows where humidity is missing.
constexpr std::uint8_t F = 0, T = 1, U = 2;
using Tri = std::vector<std::uint8_t>;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "Furnace_Temp " and "furnace temp" name the same thing to a person typing a rule.
std::string normalize(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool space = c == '_' || std::isspace(static_cast<unsigned char>(c));
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// "; did you mean 'x'?" for the closest candidate, or "" when none is close enough to be
// a typo rather than a different name.
std::string suggest(std::string_view typed, const std::vector<std::string>& candidates) {
    const std::string key = normalize(typed);
    // One or two letters are too short to tell a typo from a different name ('D' vs 'A').
    const std::size_t limit = key.size() < 3 ? 0 : std::clamp<std::size_t>(key.size() / 3, 1, 4);
    std::size_t best = limit + 1, best_exact = 0;
    std::string best_name;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(key, normalize(c));
        // Ties go to the spelling closest to what was typed, case included.
        const std::size_t exact = edit_distance(typed, c);
        if (d < best || (d == best && exact < best_exact))
            best = d, best_exact = exact, best_name = c;
    }
    return best_name.empty() ? std::string{} : "did you mean '" + best_name + "'?";
}

bool is_word_char(unsigned char c) {
    return std::isalnum(c) || c == '_' || c >= 0x80;
}

enum class Tok {
    word,
    number,
    time,
    text,
    column,
    cmp,
    lparen,
    rparen,
    and_,
    or_,
    not_,
    minus,
    end
};

struct Token {
    Tok kind = Tok::end;
    std::string text;     // unquoted text for strings, the operator for cmp
    std::size_t pos = 0;  // byte offset in the rule
    std::size_t end = 0;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

enum class Kind {
    and_,
    or_,
    not_,
    cmp_value,
    cmp_columns,
    cmp_label,
    running,
    within_after,
    first_after,
    within_before,
    last_before,
    time_of_day
};
enum class Cmp { lt, le, gt, ge, eq, ne };

struct Node {
    Kind kind = Kind::running;
    NodePtr a, b;
    const Column* column = nullptr;
    const Column* other = nullptr;
    Cmp cmp = Cmp::eq;
    double value = 0.0;     // comparison constant, duration (s) or time of day start (s)
    double value2 = 0.0;    // time of day end (s)
    std::int32_t code = 0;  // categorical level
};

NodePtr make(Kind kind, NodePtr a = nullptr, NodePtr b = nullptr) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->a = std::move(a);
    n->b = std::move(b);
    return n;
}

class Parser {
  public:
    Parser(const Table& table, const std::string& rule, const ConditionContext& context)
        : table_(table), rule_(rule), context_(context) {
        lex();
    }

    NodePtr parse() {
        if (tokens_.size() == 1) fail(0, "the rule is empty");
        NodePtr root = parse_or();
        if (peek().kind != Tok::end)
            fail(peek().pos, "unexpected '" + slice(peek()) + "'; expected 'and', 'or' or the end");
        return root;
    }

    // For problems that belong to the whole rule rather than a spot in it.
    [[noreturn]] void fail_plain(const std::string& what) const {
        throw UsageError("condition '" + rule_ + "': " + what);
    }

    // 1-based character (not byte) position, so that "Temperatur Ofen ä" points right.
    std::size_t char_pos(std::size_t byte_pos) const {
        std::size_t chars = 1;
        for (std::size_t i = 0; i < byte_pos && i < rule_.size(); ++i)
            if ((static_cast<unsigned char>(rule_[i]) & 0xC0) != 0x80) ++chars;
        return chars;
    }

    [[noreturn]] void fail(std::size_t byte_pos, const std::string& what,
                           const std::string& hint = {}) const {
        std::string msg =
            "condition '" + rule_ + "': " + what + " at " + std::to_string(char_pos(byte_pos));
        if (byte_pos >= rule_.size()) msg += " (end of the rule)";
        if (!hint.empty()) msg += "; " + hint;
        throw UsageError(msg);
    }

  private:
    const Table& table_;
    const std::string& rule_;
    const ConditionContext& context_;
    std::vector<Token> tokens_;
    std::size_t at_ = 0;

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

    void lex() {
        const std::string& s = rule_;
        std::size_t i = 0;
        auto push = [&](Tok kind, std::size_t start, std::size_t stop, std::string text) {
            tokens_.push_back(Token{kind, std::move(text), start, stop});
        };
        while (i < s.size()) {
            const auto c = static_cast<unsigned char>(s[i]);
            const std::size_t start = i;
            if (std::isspace(c)) {
                ++i;
                continue;
            }
            if (std::isdigit(c) || (c == '.' && i + 1 < s.size() &&
                                    std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
                while (i < s.size() &&
                       (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
                    ++i;
                if (i + 1 < s.size() && s[i] == ':' &&
                    std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
                    while (i < s.size() &&
                           (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == ':'))
                        ++i;
                    push(Tok::time, start, i, s.substr(start, i - start));
                    continue;
                }
                if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
                    std::size_t j = i + 1;
                    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
                    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
                        i = j;
                        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
                    }
                }
                push(Tok::number, start, i, s.substr(start, i - start));
            } else if (is_word_char(c) || c == '%') {
                if (c == '%') {
                    ++i;
                } else {
                    // '.' and '-' may sit inside a name (T1.PV, Zone-2) but never start one.
                    while (i < s.size() && (is_word_char(static_cast<unsigned char>(s[i])) ||
                                            ((s[i] == '.' || s[i] == '-') && i + 1 < s.size() &&
                                             is_word_char(static_cast<unsigned char>(s[i + 1])))))
                        ++i;
                }
                push(Tok::word, start, i, s.substr(start, i - start));
            } else if (c == '"' || c == '\'' || c == '`') {
                std::string text;
                ++i;
                while (true) {
                    if (i >= s.size())
                        fail(start, "unclosed quote " + std::string(1, static_cast<char>(c)));
                    if (s[i] == static_cast<char>(c)) {
                        if (i + 1 < s.size() &&
                            s[i + 1] == static_cast<char>(c)) {  // doubled quote = literal
                            text += s[i];
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    text += s[i++];
                }
                push(c == '`' ? Tok::column : Tok::text, start, i, std::move(text));
            } else if (c == '(' || c == ')') {
                push(c == '(' ? Tok::lparen : Tok::rparen, start, ++i, {});
            } else if (c == '&' || c == '|') {
                if (i + 1 >= s.size() || s[i + 1] != static_cast<char>(c))
                    fail(start, std::string("unexpected '") + static_cast<char>(c) +
                                    "'; expected '" + std::string(2, static_cast<char>(c)) + "'");
                i += 2;
                push(c == '&' ? Tok::and_ : Tok::or_, start, i, {});
            } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                std::string op(1, static_cast<char>(c));
                ++i;
                if (i < s.size() && (s[i] == '=' || (c == '<' && s[i] == '>'))) op += s[i++];
                if (op == "!")
                    push(Tok::not_, start, i, op);
                else
                    push(Tok::cmp, start, i, op);
            } else if (c == '-') {
                push(Tok::minus, start, ++i, "-");
            } else {
                fail(start, "unexpected character '" + s.substr(start, 1) + "'");
            }
        }
        tokens_.push_back(Token{Tok::end, {}, s.size(), s.size()});
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
                                 std::to_string(char_pos(open.pos)) + ", found '" + slice(peek()) +
                                 "'");
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

    const Column* resolve(std::string_view name) const {
        if (const Column* c = table_.find(name)) return c;
        const std::string key = normalize(name);
        for (const auto& c : table_.columns)
            if (normalize(c.name) == key || normalize(c.header) == key) return &c;
        for (Role r : all_roles)
            if (r != Role::none && normalize(role_name(r)) == key) return table_.find_role(r);
        return nullptr;
    }

    std::vector<std::string> column_candidates() const {
        std::vector<std::string> out;
        for (const auto& c : table_.columns) {
            out.push_back(c.name);
            if (c.role != Role::none && c.role != Role::factor) out.emplace_back(role_name(c.role));
        }
        return out;
    }

    [[noreturn]] void unknown_column(const std::string& name, std::size_t pos) const {
        const std::string key = normalize(name);
        for (Role r : all_roles)
            if (r != Role::none && normalize(role_name(r)) == key)
                fail(pos, "no column has the role '" + std::string(role_name(r)) + "'");
        fail(pos, "unknown column '" + name + "'", suggest(name, column_candidates()));
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
            fail(op.pos, "unknown column '" + op.text + "'", suggest(op.text, candidates));
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
            if (unit.kind == Tok::word && !is_keyword(unit) &&
                (lower(unit.text) == lower(col.unit) ||
                 lower(unit.text) == lower(role_default_unit(col.role))))
                next();
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

class Evaluator {
  public:
    Evaluator(const Table& table, const ConditionContext& context, const Parser& parser)
        : table_(table), context_(context), parser_(parser), n_(table.row_count()) {}

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
    const Parser& parser_;
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
            parser_.fail_plain("unknown time zone '" + name + "'");
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
            double sod = std::fmod(whole + static_cast<double>(info.offset.count()), 86400.0);
            if (sod < 0) sod += 86400.0;
            sod += t - whole;
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
    Parser parser(table, rule, context);
    Tri r = Evaluator(table, context, parser).running();
    for (auto& v : r) v = v == T ? 1 : 0;
    return r;
}

RowMask evaluate_condition(const Table& table, const std::string& rule,
                           const ConditionContext& context) {
    check_shape(table);
    Parser parser(table, rule, context);
    const NodePtr root = parser.parse();
    RowMask mask;
    mask.rows = Evaluator(table, context, parser).eval(*root);
    for (auto& v : mask.rows) v = v == T ? 1 : 0;
    mask.ranges = mask_ranges(table, mask.rows);
    return mask;
}

RowMask evaluate_condition(const Table& table, const Condition& condition,
                           const ConditionContext& context) {
    return evaluate_condition(table, condition.rule, context);
}

}  // namespace twinbench
