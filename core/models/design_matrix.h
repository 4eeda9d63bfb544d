// Design matrix of a regression model built from table columns, with the term names
// that statsmodels / patsy would print, so that fitted coefficients can be compared
// with those packages and shown to engineers in the columns' original units.
//
//   "(Intercept)"        first, when asked for
//   "Torque"             numeric column, original units (no scaling here: the fitters
//                        standardize internally and report in original units)
//   "I(Torque ** 2)"     squared numeric column (target windows, e.g. core temperature)
//   "Type[T.L]"          treatment coding of a categorical column; the reference level
//                        (no column) is the first level in alphabetical order, as patsy
//                        picks it, unless the spec names one
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "data/table.h"

namespace twinbench {

struct DesignSpec {
    bool intercept = true;
    std::vector<std::string> numeric;      // column names, in this order after the intercept
    std::vector<std::string> squared;      // columns whose square is added after the numerics
    std::vector<std::string> categorical;  // columns coded by treatment contrasts, last
    // Optional reference level per categorical column (same order); "" = alphabetical first.
    std::vector<std::string> reference_levels;
};

// How one design column is computed from a table, kept so that new rows (predictions,
// what-if scenarios) are encoded exactly like the rows the model was fitted on.
struct DesignTerm {
    enum class Kind { intercept, numeric, squared, level };
    Kind kind = Kind::numeric;
    std::string name;    // "(Intercept)", "Torque", "I(Torque ** 2)", "Type[T.L]"
    std::string column;  // source column ("" for the intercept)
    std::string level;   // the level a treatment dummy is 1 for
};

struct DesignFactor {
    std::string column;
    std::string reference;            // level without a column
    std::vector<std::string> levels;  // all levels seen when fitting, alphabetical
};

struct DesignEncoding {
    std::vector<DesignTerm> terms;
    std::vector<DesignFactor> factors;
    // Source columns a row needs (non-missing) to be encoded, in first-use order.
    std::vector<std::string> required_columns;

    std::vector<std::string> names() const;
};

struct DesignMatrix {
    DesignEncoding encoding;
    Eigen::MatrixXd x;              // rows() = rows.size(), cols() = encoding.terms.size()
    std::vector<std::size_t> rows;  // table row of each design row (rows with a missing input dropped)
    std::size_t dropped_missing = 0;

    std::size_t term_count() const { return encoding.terms.size(); }
    const std::vector<DesignTerm>& terms() const { return encoding.terms; }
};

// Builds the design from a table. Rows where any used column, or any of
// `also_required` (the outcome columns), is missing are dropped and counted.
// Categorical levels that occur in no kept row get no column (a dummy that is always 0
// would only make the fit singular). Throws ModelError when a named column does not
// exist or has the wrong type, naming the column and what to map.
DesignMatrix build_design_matrix(const Table& table, const DesignSpec& spec,
                                 const std::vector<std::string>& also_required = {});

// Encodes rows of another table (or the same one) with a fitted model's encoding.
// A level never seen when fitting encodes as the reference level would not be honest,
// so it throws ModelError; missing inputs drop the row as above.
DesignMatrix encode_rows(const Table& table, const DesignEncoding& encoding);

}  // namespace twinbench
