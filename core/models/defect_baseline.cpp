#include "models/defect_baseline.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

// Roles that describe the process and may explain defects. Counts, energy, state and the
// sparse manual checks are outcomes or bookkeeping, not predictors.
constexpr Role predictor_roles[] = {Role::speed,        Role::setpoint, Role::furnace_temp,
                                    Role::ambient_temp, Role::humidity, Role::factor};

bool usable_predictor(const Column& c) {
    if (!c.aligned_from.empty()) return false;  // sparse sources are missing between entries
    return std::find(std::begin(predictor_roles), std::end(predictor_roles), c.role) != std::end(predictor_roles) &&
           (c.type == ColumnType::numeric || c.type == ColumnType::boolean);
}

// Design rows in time order (row order without a time axis), so the split is honest.
std::vector<std::size_t> time_order(const Table& table, const std::vector<std::size_t>& rows) {
    std::vector<std::size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    if (table.has_time())
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return table.time_s[rows[a]] < table.time_s[rows[b]]; });
    return order;
}

Eigen::MatrixXd take_rows(const Eigen::MatrixXd& x, const std::vector<std::size_t>& order, std::size_t begin,
                          std::size_t end) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(end - begin), x.cols());
    for (std::size_t i = begin; i < end; ++i) out.row(static_cast<Eigen::Index>(i - begin)) = x.row(static_cast<Eigen::Index>(order[i]));
    return out;
}

}  // namespace

double weighted_auc(const std::vector<double>& score, const std::vector<double>& positives,
                    const std::vector<double>& negatives) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
    // Mann-Whitney: for each positive, the negatives scored below it (ties count half).
    double below = 0.0, pairs = 0.0, total_pos = 0.0, total_neg = 0.0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        double pos = 0.0, neg = 0.0;
        while (j < order.size() && score[order[j]] == score[order[i]]) {
            pos += positives[order[j]];
            neg += negatives[order[j]];
            ++j;
        }
        pairs += pos * (below + 0.5 * neg);
        below += neg;
        total_pos += pos;
        total_neg += neg;
        i = j;
    }
    return total_pos > 0 && total_neg > 0 ? pairs / (total_pos * total_neg) : std::nan("");
}

DefectOutcome find_defect_outcome(const Table& table) {
    DefectOutcome o;
    o.defect = table.find_role(Role::defect);
    o.produced = table.find_role(Role::produced);
    o.scrap = table.find_role(Role::scrap);
    if (!o.defect && !(o.produced && o.scrap))
        throw ModelError("defect model: no outcome mapped; map a 0/1 column with --map defect=COLUMN, or the counts "
                         "with --map produced=COLUMN --map scrap=COLUMN");
    o.counts = o.defect == nullptr;
    o.label = o.counts ? o.scrap->name + " / " + o.produced->name : o.defect->name;
    return o;
}

HoldoutDiagnostics defect_holdout_windows(const Table& table, const std::vector<std::size_t>& rows,
                                          const Eigen::VectorXd& p, const Eigen::VectorXd& hits,
                                          const Eigen::VectorXd& trials, double window_s,
                                          std::size_t block_rows) {
    HoldoutDiagnostics d;
    const bool counts = trials.size() != 0;
    d.time_is_row = !table.has_time();
    const std::string what = counts ? "scrapped parts" : "defects";
    d.unit = d.time_is_row        ? fmt::format("{} per {} rows", what, block_rows)
             : window_s == 3600.0 ? what + " per hour"
                                  : fmt::format("{} per {} s", what, window_s);
    double current = std::nan("");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        const double key =
            d.time_is_row ? std::floor(static_cast<double>(i) / static_cast<double>(block_rows))
                          : std::floor(table.time_s[rows[i]] / window_s);
        if (std::isnan(key)) continue;
        if (d.points.empty() || key != current) {
            d.add(d.time_is_row ? key * static_cast<double>(block_rows) : key * window_s, 0.0, 0.0);
            current = key;
        }
        d.points.back().predicted += p[ii] * (counts ? trials[ii] : 1.0);
        d.points.back().actual += hits[ii];
    }
    return d;
}

DefectHoldout score_defect_holdout(const Eigen::VectorXd& p, const Eigen::VectorXd& hits, const Eigen::VectorXd& trials) {
    const bool counts = trials.size() != 0;
    std::vector<double> score(static_cast<std::size_t>(p.size())), pos(score.size()), neg(score.size());
    double items = 0.0, log_loss = 0.0, brier = 0.0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        const double m = counts ? trials[i] : 1.0;
        const double q = std::clamp(p[i], 1e-15, 1.0 - 1e-15);
        log_loss -= hits[i] * std::log(q) + (m - hits[i]) * std::log(1.0 - q);
        brier += hits[i] * (1.0 - q) * (1.0 - q) + (m - hits[i]) * q * q;
        items += m;
        const auto s = static_cast<std::size_t>(i);
        score[s] = q;
        pos[s] = hits[i];
        neg[s] = m - hits[i];
    }
    DefectHoldout out;
    out.n = static_cast<std::size_t>(p.size());
    out.items = items;
    out.log_loss = items > 0 ? log_loss / items : std::nan("");
    out.brier = items > 0 ? brier / items : std::nan("");
    out.auc = weighted_auc(score, pos, neg);
    return out;
}

DefectBaselineFit fit_defect_baseline(const Table& table, const DefectFitOptions& options) {
    DefectBaselineFit out;
    const auto outcome = find_defect_outcome(table);
    const Column* defect = outcome.defect;
    const Column* produced = outcome.produced;
    const Column* scrap = outcome.scrap;
    out.counts = outcome.counts;
    out.outcome = outcome.label;

    DesignSpec spec;
    for (const auto& c : table.columns)
        if (usable_predictor(c)) spec.numeric.push_back(c.name);
    // A batch list aligned as-of covers every row after its first batch, so it is usable.
    if (const Column* material = table.find_role(Role::material))
        spec.categorical.push_back(material->name);
    if (spec.numeric.empty() && spec.categorical.empty())
        throw ModelError("defect model: no predictor mapped; map process columns (speed, setpoint, furnace_temp, "
                         "humidity, material) or any others with --map factor=COLUMN");
    std::vector<std::string> outcome_columns;
    if (out.counts) outcome_columns = {produced->name, scrap->name};
    else outcome_columns = {defect->name};
    DesignMatrix design = build_design_matrix(table, spec, outcome_columns);
    out.encoding = design.encoding;

    // Intervals without parts say nothing about the scrap probability.
    Eigen::VectorXd y, m;
    if (out.counts) {
        y = column_at_rows(table, scrap->name, design.rows);
        m = column_at_rows(table, produced->name, design.rows);
    } else {
        y = column_at_rows(table, defect->name, design.rows);
    }
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < design.rows.size(); ++i)
        if (!out.counts || m[static_cast<Eigen::Index>(i)] > 0) keep.push_back(i);
    std::vector<std::size_t> kept_rows;
    kept_rows.reserve(keep.size());
    for (const auto i : keep) kept_rows.push_back(design.rows[i]);
    auto order = time_order(table, kept_rows);
    for (auto& o : order) o = keep[o];  // back to design row indices

    const auto n = order.size();
    const auto n_train = static_cast<std::size_t>(std::floor(options.train_fraction * static_cast<double>(n)));
    if (n_train < design.term_count() + 10 || n - n_train < 10)
        throw ModelError(fmt::format("defect model: only {} usable rows for {} terms; import more data", n,
                                     design.term_count()));
    out.n_train = n_train;
    out.n_test = n - n_train;
    const auto names = design.encoding.names();
    const Eigen::MatrixXd x_train = take_rows(design.x, order, 0, n_train);
    const Eigen::MatrixXd x_test = take_rows(design.x, order, n_train, n);
    auto pick = [&](const Eigen::VectorXd& v, std::size_t begin, std::size_t end) {
        Eigen::VectorXd r(static_cast<Eigen::Index>(end - begin));
        for (std::size_t i = begin; i < end; ++i) r[static_cast<Eigen::Index>(i - begin)] = v[static_cast<Eigen::Index>(order[i])];
        return r;
    };
    const Eigen::VectorXd y_train = pick(y, 0, n_train), y_test = pick(y, n_train, n);
    Eigen::VectorXd m_train, m_test;
    if (out.counts) {
        m_train = pick(m, 0, n_train);
        m_test = pick(m, n_train, n);
        out.fit = fit_logistic_counts(x_train, names, y_train, m_train);
    } else {
        out.fit = fit_logistic(x_train, names, y_train);
    }

    const Eigen::VectorXd p_test = out.fit.predict(x_test);
    out.test = score_defect_holdout(p_test, y_test, m_test);
    std::vector<std::size_t> test_rows;
    for (std::size_t i = n_train; i < n; ++i) test_rows.push_back(design.rows[order[i]]);
    out.holdout = defect_holdout_windows(table, test_rows, p_test, y_test, m_test);
    return out;
}

}  // namespace twinbench
