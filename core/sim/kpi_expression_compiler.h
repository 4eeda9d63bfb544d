// Internal to sim/kpi_expression*.cpp: the engineer's KPI text turned into a muparser
// expression whose variables are the aggregates, with every check that can name the spot in
// the engineer's words (kpi_expression_compiler.cpp) before muparser sees the arithmetic.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sim/kpi_expression.h"

namespace twinbench::kpi_detail {

struct Translation {
    std::vector<std::string> signals;
    std::vector<KpiTerm> terms;
    bool uses_hours = false;
    // The muparser text: the user's text with each aggregate call replaced by the variable
    // of its term (variable_name), everything else copied as typed.
    std::string muparser_expression;
    // origin[i]: byte offset in the user's expression of muparser_expression[i].
    std::vector<std::size_t> origin;
    // Byte ranges [first, second) of the user's tokens (an aggregate call is one token), to
    // quote the one muparser complains about.
    std::vector<std::pair<std::size_t, std::size_t>> tokens;
};

// muparser's variable for term i ("_kpi0"); the engineer cannot type it (a bare name must be
// hours, _pi, _e or a function), so it never clashes.
std::string variable_name(std::size_t term);

// Throws KpiExpressionError for everything this side of muparser can tell.
Translation translate(const KpiDefinition& definition, const std::vector<std::string>& known_signals);

// For a muparser error (code, position in muparser_expression, its token): the
// KpiExpressionError at the matching spot of the user's text.
[[noreturn]] void fail_from_muparser(const KpiDefinition& definition, const Translation& translation,
                                     int code, int muparser_position, const std::string& message);

}  // namespace twinbench::kpi_detail
