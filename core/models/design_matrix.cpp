#include "models/design_matrix.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {

std::vector<std::string> DesignEncoding::names() const {
    std::vector<std::string> out;
    out.reserve(terms.size());
    for (const auto& t : terms) out.push_back(t.name);
    return out;
}

namespace {

const Column& require_column(const Table& table, const std::string& name, bool categorical) {
    const Column* column = table.find(name);
    if (column == nullptr)
        throw ModelError(fmt::format("column '{}' is not in dataset '{}': import it or map another column "
                                     "to this model input",
                                     name, table.name));
    const bool is_categorical = column->type == ColumnType::categorical;
    if (categorical && !is_categorical)
        throw ModelError(fmt::format("column '{}' is not categorical: map a categorical column (e.g. the "
                                     "material grade) as the factor",
                                     name));
    if (!categorical && (is_categorical || column->type == ColumnType::timestamp))
        throw ModelError(fmt::format("column '{}' is not numeric: map a numeric column as this model input", name));
    return *column;
}

void add_required(std::vector<std::string>& list, const std::string& name) {
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
}

// Rows where every listed column has a value.
std::vector<std::size_t> complete_rows(const Table& table, const std::vector<std::string>& columns) {
    std::vector<const Column*> used;
    for (const auto& name : columns) {
        const Column* column = table.find(name);
        if (column == nullptr)
            throw ModelError(fmt::format("column '{}' is not in dataset '{}': import it or map another column",
                                         name, table.name));
        used.push_back(column);
    }
    std::vector<std::size_t> rows;
    const std::size_t n = table.row_count();
    rows.reserve(n);
    for (std::size_t r = 0; r < n; ++r) {
        bool complete = true;
        for (const Column* c : used)
            if (c->is_missing(r)) {
                complete = false;
                break;
            }
        if (complete) rows.push_back(r);
    }
    return rows;
}

DesignMatrix encode(const Table& table, const DesignEncoding& encoding, const std::vector<std::string>& required) {
    DesignMatrix out;
    out.encoding = encoding;
    out.rows = complete_rows(table, required);
    out.dropped_missing = table.row_count() - out.rows.size();
    const auto n = static_cast<Eigen::Index>(out.rows.size());
    out.x.resize(n, static_cast<Eigen::Index>(encoding.terms.size()));
    for (std::size_t j = 0; j < encoding.terms.size(); ++j) {
        const auto& term = encoding.terms[j];
        auto col = out.x.col(static_cast<Eigen::Index>(j));
        if (term.kind == DesignTerm::Kind::intercept) {
            col.setOnes();
            continue;
        }
        const Column& source = require_column(table, term.column, term.kind == DesignTerm::Kind::level);
        if (term.kind == DesignTerm::Kind::level) {
            const auto it = std::find(source.levels.begin(), source.levels.end(), term.level);
            const auto code = it == source.levels.end() ? missing_code - 1  // matches no row
                                                        : static_cast<std::int32_t>(it - source.levels.begin());
            for (Eigen::Index i = 0; i < n; ++i) col[i] = source.codes[out.rows[i]] == code ? 1.0 : 0.0;
        } else {
            const bool square = term.kind == DesignTerm::Kind::squared;
            for (Eigen::Index i = 0; i < n; ++i) {
                const double v = source.values[out.rows[i]];
                col[i] = square ? v * v : v;
            }
        }
    }
    return out;
}

}  // namespace

DesignMatrix build_design_matrix(const Table& table, const DesignSpec& spec,
                                 const std::vector<std::string>& also_required) {
    DesignEncoding encoding;
    if (spec.intercept) encoding.terms.push_back({DesignTerm::Kind::intercept, "(Intercept)", "", ""});
    for (const auto& name : spec.numeric) {
        require_column(table, name, false);
        encoding.terms.push_back({DesignTerm::Kind::numeric, name, name, ""});
        add_required(encoding.required_columns, name);
    }
    for (const auto& name : spec.squared) {
        require_column(table, name, false);
        encoding.terms.push_back({DesignTerm::Kind::squared, fmt::format("I({} ** 2)", name), name, ""});
        add_required(encoding.required_columns, name);
    }
    for (const auto& name : spec.categorical) {
        require_column(table, name, true);
        add_required(encoding.required_columns, name);
    }
    std::vector<std::string> required = encoding.required_columns;
    for (const auto& name : also_required) add_required(required, name);

    // Levels are chosen on the rows actually used, hence after dropping incomplete rows.
    const auto kept = complete_rows(table, required);
    for (std::size_t k = 0; k < spec.categorical.size(); ++k) {
        const auto& name = spec.categorical[k];
        const Column& column = *table.find(name);
        std::vector<bool> seen(column.levels.size(), false);
        for (const auto r : kept) seen[static_cast<std::size_t>(column.codes[r])] = true;
        std::vector<std::string> levels;
        for (std::size_t l = 0; l < column.levels.size(); ++l)
            if (seen[l]) levels.push_back(column.levels[l]);
        std::sort(levels.begin(), levels.end());
        if (levels.empty()) continue;  // no rows at all: the fitter reports too few rows
        std::string reference = levels.front();
        if (k < spec.reference_levels.size() && !spec.reference_levels[k].empty()) {
            reference = spec.reference_levels[k];
            if (std::find(levels.begin(), levels.end(), reference) == levels.end())
                throw ModelError(fmt::format("reference level '{}' of column '{}' does not occur in the data; "
                                             "pick one of its levels",
                                             reference, name));
        }
        encoding.factors.push_back({name, reference, levels});
        for (const auto& level : levels)
            if (level != reference)
                encoding.terms.push_back(
                    {DesignTerm::Kind::level, fmt::format("{}[T.{}]", name, level), name, level});
    }
    return encode(table, encoding, required);
}

DesignMatrix encode_rows(const Table& table, const DesignEncoding& encoding) {
    DesignMatrix out = encode(table, encoding, encoding.required_columns);
    // A level the model never saw has no coefficient: predicting it as the reference level
    // would be a silent guess.
    for (const auto& factor : encoding.factors) {
        const Column& column = require_column(table, factor.column, true);
        std::vector<bool> known(column.levels.size(), false);
        for (std::size_t l = 0; l < column.levels.size(); ++l)
            known[l] = std::find(factor.levels.begin(), factor.levels.end(), column.levels[l]) != factor.levels.end();
        for (const auto r : out.rows) {
            const auto code = static_cast<std::size_t>(column.codes[r]);
            if (!known[code])
                throw ModelError(fmt::format("level '{}' of column '{}' was not in the data the model was fitted "
                                             "on: refit with data that contains it",
                                             column.levels[code], factor.column));
        }
    }
    return out;
}

}  // namespace twinbench
