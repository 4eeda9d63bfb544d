#include "models/defect_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench {
namespace {

using Index = Eigen::Index;

Index idx(std::size_t i) { return static_cast<Index>(i); }

std::string ascii_lower(const std::string& s) {
    std::string out = s;
    for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

// Conveyor wear has no role of its own: it is the numeric factor column named like it
// (the historian exports "Conveyor wear [%]", German plants "Bandverschleiß").
const Column* find_wear(const Table& table) {
    for (const auto& c : table.columns) {
        if (c.role != Role::factor || c.type != ColumnType::numeric) continue;
        const std::string name = ascii_lower(c.name);
        if (name.find("wear") != std::string::npos || name.find("verschlei") != std::string::npos) return &c;
    }
    return nullptr;
}

Column numeric_copy(const std::string& name, std::vector<double> values) {
    Column c;
    c.name = c.header = name;
    c.type = ColumnType::numeric;
    c.values = std::move(values);
    return c;
}

// The material as a categorical column on every row: a batch list aligned onto the rows
// is missing between its entries and a batch lasts until the next starts, so the last
// grade is carried forward (as the soft sensor does). A numeric grade becomes levels.
Column material_copy(const Column& m) {
    Column c;
    c.name = c.header = m.name;
    c.type = ColumnType::categorical;
    const bool carry = !m.aligned_from.empty();
    if (m.type == ColumnType::categorical) {
        c.levels = m.levels;
        c.codes = m.codes;
    } else {
        c.codes.assign(m.size(), missing_code);
        for (std::size_t i = 0; i < m.size(); ++i) {
            if (std::isnan(m.values[i])) continue;
            const std::string label = fmt::format("{}", m.values[i]);
            auto it = std::find(c.levels.begin(), c.levels.end(), label);
            if (it == c.levels.end()) {
                c.levels.push_back(label);
                it = c.levels.end() - 1;
            }
            c.codes[i] = static_cast<std::int32_t>(it - c.levels.begin());
        }
    }
    if (carry) {
        std::int32_t last = missing_code;
        for (auto& code : c.codes) {
            if (code != missing_code) last = code;
            else code = last;
        }
    }
    return c;
}

std::vector<double> core_temperature(const Table& table, const DefectModelOptions& options, std::string& source,
                                     std::vector<std::string>& warnings) {
    if (!options.core_temperature_column.empty()) {
        const Column* c = table.find(options.core_temperature_column);
        if (c == nullptr || c->type != ColumnType::numeric)
            throw ModelError(fmt::format("defect model: core temperature column '{}' not found or not numeric",
                                         options.core_temperature_column));
        source = c->name;
        return c->values;
    }
    CoreTemperatureSoftSensor sensor;
    try {
        sensor = fit_core_temperature_soft_sensor(table, options.soft_sensor);
    } catch (const ModelError& e) {
        throw ModelError(fmt::format(
            "defect model: the part core temperature is modelled by the soft sensor, which needs the roles "
            "furnace_temp, speed, ambient_temp and core_temp_check (manual checks) mapped; it failed: {}",
            e.what()));
    }
    source = "soft sensor";
    for (const auto& w : sensor.warnings) warnings.push_back("core temperature soft sensor: " + w);
    return sensor.estimate_degC;
}

// Calibration on the hold-out: rows sorted by predicted probability and cut into bins
// of (nearly) equal items, because scrap rates of a few per cent would put almost all
// items into the first of ten equal-width bins.
std::vector<DefectCalibrationBin> calibration_bins(const Eigen::VectorXd& p, const Eigen::VectorXd& hits,
                                                   const Eigen::VectorXd& trials, std::size_t bins) {
    std::vector<DefectCalibrationBin> out;
    if (bins == 0 || p.size() == 0) return out;
    std::vector<std::size_t> order(static_cast<std::size_t>(p.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[idx(a)] < p[idx(b)]; });
    const double total = trials.sum();
    out.resize(bins);
    double cumulative = 0.0;
    for (const auto i : order) {
        const double m = trials[idx(i)];
        // Bin by the items before this row, so every bin gets ~total / bins items.
        auto b = static_cast<std::size_t>(std::floor(cumulative / total * static_cast<double>(bins)));
        b = std::min(b, bins - 1);
        cumulative += m;
        auto& bin = out[b];
        if (bin.items == 0.0) bin.p_low = p[idx(i)];
        bin.p_high = p[idx(i)];
        bin.items += m;
        bin.mean_predicted += m * p[idx(i)];
        bin.observed_rate += hits[idx(i)];
    }
    std::erase_if(out, [](const DefectCalibrationBin& b) { return b.items <= 0.0; });
    for (auto& b : out) {
        b.mean_predicted /= b.items;
        b.observed_rate /= b.items;
    }
    return out;
}

}  // namespace

std::vector<double> lagged_series(const std::vector<double>& time_s, const std::vector<double>& v,
                                  double lag_s) {
    std::vector<double> steps;
    for (std::size_t i = 1; i < time_s.size(); ++i)
        if (time_s[i] > time_s[i - 1]) steps.push_back(time_s[i] - time_s[i - 1]);
    std::vector<double> out(v.size(), std::nan(""));
    if (steps.empty()) return out;
    std::nth_element(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(steps.size() / 2),
                     steps.end());
    const double half_step = 0.5 * steps[steps.size() / 2];
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double want = time_s[i] - lag_s;
        const auto it = std::lower_bound(time_s.begin(), time_s.end(), want - half_step);
        if (it == time_s.end() || std::abs(*it - want) > half_step) continue;
        out[i] = v[static_cast<std::size_t>(it - time_s.begin())];
    }
    return out;
}

Eigen::Index DefectModelFit::term_index(const std::string& name) const {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return idx(i);
    return -1;
}

DefectModelFit fit_defect_model(const Table& table, const DefectModelOptions& options) {
    DefectModelFit out;
    const auto outcome = find_defect_outcome(table);
    const Column* defect = outcome.defect;
    const Column* produced = outcome.produced;
    const Column* scrap = outcome.scrap;
    out.counts = outcome.counts;
    out.outcome = outcome.label;
    const Column* humidity = table.find_role(Role::humidity);
    const Column* speed = table.find_role(Role::speed);
    if (humidity == nullptr || humidity->type != ColumnType::numeric)
        throw ModelError("defect model: no numeric humidity column; map it with --map humidity=COLUMN");
    if (speed == nullptr || speed->type != ColumnType::numeric)
        throw ModelError("defect model: no numeric line speed column; map it with --map speed=COLUMN");
    const Column* wear = find_wear(table);
    const Column* material = table.find_role(Role::material);
    if (wear == nullptr) out.warnings.push_back("no conveyor wear column (a numeric factor named '...wear...'): "
                                                "the model has no wear term");
    if (material == nullptr) out.warnings.push_back("no material column: one defect level for all grades");

    out.core_temperature_degC = core_temperature(table, options, out.core_temperature_source, out.warnings);
    const std::size_t n_rows = table.row_count();
    if (out.core_temperature_degC.size() != n_rows)
        throw ModelError("defect model: the core temperature series does not match the table's rows");
    if (options.core_temperature_lag_min != 0.0) {
        if (!table.has_time())
            throw ModelError(
                "defect model: a core temperature lag needs a time axis; map the time role");
        out.core_temperature_degC = lagged_series(table.time_s, out.core_temperature_degC,
                                                  options.core_temperature_lag_min * 60.0);
        out.core_temperature_lag_min = options.core_temperature_lag_min;
    }

    // Rows the model can use: an outcome, a known core temperature and, for counts,
    // parts produced (an interval without parts says nothing about the scrap rate).
    auto usable = [&](std::size_t i) {
        if (std::isnan(out.core_temperature_degC[i])) return false;
        if (!out.counts) return !defect->is_missing(i);
        return !produced->is_missing(i) && !scrap->is_missing(i) && produced->values[i] > 0.0;
    };
    double centre = options.core_centre_degC;
    if (std::isnan(centre)) {
        double sum = 0.0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < n_rows; ++i)
            if (usable(i)) {
                sum += out.core_temperature_degC[i];
                ++n;
            }
        if (n == 0) throw ModelError("defect model: no row with parts produced and a known core temperature");
        // Rounded, so the centred coefficients read like "per degC from 165 degC".
        centre = std::round(sum / static_cast<double>(n));
    }
    out.core_centre_degC = centre;

    // Working table: the centred core, the inputs, the material carried forward, the outcome.
    Table work;
    work.name = table.name;
    work.time_s = table.time_s;
    std::vector<double> core_c(n_rows, std::nan(""));
    for (std::size_t i = 0; i < n_rows; ++i)
        if (usable(i)) core_c[i] = out.core_temperature_degC[i] - centre;
    work.columns.push_back(numeric_copy(defect_core_term, std::move(core_c)));
    DesignSpec spec;
    spec.numeric = {defect_core_term, humidity->name};
    spec.squared = {defect_core_term};
    work.columns.push_back(numeric_copy(humidity->name, humidity->values));
    if (wear != nullptr) {
        spec.numeric.push_back(wear->name);
        work.columns.push_back(numeric_copy(wear->name, wear->values));
    }
    spec.numeric.push_back(speed->name);
    work.columns.push_back(numeric_copy(speed->name, speed->values));
    if (material != nullptr) {
        spec.categorical.push_back(material->name);
        work.columns.push_back(material_copy(*material));
    }
    std::vector<std::string> outcome_columns;
    for (const Column* c : {defect, produced, scrap})
        if (c != nullptr && (c == defect) != out.counts) {
            work.columns.push_back(numeric_copy(c->name, c->values));
            outcome_columns.push_back(c->name);
        }
    const DesignMatrix design = build_design_matrix(work, spec, outcome_columns);
    out.encoding = design.encoding;
    out.names = design.encoding.names();

    // Time-ordered split of the design rows (the table's rows are ascending in time).
    std::vector<std::size_t> order(design.rows.size());
    std::iota(order.begin(), order.end(), 0);
    if (table.has_time())
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return table.time_s[design.rows[a]] < table.time_s[design.rows[b]];
        });
    const std::size_t n = order.size();
    const auto n_train = static_cast<std::size_t>(std::floor(options.train_fraction * static_cast<double>(n)));
    if (n_train < design.term_count() + 10 || n - n_train < 10)
        throw ModelError(fmt::format("defect model: only {} usable rows for {} terms; import more data", n,
                                     design.term_count()));
    out.n_train = n_train;
    out.n_test = n - n_train;
    const auto cols = design.x.cols();
    Eigen::MatrixXd x_train(idx(n_train), cols), x_test(idx(n - n_train), cols);
    Eigen::VectorXd y_train(idx(n_train)), y_test(idx(n - n_train)), m_train(idx(n_train)), m_test(idx(n - n_train));
    const Column& y_col = out.counts ? *scrap : *defect;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t row = design.rows[order[k]];
        const double y = y_col.values[row];
        const double m = out.counts ? produced->values[row] : 1.0;
        if (k < n_train) {
            x_train.row(idx(k)) = design.x.row(idx(order[k]));
            y_train[idx(k)] = y;
            m_train[idx(k)] = m;
        } else {
            x_test.row(idx(k - n_train)) = design.x.row(idx(order[k]));
            y_test[idx(k - n_train)] = y;
            m_test[idx(k - n_train)] = m;
        }
    }
    out.fit = out.counts ? fit_logistic_counts(x_train, out.names, y_train, m_train, options.logistic)
                         : fit_logistic(x_train, out.names, y_train, options.logistic);
    for (const auto& w : out.fit.warnings) out.warnings.push_back(w);

    // Hold-out: per-item log loss and Brier score, items-weighted AUC, calibration.
    const Eigen::VectorXd p = out.fit.predict(x_test);
    out.test = score_defect_holdout(p, y_test, m_test);
    out.calibration = calibration_bins(p, y_test, m_test, options.calibration_bins);
    std::vector<std::size_t> test_rows;
    for (std::size_t k = n_train; k < n; ++k) test_rows.push_back(design.rows[order[k]]);
    out.holdout = defect_holdout_windows(table, test_rows, p, y_test,
                                         out.counts ? m_test : Eigen::VectorXd());

    // Uncentred form: a0 + a1 (T - c) + a2 (T - c)^2 = (a0 - a1 c + a2 c^2) + (a1 - 2 a2 c) T + a2 T^2,
    // i.e. b = A a with A the identity except for the rows of b0 and b1.
    const Index i0 = out.term_index("(Intercept)");
    const Index i1 = out.term_index(defect_core_term);
    const Index i2 = out.term_index(fmt::format("I({} ** 2)", defect_core_term));
    Eigen::MatrixXd a = Eigen::MatrixXd::Identity(cols, cols);
    if (i0 >= 0) {
        a(i0, i1) = -centre;
        a(i0, i2) = centre * centre;
    }
    a(i1, i2) = -2.0 * centre;
    out.uncentred_coefficients = a * out.fit.coefficients;
    out.uncentred_covariance = a * out.fit.covariance * a.transpose();
    out.uncentred_std_errors = out.uncentred_covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
    out.uncentred_ci_low = out.uncentred_coefficients - 1.959963984540054 * out.uncentred_std_errors;
    out.uncentred_ci_high = out.uncentred_coefficients + 1.959963984540054 * out.uncentred_std_errors;

    // Optimum of the window: Tc_opt = c - a1 / (2 a2); delta method with the gradient
    // (-1 / (2 a2), a1 / (2 a2^2)) in (a1, a2).
    const double a1 = out.fit.coefficients[i1], a2 = out.fit.coefficients[i2];
    if (a2 > 0.0) {
        out.core_optimum_degC = centre - a1 / (2.0 * a2);
        const Eigen::Vector2d g(-1.0 / (2.0 * a2), a1 / (2.0 * a2 * a2));
        Eigen::Matrix2d v;
        v << out.fit.covariance(i1, i1), out.fit.covariance(i1, i2), out.fit.covariance(i2, i1),
            out.fit.covariance(i2, i2);
        out.core_optimum_std_error = std::sqrt(std::max(0.0, g.dot(v * g)));
    } else {
        out.warnings.push_back("the fitted scrap rate has no minimum in the core temperature (squared term <= 0): "
                               "no target window in this data");
    }

    // Envelope over the training rows, in the inputs' own units.
    auto range = [&](const std::string& name, Index col, double shift) {
        DefectInputRange r{name, x_train.col(col).minCoeff() + shift, x_train.col(col).maxCoeff() + shift};
        out.envelope.push_back(r);
    };
    range(defect_core_term, i1, centre);
    for (Index j = 0; j < cols; ++j) {
        const auto& term = design.encoding.terms[static_cast<std::size_t>(j)];
        if (term.kind == DesignTerm::Kind::numeric && term.column != defect_core_term) range(term.column, j, 0.0);
    }
    return out;
}

}  // namespace twinbench
