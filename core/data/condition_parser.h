// Internal to the condition engine (condition*.cpp): the rule's tokens, its syntax tree and
// the parser that builds the tree, with the shared helpers for error messages (1-based
// character positions, did-you-mean suggestions). The grammar and the semantics are
// documented in data/condition.h; evaluation lives in condition.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/condition.h"
#include "data/table.h"

namespace twinbench::condition_detail {

// --- tokens (condition_lexer.cpp) -------------------------------------------------------

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

// The rule's tokens, always ending with one Tok::end at rule.size(). Throws UsageError (see
// fail_at) on an unclosed quote, a lone '&' or '|' or a character no token starts with.
std::vector<Token> lex_rule(const std::string& rule);

// --- syntax tree ------------------------------------------------------------------------

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

NodePtr make(Kind kind, NodePtr a = nullptr, NodePtr b = nullptr);

// --- parser (condition_parser.cpp) ------------------------------------------------------

// The tree of a rule, with columns, state values and units resolved against the table.
// Throws UsageError for a rule that does not parse or names an unknown column or value.
NodePtr parse_rule(const Table& table, const std::string& rule, const ConditionContext& context);

// --- errors -----------------------------------------------------------------------------

// 1-based character (not byte) position, so that "Temperatur Ofen ä" points right.
std::size_t char_pos(const std::string& rule, std::size_t byte_pos);

// "condition 'RULE': what at POS[ (end of the rule)][; hint]" as a UsageError.
[[noreturn]] void fail_at(const std::string& rule, std::size_t byte_pos, const std::string& what,
                          const std::string& hint = {});

// For problems that belong to the whole rule rather than a spot in it:
// "condition 'RULE': what" as a UsageError.
[[noreturn]] void fail_rule(const std::string& rule, const std::string& what);

// --- names (condition_names.cpp) --------------------------------------------------------

std::string lower(std::string_view s);

// "Furnace_Temp " and "furnace temp" name the same thing to a person typing a rule.
std::string normalize(std::string_view s);

// "did you mean 'x'?" for the closest candidate, or "" when none is close enough to be a
// typo rather than a different name.
std::string suggest(std::string_view typed, const std::vector<std::string>& candidates);
// The suggestion, or when no name is close, the names known (the first dozen).
std::string suggest_or_list(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace twinbench::condition_detail
