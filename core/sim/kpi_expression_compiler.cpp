// From the engineer's KPI text to a muparser expression: tokens, aggregate calls resolved to
// signals, every name and parenthesis checked, with positions in the engineer's text.
#include "sim/kpi_expression_compiler.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <muParser.h>

#include "common/name_suggestion.h"

namespace twinbench::kpi_detail {
namespace {

enum class Tok { number, word, quoted, op, lparen, rparen, comma, end };

struct Token {
    Tok kind = Tok::end;
    std::string text;  // unquoted for Tok::quoted, as typed otherwise
    std::size_t begin = 0;
    std::size_t end = 0;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_word_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || u >= 0x80;
}

// The functions of numbers that muparser knows (sin, sqrt, min, avg, ...), read from muparser.
const std::set<std::string>& muparser_functions() {
    static const std::set<std::string> names = [] {
        std::set<std::string> out;
        const mu::Parser parser;
        for (const auto& entry : parser.GetFunDef()) out.insert(entry.first);
        return out;
    }();
    return names;
}

constexpr std::string_view constants[] = {"_pi", "_e"};

class Compiler {
public:
    Compiler(const KpiDefinition& definition, const std::vector<std::string>& known)
        : def_(definition), text_(definition.expression), known_(known) {}

    Translation run() {
        check_kpi_name(def_.name);
        if (std::find(known_.begin(), known_.end(), def_.name) != known_.end())
            fail_whole(fmt::format("the KPI's name '{}' is also a signal's name", def_.name),
                       "limits, constraints and --minimize could not tell them apart; choose "
                       "another name");
        lex();
        if (tokens_.size() == 1) fail_whole("the expression is empty", example_hint());
        walk();
        copy_gap(text_.size());
        return std::move(out_);
    }

private:
    // --- errors -------------------------------------------------------------------------

    [[noreturn]] void fail(std::size_t byte, std::string reason, std::string hint = {}) const {
        throw KpiExpressionError(def_.name, def_.expression, character_position(text_, byte),
                                 std::move(reason), std::move(hint));
    }
    [[noreturn]] void fail_whole(std::string reason, std::string hint = {}) const {
        throw KpiExpressionError(def_.name, def_.expression, 0, std::move(reason), std::move(hint));
    }

    std::string example_signal() const {
        return known_.empty() ? std::string("NOX") : quote_name(known_.front());
    }
    std::string example_hint() const {
        return fmt::format("e.g. sum({})/hours", example_signal());
    }
    static std::string aggregate_forms(const std::string& signal) {
        return fmt::format("mean({0}), sum({0}), min({0}), max({0}), p10({0}) or p90({0})", signal);
    }
    std::string did_you_mean_signal(const std::string& aggregate, const std::string& typed) const {
        const std::string best = closest_name(typed, known_);
        if (!best.empty()) return fmt::format("did you mean {}({})?", aggregate, quote_name(best));
        if (known_.empty()) return "the simulation provides no signal";
        std::string list;
        const std::size_t shown = std::min<std::size_t>(known_.size(), 12);
        for (std::size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + quote_name(known_[i]);
        if (shown < known_.size()) list += fmt::format(" and {} more", known_.size() - shown);
        return "the signals are " + list;
    }

    // --- tokens -------------------------------------------------------------------------

    void lex() {
        std::size_t i = 0;
        const std::size_t n = text_.size();
        while (i < n) {
            const char c = text_[i];
            if (is_space(c)) {
                ++i;
                continue;
            }
            Token t;
            t.begin = i;
            if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(text_[i + 1]))) {
                t.kind = Tok::number;
                while (i < n && (is_digit(text_[i]) || text_[i] == '.')) ++i;
                // An exponent only where digits follow (2e3, 1.5E-4); "2e" stays for muparser.
                if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
                    std::size_t k = i + 1;
                    if (k < n && (text_[k] == '+' || text_[k] == '-')) ++k;
                    if (k < n && is_digit(text_[k])) {
                        i = k;
                        while (i < n && is_digit(text_[i])) ++i;
                    }
                }
                // A share in percent, as the tiles show it: "mean(Scrap) > 3 %" is 0.03.
                std::size_t k = i;
                while (k < n && is_space(text_[k])) ++k;
                if (k < n && text_[k] == '%') i = k + 1;
            } else if (is_word_char(c)) {
                t.kind = Tok::word;
                while (i < n && is_word_char(text_[i])) ++i;
            } else if (c == '"') {
                t.kind = Tok::quoted;
                ++i;
                bool closed = false;
                while (i < n) {
                    if (text_[i] == '"') {
                        if (i + 1 < n && text_[i + 1] == '"') {
                            t.text += '"';
                            i += 2;
                            continue;
                        }
                        closed = true;
                        ++i;
                        break;
                    }
                    t.text += text_[i++];
                }
                if (!closed)
                    fail(t.begin, "the double quote is not closed",
                         "a signal name in quotes ends with a second \"");
            } else if (c == '(' || c == ')' || c == ',') {
                t.kind = c == '(' ? Tok::lparen : c == ')' ? Tok::rparen : Tok::comma;
                ++i;
            } else {
                t.kind = Tok::op;
                const std::string_view two = std::string_view(text_).substr(i, 2);
                if (two == "<=" || two == ">=" || two == "==" || two == "!=" || two == "&&" ||
                    two == "||") {
                    i += 2;
                } else if (std::string_view("+-*/^<>?:").find(c) != std::string_view::npos) {
                    ++i;
                } else if (c == '=') {
                    fail(i, "'=' is not an operator in a KPI expression",
                         "the KPI's name goes before the first '='; compare with '=='");
                } else {
                    std::size_t end = i + 1;
                    while (end < n && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
                    const std::string shown = text_.substr(i, end - i);
                    fail(i, fmt::format("unexpected character '{}'", shown),
                         c == '\'' || c == '`' ? "signal names go in double quotes: mean(\"Gas energy\")"
                                               : std::string{});
                }
            }
            if (t.kind != Tok::quoted) t.text = text_.substr(t.begin, i - t.begin);
            t.end = i;
            tokens_.push_back(std::move(t));
        }
        Token end;
        end.kind = Tok::end;
        end.begin = end.end = n;
        tokens_.push_back(end);
    }

    // --- output -------------------------------------------------------------------------

    void copy_gap(std::size_t until) {
        for (; gap_ < until; ++gap_) {
            out_.muparser_expression += text_[gap_];
            out_.origin.push_back(gap_);
        }
    }
    void emit(const Token& t) {
        copy_gap(t.begin);
        copy_gap(t.end);
        out_.tokens.emplace_back(t.begin, t.end);
    }

    // "3 %" goes to muparser as "(3/100)", every character traced to the number typed.
    void emit_percent(const Token& t) {
        copy_gap(t.begin);
        std::string number = t.text.substr(0, t.text.size() - 1);
        while (!number.empty() && is_space(number.back())) number.pop_back();
        const std::string written = "(" + number + "/100)";
        out_.muparser_expression += written;
        out_.origin.insert(out_.origin.end(), written.size(), t.begin);
        gap_ = t.end;
        out_.tokens.emplace_back(t.begin, t.end);
    }

    std::size_t signal_index(const std::string& name) {
        const auto it = std::find(out_.signals.begin(), out_.signals.end(), name);
        if (it != out_.signals.end()) return static_cast<std::size_t>(it - out_.signals.begin());
        out_.signals.push_back(name);
        return out_.signals.size() - 1;
    }

    void emit_term(std::size_t begin, std::size_t end, KpiAggregate aggregate, const std::string& signal) {
        const KpiTerm term{signal_index(signal), aggregate};
        const auto index = static_cast<std::size_t>(
            std::find(out_.terms.begin(), out_.terms.end(), term) - out_.terms.begin());
        if (index == out_.terms.size()) out_.terms.push_back(term);
        copy_gap(begin);
        // Spaces keep the variable from running into a neighbouring number or name, so that
        // "2mean(A)" stays an error (a missing operator) as typed.
        std::string variable(1, ' ');
        variable.append(variable_name(index)).push_back(' ');
        out_.muparser_expression += variable;
        out_.origin.insert(out_.origin.end(), variable.size(), begin);
        out_.tokens.emplace_back(begin, end);
        gap_ = end;
    }

    // --- structure ----------------------------------------------------------------------

    struct Paren {
        std::size_t begin;
        bool call;  // a function's argument list, where ',' separates arguments
    };

    // tokens_[i] is an aggregate's name and tokens_[i + 1] a '('. Returns how many tokens
    // the call took, or 0 when min/max/sum are muparser's functions of numbers here.
    std::size_t aggregate_call(std::size_t i, KpiAggregate aggregate) {
        const std::string name(kpi_aggregate_name(aggregate));
        const Token& arg = tokens_[i + 2];
        if (arg.kind == Tok::end) fail(tokens_[i + 1].begin, "'(' is not closed", "add its ')'");
        if (arg.kind == Tok::rparen)
            fail(arg.begin, fmt::format("{}() needs a signal", name),
                 fmt::format("write {}(NAME), e.g. {}({})", name, name, example_signal()));
        const bool is_name = arg.kind == Tok::word || arg.kind == Tok::quoted;
        if (is_name && tokens_[i + 3].kind == Tok::rparen) {
            if (std::find(known_.begin(), known_.end(), arg.text) == known_.end())
                fail(arg.begin, fmt::format("unknown signal {}", quote_name(arg.text)),
                     did_you_mean_signal(name, arg.text));
            emit_term(tokens_[i].begin, tokens_[i + 3].end, aggregate, arg.text);
            return 4;
        }
        const bool of_numbers = aggregate == KpiAggregate::min || aggregate == KpiAggregate::max ||
                                aggregate == KpiAggregate::sum;
        if (of_numbers) return 0;
        if (arg.kind == Tok::word) {
            // mean(Feed rate): a name with spaces typed without its quotes.
            std::size_t j = i + 2;
            while (tokens_[j].kind == Tok::word) ++j;
            if (tokens_[j].kind == Tok::rparen && j > i + 3) {
                const std::string joined = text_.substr(arg.begin, tokens_[j - 1].end - arg.begin);
                if (std::find(known_.begin(), known_.end(), joined) != known_.end())
                    fail(arg.begin, "a signal name with spaces is written in double quotes",
                         fmt::format("write {}({})", name, quote_name(joined)));
            }
        }
        if (is_name)
            fail(tokens_[i + 3].begin,
                 fmt::format("{}() takes one signal; expected ')' after {}", name, quote_name(arg.text)),
                 "arithmetic goes outside: " + name + "(A) + " + name + "(B)");
        fail(arg.begin, fmt::format("{}() takes one signal name", name),
             fmt::format("e.g. {}({})", name, example_signal()));
    }

    bool is_known(const std::string& name) const {
        return std::find(known_.begin(), known_.end(), name) != known_.end();
    }

    void bare_word(const Token& t) {
        if (t.text == "hours") {
            out_.uses_hours = true;
            emit(t);
            return;
        }
        if (std::find(std::begin(constants), std::end(constants), t.text) != std::end(constants)) {
            emit(t);
            return;
        }
        if (find_kpi_aggregate(t.text))
            fail(t.begin, fmt::format("'{}' needs a signal in parentheses", t.text),
                 fmt::format("write {}({})", t.text, example_signal()));
        if (muparser_functions().contains(t.text))
            fail(t.begin, fmt::format("'{}' is a function", t.text),
                 fmt::format("write {}(...)", t.text));
        if (is_known(t.text))
            fail(t.begin, fmt::format("signal {} needs an aggregate", quote_name(t.text)),
                 "write " + aggregate_forms(quote_name(t.text)));
        std::vector<std::string> candidates = known_;
        candidates.emplace_back("hours");
        const std::string best = closest_name(t.text, candidates);
        std::string hint;
        if (best == "hours")
            hint = "did you mean hours (the horizon's length)?";
        else if (!best.empty())
            hint = fmt::format("did you mean the signal {}, as in mean({})?", quote_name(best),
                               quote_name(best));
        else
            hint = "a bare name is hours, _pi or _e; a signal goes inside an aggregate, " + example_hint();
        fail(t.begin, fmt::format("unknown name '{}'", t.text), hint);
    }

    void walk() {
        std::vector<Paren> parens;
        for (std::size_t i = 0; tokens_[i].kind != Tok::end;) {
            const Token& t = tokens_[i];
            switch (t.kind) {
                case Tok::word: {
                    if (tokens_[i + 1].kind != Tok::lparen) {
                        bare_word(t);
                        ++i;
                        break;
                    }
                    if (const auto aggregate = find_kpi_aggregate(t.text)) {
                        if (const std::size_t used = aggregate_call(i, *aggregate)) {
                            i += used;
                            break;
                        }
                    } else if (!muparser_functions().contains(t.text)) {
                        std::vector<std::string> names(kpi_aggregate_names.begin(),
                                                       kpi_aggregate_names.end());
                        const std::string best = closest_name(t.text, names);
                        fail(t.begin, fmt::format("unknown function '{}'", t.text),
                             best.empty() ? "the aggregates are mean, sum, min, max, p10 and p90"
                                          : fmt::format("did you mean {}?", best));
                    }
                    emit(t);
                    emit(tokens_[i + 1]);
                    parens.push_back({tokens_[i + 1].begin, true});
                    i += 2;
                    break;
                }
                case Tok::quoted:
                    if (is_known(t.text))
                        fail(t.begin, fmt::format("signal {} needs an aggregate", quote_name(t.text)),
                             "write " + aggregate_forms(quote_name(t.text)));
                    fail(t.begin, fmt::format("unknown signal {}", quote_name(t.text)),
                         did_you_mean_signal("mean", t.text));
                case Tok::lparen:
                    parens.push_back({t.begin, false});
                    emit(t);
                    ++i;
                    break;
                case Tok::rparen:
                    if (parens.empty()) fail(t.begin, "')' has no matching '('");
                    parens.pop_back();
                    emit(t);
                    ++i;
                    break;
                case Tok::comma:
                    if (parens.empty() || !parens.back().call) {
                        const bool decimal = i > 0 && tokens_[i - 1].kind == Tok::number &&
                                             tokens_[i + 1].kind == Tok::number;
                        fail(t.begin, "',' outside a function's arguments",
                             decimal ? "numbers take a decimal point: 1.5" : std::string{});
                    }
                    emit(t);
                    ++i;
                    break;
                case Tok::number:
                    if (t.text.back() == '%') {
                        emit_percent(t);
                    } else {
                        emit(t);
                    }
                    ++i;
                    break;
                case Tok::op:
                    emit(t);
                    ++i;
                    break;
                case Tok::end: break;
            }
        }
        if (!parens.empty()) fail(parens.back().begin, "'(' is not closed", "add its ')'");
    }

    const KpiDefinition& def_;
    const std::string& text_;
    const std::vector<std::string>& known_;
    std::vector<Token> tokens_;
    Translation out_;
    std::size_t gap_ = 0;
};

// The user's text of the token at byte b (the whole call for an aggregate).
std::string token_text(const KpiDefinition& def, const Translation& tr, std::size_t b) {
    for (const auto& [first, last] : tr.tokens)
        if (first <= b && b < last) return def.expression.substr(first, last - first);
    return {};
}

}  // namespace

std::string variable_name(std::size_t term) {
    return "_kpi" + std::to_string(term);
}

Translation translate(const KpiDefinition& definition, const std::vector<std::string>& known_signals) {
    return Compiler(definition, known_signals).run();
}

void fail_from_muparser(const KpiDefinition& def, const Translation& tr, int code,
                        int muparser_position, const std::string& message) {
    const std::string& text = def.expression;
    // Past the end (the expression ended too early) and "no position" both go to the end.
    std::size_t byte = text.size();
    if (muparser_position >= 0 &&
        static_cast<std::size_t>(muparser_position) < tr.origin.size())
        byte = tr.origin[static_cast<std::size_t>(muparser_position)];
    const std::string token = token_text(def, tr, byte);
    const std::string quoted = "'" + token + "'";
    std::string reason;
    std::string hint;
    switch (code) {
        case mu::ecUNEXPECTED_EOF:
            reason = "the expression ends too early";
            hint = "a value is missing after the last operator";
            byte = text.size();
            break;
        case mu::ecUNEXPECTED_OPERATOR:
            reason = "unexpected operator " + quoted;
            hint = "a value is missing before it";
            break;
        case mu::ecUNEXPECTED_ARG_SEP: reason = "unexpected ','"; break;
        case mu::ecUNASSIGNABLE_TOKEN:
        case mu::ecUNEXPECTED_ARG:
        case mu::ecUNEXPECTED_VAL:
        case mu::ecUNEXPECTED_VAR:
        case mu::ecUNEXPECTED_FUN:
            reason = "unexpected " + quoted;
            hint = "an operator is missing before it";
            break;
        case mu::ecUNEXPECTED_PARENS:
            reason = "unexpected " + quoted;
            hint = "empty parentheses, or an operator missing before '('";
            break;
        case mu::ecMISSING_PARENS: reason = "a '(' is not closed"; break;
        case mu::ecTOO_MANY_PARAMS: reason = "too many arguments for this function"; break;
        case mu::ecTOO_FEW_PARAMS: reason = "too few arguments for this function"; break;
        case mu::ecUNEXPECTED_CONDITIONAL: reason = "unexpected '?'"; break;
        case mu::ecMISSING_ELSE_CLAUSE:
            reason = "'?' without its ':'";
            hint = "write CONDITION ? VALUE : OTHER_VALUE";
            break;
        case mu::ecMISPLACED_COLON: reason = "':' without a '?' before it"; break;
        case mu::ecIDENTIFIER_TOO_LONG:
        case mu::ecEXPRESSION_TOO_LONG: reason = "the expression is too long"; break;
        default: {
            // muparser's own words, without its position (that counts in its own text).
            std::string words = message;
            for (const char* cut : {" at position", " at expression position", " (position:"})
                if (const auto at = words.find(cut); at != std::string::npos) words.erase(at);
            reason = "the arithmetic does not parse: " + words;
            break;
        }
    }
    throw KpiExpressionError(def.name, def.expression, character_position(text, byte), reason, hint);
}

}  // namespace twinbench::kpi_detail
