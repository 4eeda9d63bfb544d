// Splits a rule into tokens: numbers, times of day (06:00), words, quoted text and
// `column` names, operators and parentheses.
#include "data/condition_parser.h"

#include <cctype>

namespace twinbench::condition_detail {
namespace {

bool is_word_char(unsigned char c) {
    return std::isalnum(c) || c == '_' || c >= 0x80;
}

}  // namespace

std::vector<Token> lex_rule(const std::string& rule) {
    std::vector<Token> tokens;
    const std::string& s = rule;
    std::size_t i = 0;
    auto push = [&](Tok kind, std::size_t start, std::size_t stop, std::string text) {
        tokens.push_back(Token{kind, std::move(text), start, stop});
    };
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t start = i;
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        if (std::isdigit(c) ||
            (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
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
                    fail_at(s, start, "unclosed quote " + std::string(1, static_cast<char>(c)));
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
                fail_at(s, start,
                        std::string("unexpected '") + static_cast<char>(c) + "'; expected '" +
                            std::string(2, static_cast<char>(c)) + "'");
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
            fail_at(s, start, "unexpected character '" + s.substr(start, 1) + "'");
        }
    }
    tokens.push_back(Token{Tok::end, {}, s.size(), s.size()});
    return tokens;
}

}  // namespace twinbench::condition_detail
