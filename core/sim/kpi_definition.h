// A KPI the engineer defines (PRODUCT.md section 4): a name and an arithmetic expression
// over aggregates of simulated signals, typed as `--kpi 'NAME=EXPRESSION'` and stored in
// the project. This file holds the definition as text (parsing the argument, checking the
// name, JSON for the project store); sim/kpi_expression.h compiles and evaluates it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/error.h"

namespace twinbench {

struct KpiDefinition {
    std::string name;        // "gas_per_tonne", "Gas per tonne"
    std::string expression;  // sum("Gas energy")/(mean(Powder)*hours)

    bool operator==(const KpiDefinition&) const = default;
};

// A KPI expression that does not compile, with the spot: a UsageError (exit 2) whose message
// reads "KPI 'NAME', expression 'EXPR': REASON at character POS[ (end of the expression)][;
// HINT]". POS counts characters (not bytes) from 1, so "Température" does not shift it; a
// problem of the whole KPI (its name) has position 0 and no "at character" part.
class KpiExpressionError : public UsageError {
public:
    KpiExpressionError(std::string kpi, std::string expression, std::size_t position,
                       std::string reason, std::string hint);

    const std::string& kpi() const noexcept { return kpi_; }
    const std::string& expression() const noexcept { return expression_; }
    std::size_t position() const noexcept { return position_; }  // 1-based character, 0 = none
    const std::string& reason() const noexcept { return reason_; }
    const std::string& hint() const noexcept { return hint_; }

private:
    std::string kpi_;
    std::string expression_;
    std::size_t position_;
    std::string reason_;
    std::string hint_;
};

// "NAME=EXPRESSION" as typed after --kpi. NAME is either bare (ASCII letters, digits and '_',
// or any non-ASCII UTF-8 character, not starting with a digit: gas_per_t, Durchsatz_ä) or in
// double quotes with anything but control characters inside ("Gas per tonne"; a quote inside
// is doubled: ""). The first '=' after the name splits; white space around either part is
// dropped. Throws UsageError naming the argument when the '=' is missing, the name is empty or
// needs quotes, or the expression is empty. The expression itself is checked by KpiExpression.
KpiDefinition parse_kpi_argument(const std::string& text);

// The inverse of parse_kpi_argument: the name quoted when it is not bare.
std::string format_kpi_argument(const KpiDefinition& definition);

// Throws UsageError when name cannot name a KPI: empty, white space at either end, or a
// control character (a KPI name becomes a JSON key, a table header and a --minimize argument).
void check_kpi_name(const std::string& name);

// true when name can be written without quotes (see parse_kpi_argument); the same rule holds
// for a signal name inside an aggregate.
bool is_bare_name(std::string_view name);

// name as written in a KPI text: bare, or in double quotes with inner quotes doubled.
std::string quote_name(std::string_view name);

// 1-based character position (UTF-8 continuation bytes do not count) of a byte offset in
// text; one past the last character for the end.
std::size_t character_position(std::string_view text, std::size_t byte);

// The project store's form: [{"name": ..., "expression": ...}, ...].
void to_json(nlohmann::json& out, const KpiDefinition& definition);
void from_json(const nlohmann::json& in, KpiDefinition& definition);
nlohmann::json kpi_definitions_to_json(const std::vector<KpiDefinition>& definitions);
// Throws ProjectError (exit 5) naming the entry when the JSON is not a list of objects with a
// string "name" and "expression", a name is not a KPI name, or a name comes twice. The
// expressions are not compiled here: which signals exist depends on the fitted models.
std::vector<KpiDefinition> kpi_definitions_from_json(const nlohmann::json& in);

}  // namespace twinbench
