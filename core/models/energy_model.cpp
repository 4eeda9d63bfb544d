#include "models/energy_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include <Eigen/QR>
#include <date/tz.h>

#include "common/error.h"

namespace twinbench {
namespace {

[[noreturn]] void fail(const std::string& message) { throw ModelError("energy model: " + message); }

const Column& numeric_role(const Table& table, Role role, const char* what) {
    const Column* c = table.find_role(role);
    if (c == nullptr) {
        fail("no column is mapped to role '" + std::string(role_name(role)) + "' (" + what +
             "): map it with --map " + std::string(role_name(role)) + "=COLUMN");
    }
    if (c->type == ColumnType::categorical) {
        fail("column '" + c->name + "' (role " + std::string(role_name(role)) + ") is not numeric");
    }
    return *c;
}

const Column& column_named(const Table& table, const std::string& name) {
    const Column* c = table.find(name);
    if (c == nullptr) throw std::out_of_range("energy model: the table has no column '" + name + "'");
    return *c;
}

double median(std::vector<double> v) {
    if (v.empty()) return std::nan("");
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Local clock hour (0..23) and weekend flag in the plant's zone.
struct LocalClock {
    const date::time_zone* zone = nullptr;
    void at(double utc_s, int& hour, bool& weekend) const {
        const date::sys_seconds tp{std::chrono::seconds{static_cast<std::int64_t>(std::floor(utc_s))}};
        const auto local = zone->to_local(tp);
        const auto day = date::floor<date::days>(local);
        hour = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(local - day).count());
        const unsigned wd = date::weekday{day}.c_encoding();
        weekend = wd == 0 || wd == 6;
    }
};

LocalClock clock_for(const std::string& zone_name) {
    try {
        return LocalClock{date::locate_zone(zone_name)};
    } catch (const std::exception&) {
        fail("unknown time zone '" + zone_name + "' for the hour-of-day profile");
    }
}

int level_index(const std::vector<std::string>& levels, std::string_view label) {
    const auto it = std::find(levels.begin(), levels.end(), label);
    return it == levels.end() ? -1 : static_cast<int>(it - levels.begin());
}

std::size_t term_count(const EnergyEncoding& e) {
    if (e.form == EnergyForm::physics) {
        return 2 + std::max<std::size_t>(1, e.state_levels.size()) + e.factor_columns.size();
    }
    std::size_t n = 1 + e.hours.size() + (e.weekend_effect ? 1 : 0) + e.factor_columns.size();
    for (const auto& levels : e.categorical_levels) n += levels.size();
    return n;
}

// One design row; false when an input is missing or a level was never fitted. core: the
// part core temperature per table row when the parts term uses it (else unused).
bool encode_row(const Table& t, const EnergyEncoding& e, const LocalClock& clock, std::size_t r,
                double* x, const std::vector<double>& core) {
    std::size_t k = 0;
    const double dt = e.step_h;
    if (e.form == EnergyForm::physics) {
        const double p = column_named(t, e.produced_column).values[r];
        const double tf = column_named(t, e.furnace_column).values[r];
        const double ta = column_named(t, e.ambient_column).values[r];
        if (std::isnan(p) || std::isnan(tf) || std::isnan(ta)) return false;
        if (e.parts_use_core) {
            // Without parts the term is 0 whatever the core; the soft sensor has no
            // estimate before the line first ran, which must not drop those rows.
            if (p != 0.0 && std::isnan(core[r])) return false;
            x[k++] = p != 0.0 ? p * (core[r] - ta) : 0.0;
        } else {
            x[k++] = p * (tf - ta);
        }
        x[k++] = (tf - ta) * dt;
        if (e.state_levels.empty()) {
            x[k++] = dt;
        } else {
            const Column& s = column_named(t, e.state_column);
            if (s.is_missing(r)) return false;
            const int li = level_index(e.state_levels, s.label(r));
            if (li < 0) return false;
            for (std::size_t j = 0; j < e.state_levels.size(); ++j) x[k++] = static_cast<int>(j) == li ? dt : 0.0;
        }
    } else {
        x[k++] = dt;
        int hour = 0;
        bool weekend = false;
        clock.at(t.time_s[r], hour, weekend);
        for (const int h : e.hours) x[k++] = h == hour ? dt : 0.0;
        if (e.weekend_effect) x[k++] = weekend ? dt : 0.0;
        for (std::size_t c = 0; c < e.categorical_columns.size(); ++c) {
            const Column& col = column_named(t, e.categorical_columns[c]);
            if (col.is_missing(r)) return false;
            const std::string_view label = col.label(r);
            if (label != e.categorical_reference[c] && level_index(e.categorical_levels[c], label) < 0) return false;
            for (const auto& level : e.categorical_levels[c]) x[k++] = label == level ? dt : 0.0;
        }
    }
    for (const auto& name : e.factor_columns) {
        const double v = column_named(t, name).values[r];
        if (std::isnan(v)) return false;
        x[k++] = v * dt;
    }
    return true;
}

std::vector<std::string> sorted_levels(const Column& c, const std::vector<std::size_t>& rows) {
    std::set<std::string> seen;
    for (const auto r : rows)
        if (!c.is_missing(r)) seen.emplace(c.label(r));
    return {seen.begin(), seen.end()};
}

// The columns the model reads, the form, and the row step; levels come later from the
// training rows.
EnergyEncoding resolve_columns(const Table& table, const EnergyFitOptions& o) {
    EnergyEncoding e;
    e.energy_column = numeric_role(table, Role::energy, "interval energy, kWh").name;
    if (!table.has_time()) fail("the dataset has no time axis: map the 'time' role (the interval length is needed)");
    std::vector<double> spacing;
    spacing.reserve(table.time_s.size());
    for (std::size_t i = 1; i < table.time_s.size(); ++i) {
        const double d = table.time_s[i] - table.time_s[i - 1];
        if (d > 0.0) spacing.push_back(d);
    }
    // Meters report fixed intervals; a gap is missing rows, not one longer interval.
    const double step_s = median(spacing);
    if (!(step_s > 0.0)) fail("the time axis has no positive spacing between rows");
    e.step_h = step_s / 3600.0;

    const bool has_furnace = table.find_role(Role::furnace_temp) != nullptr;
    const bool has_ambient = table.find_role(Role::ambient_temp) != nullptr;
    EnergyForm form = o.form;
    if (form == EnergyForm::automatic) {
        form = (has_furnace || has_ambient) ? EnergyForm::physics : EnergyForm::profile;
    }
    e.form = form;
    if (form == EnergyForm::physics) {
        e.furnace_column = numeric_role(table, Role::furnace_temp, "furnace temperature, degC").name;
        e.ambient_column = numeric_role(table, Role::ambient_temp, "ambient temperature, degC").name;
        e.produced_column = numeric_role(table, Role::produced, "parts produced per interval").name;
        const Column* state = table.find_role(Role::state);
        if (state != nullptr && state->type == ColumnType::categorical) e.state_column = state->name;
        e.window_s = o.physics_window_s;
    } else {
        e.time_zone = o.time_zone;
        e.weekend_effect = o.weekend_effect;
        for (const auto& c : table.columns) {
            if (c.type == ColumnType::categorical && (c.role == Role::material || c.role == Role::state))
                e.categorical_columns.push_back(c.name);
        }
        for (const auto& name : o.categorical_columns) {
            const Column* c = table.find(name);
            if (c == nullptr || c->type != ColumnType::categorical) fail("'" + name + "' is not a categorical column");
            if (std::find(e.categorical_columns.begin(), e.categorical_columns.end(), name) == e.categorical_columns.end())
                e.categorical_columns.push_back(name);
        }
    }
    if (o.use_factor_roles) {
        for (const auto& c : table.columns)
            if (c.role == Role::factor && c.type != ColumnType::categorical) e.factor_columns.push_back(c.name);
    }
    return e;
}

// Rows where energy and every column the form reads are present.
std::vector<std::size_t> usable_rows(const Table& t, const EnergyEncoding& e) {
    std::vector<const Column*> needed{&column_named(t, e.energy_column)};
    for (const auto* n : {&e.produced_column, &e.furnace_column, &e.ambient_column, &e.state_column})
        if (!n->empty()) needed.push_back(&column_named(t, *n));
    for (const auto& n : e.factor_columns) needed.push_back(&column_named(t, n));
    for (const auto& n : e.categorical_columns) needed.push_back(&column_named(t, n));
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < t.row_count(); ++r) {
        if (std::isnan(t.time_s[r])) continue;
        bool ok = true;
        for (const auto* c : needed) ok = ok && !c->is_missing(r);
        if (ok) rows.push_back(r);
    }
    return rows;
}

struct Design {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    std::vector<double> time_s;  // first row time of each design row
};

Design build(const Table& t, const EnergyEncoding& e, const std::vector<std::size_t>& rows,
             const std::vector<double>& core) {
    const LocalClock clock = e.form == EnergyForm::profile ? clock_for(e.time_zone) : LocalClock{};
    const std::size_t p = term_count(e);
    const auto& energy = column_named(t, e.energy_column).values;
    std::vector<double> buf(p);
    std::vector<std::vector<double>> xs;
    Design d;
    std::vector<double> ys;
    double current_window = std::nan("");
    for (const auto r : rows) {
        if (!encode_row(t, e, clock, r, buf.data(), core)) continue;
        const double w = e.window_s > 0.0 ? std::floor(t.time_s[r] / e.window_s) : static_cast<double>(r);
        if (xs.empty() || w != current_window) {
            xs.emplace_back(p, 0.0);
            ys.push_back(0.0);
            d.time_s.push_back(t.time_s[r]);
            current_window = w;
        }
        for (std::size_t j = 0; j < p; ++j) xs.back()[j] += buf[j];
        ys.back() += energy[r];
    }
    d.x.resize(static_cast<Eigen::Index>(xs.size()), static_cast<Eigen::Index>(p));
    d.y.resize(static_cast<Eigen::Index>(xs.size()));
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const auto ii = static_cast<Eigen::Index>(i);
        d.y(ii) = ys[i];
        for (std::size_t j = 0; j < p; ++j) d.x(ii, static_cast<Eigen::Index>(j)) = xs[i][j];
    }
    return d;
}

std::vector<EnergyTerm> term_list(const EnergyEncoding& e) {
    std::vector<EnergyTerm> terms;
    if (e.form == EnergyForm::physics) {
        terms.push_back({"parts", "kWh/(part*K)", 0.0, 0.0});
        terms.push_back({"loss", "kW/K", 0.0, 0.0});
        if (e.state_levels.empty()) terms.push_back({"base", "kW", 0.0, 0.0});
        for (const auto& l : e.state_levels) terms.push_back({"base[" + l + "]", "kW", 0.0, 0.0});
    } else {
        terms.push_back({"base", "kW", 0.0, 0.0});
        char buf[16];
        for (const int h : e.hours) {
            std::snprintf(buf, sizeof buf, "hour[%02d]", h);
            terms.push_back({buf, "kW", 0.0, 0.0});
        }
        if (e.weekend_effect) terms.push_back({"weekend", "kW", 0.0, 0.0});
        for (std::size_t c = 0; c < e.categorical_columns.size(); ++c)
            for (const auto& l : e.categorical_levels[c])
                terms.push_back({e.categorical_columns[c] + "[T." + l + "]", "kW", 0.0, 0.0});
    }
    for (const auto& f : e.factor_columns) terms.push_back({f, "kW per unit", 0.0, 0.0});
    return terms;
}

// Weighted least squares by column-pivoting QR on unit-norm columns (the parts term is
// ~1000 per row, dt_h ~0.02: unscaled, the normal equations would lose digits).
// Returns the coefficients and (X'WX)^-1; throws naming collinear terms.
void solve_wls(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
               const std::vector<EnergyTerm>& terms, Eigen::VectorXd& beta, Eigen::MatrixXd& xtwx_inv) {
    const Eigen::VectorXd sw = w.array().sqrt();
    Eigen::MatrixXd xs = sw.asDiagonal() * x;
    Eigen::VectorXd scale = xs.colwise().norm().transpose();
    for (Eigen::Index j = 0; j < scale.size(); ++j) {
        if (!(scale(j) > 0.0)) fail("term '" + terms[static_cast<std::size_t>(j)].name + "' is zero in every training row");
        xs.col(j) /= scale(j);
    }
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(xs);
    qr.setThreshold(1e-10);
    const Eigen::Index p = xs.cols();
    if (qr.rank() < p) {
        std::string names;
        for (Eigen::Index k = qr.rank(); k < p; ++k) {
            names += (names.empty() ? "'" : ", '") + terms[static_cast<std::size_t>(qr.colsPermutation().indices()(k))].name + "'";
        }
        fail("collinear terms (" + names + "): the data cannot separate them; map more varied data or drop a factor");
    }
    const Eigen::VectorXd b = qr.solve(Eigen::VectorXd(sw.asDiagonal() * y));
    const Eigen::MatrixXd r = qr.matrixR().topLeftCorner(p, p).triangularView<Eigen::Upper>();
    const Eigen::MatrixXd rinv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
    const Eigen::MatrixXd inv_p = rinv * rinv.transpose();  // pivoted order
    const auto& perm = qr.colsPermutation();
    const Eigen::MatrixXd inv = perm * inv_p * perm.transpose();
    beta = b.cwiseQuotient(scale);
    xtwx_inv = inv.array() / (scale * scale.transpose()).array();
}

EnergyMetrics metrics(const Eigen::VectorXd& y, const Eigen::VectorXd& pred) {
    EnergyMetrics m;
    m.n = static_cast<std::size_t>(y.size());
    if (m.n == 0) return m;
    const Eigen::ArrayXd r = (y - pred).array();
    m.rmse = std::sqrt(r.square().mean());
    m.mae = r.abs().mean();
    const double sst = (y.array() - y.mean()).square().sum();
    m.r2 = sst > 0.0 ? 1.0 - r.square().sum() / sst : std::nan("");
    return m;
}

void add_range(std::vector<EnergyInputRange>& env, const std::string& name, const std::string& column,
               const std::string& unit, const std::vector<double>& v) {
    if (v.empty()) return;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    env.push_back({name, column, unit, *lo, *hi});
}

std::vector<EnergyInputRange> envelope_of(const Table& t, const EnergyEncoding& e,
                                          const std::vector<std::size_t>& rows,
                                          const std::vector<double>& core) {
    std::vector<EnergyInputRange> env;
    const auto gather = [&](const std::string& column) {
        std::vector<double> v;
        v.reserve(rows.size());
        for (const auto r : rows) v.push_back(column_named(t, column).values[r]);
        return v;
    };
    if (e.form == EnergyForm::physics) {
        const auto p = gather(e.produced_column);
        const auto tf = gather(e.furnace_column);
        const auto ta = gather(e.ambient_column);
        std::vector<double> diff(tf.size());
        for (std::size_t i = 0; i < tf.size(); ++i) diff[i] = tf[i] - ta[i];
        add_range(env, "produced", e.produced_column, "count", p);
        add_range(env, "furnace_temp", e.furnace_column, "degC", tf);
        add_range(env, "ambient_temp", e.ambient_column, "degC", ta);
        add_range(env, "furnace_over_ambient", "", "K", diff);
        if (e.parts_use_core) {
            std::vector<double> core_diff;
            for (std::size_t i = 0; i < rows.size(); ++i)
                if (p[i] != 0.0 && !std::isnan(core[rows[i]]))
                    core_diff.push_back(core[rows[i]] - ta[i]);
            add_range(env, "core_over_ambient", "", "K", core_diff);
        }
    }
    for (const auto& f : e.factor_columns) add_range(env, f, f, column_named(t, f).unit, gather(f));
    return env;
}

}  // namespace

const EnergyTerm& EnergyModel::term(const std::string& name) const {
    for (const auto& t : terms)
        if (t.name == name) return t;
    throw std::out_of_range("energy model has no term '" + name + "'");
}

std::vector<double> EnergyModel::predict(const Table& table,
                                         const std::vector<double>& core_temperature_degC) const {
    if (encoding.parts_use_core && core_temperature_degC.size() != table.row_count())
        throw std::invalid_argument(
            "energy model: the parts term uses the part core temperature; pass one value per "
            "table row");
    std::vector<double> out(table.row_count(), std::nan(""));
    const LocalClock clock = encoding.form == EnergyForm::profile ? clock_for(encoding.time_zone) : LocalClock{};
    std::vector<double> x(static_cast<std::size_t>(coefficients.size()));
    for (std::size_t r = 0; r < out.size(); ++r) {
        if (!table.has_time() || std::isnan(table.time_s[r])) continue;
        if (!encode_row(table, encoding, clock, r, x.data(), core_temperature_degC)) continue;
        double e = 0.0;
        for (std::size_t j = 0; j < x.size(); ++j) e += x[j] * coefficients(static_cast<Eigen::Index>(j));
        out[r] = e;
    }
    return out;
}

EnergyFit fit_energy_model(const Table& table, const EnergyFitOptions& options) {
    EnergyFit fit;
    EnergyEncoding enc = resolve_columns(table, options);
    fit.rows = table.row_count();
    const std::vector<double>& core = options.core_temperature_degC;
    if (enc.form == EnergyForm::physics && !core.empty()) {
        if (core.size() != table.row_count())
            throw std::invalid_argument(
                "energy model: the core temperature series does not match the table's rows");
        enc.parts_use_core = true;
    }
    const std::vector<std::size_t> rows = usable_rows(table, enc);
    fit.usable_rows = rows.size();
    if (rows.size() < options.min_rows) {
        fail("only " + std::to_string(rows.size()) + " rows have energy and every input present (need at least " +
             std::to_string(options.min_rows) + "): import more data or map the missing roles");
    }
    // Time-ordered split on usable rows; the physics windows follow their first row.
    const auto n_train = static_cast<std::size_t>(std::floor(options.train_fraction * static_cast<double>(rows.size())));
    const std::vector<std::size_t> train_rows(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_train));
    const std::vector<std::size_t> test_rows(rows.begin() + static_cast<std::ptrdiff_t>(n_train), rows.end());

    // Levels and hours from the training rows only: a term never seen in training
    // cannot be estimated.
    if (enc.form == EnergyForm::physics && !enc.state_column.empty()) {
        enc.state_levels = sorted_levels(column_named(table, enc.state_column), train_rows);
    }
    if (enc.form == EnergyForm::profile) {
        const LocalClock clock = clock_for(enc.time_zone);
        std::set<int> hours;
        for (const auto r : train_rows) {
            int h = 0;
            bool weekend = false;
            clock.at(table.time_s[r], h, weekend);
            hours.insert(h);
        }
        if (!hours.empty()) hours.erase(hours.begin());  // the earliest hour is the reference
        enc.hours.assign(hours.begin(), hours.end());
        for (const auto& name : enc.categorical_columns) {
            auto levels = sorted_levels(column_named(table, name), train_rows);
            enc.categorical_reference.push_back(levels.empty() ? std::string{} : levels.front());
            if (!levels.empty()) levels.erase(levels.begin());
            enc.categorical_levels.push_back(levels);
        }
    }
    const Design train = build(table, enc, train_rows, core);
    const Design test = build(table, enc, test_rows, core);
    if (static_cast<std::size_t>(train.y.size()) < options.min_rows) {
        fail("only " + std::to_string(train.y.size()) + " usable training " +
             (enc.window_s > 0.0 ? "windows" : "rows") + " (need at least " + std::to_string(options.min_rows) + ")");
    }
    auto terms = term_list(enc);
    const Eigen::Index p = train.x.cols();
    if (train.x.rows() <= p) fail("fewer training rows than terms");

    Eigen::VectorXd w = Eigen::VectorXd::Ones(train.x.rows());
    Eigen::VectorXd beta;
    Eigen::MatrixXd inv;
    solve_wls(train.x, train.y, w, terms, beta, inv);
    // One reweighting pass: weights cutoff*s/|r| beyond cutoff robust sd (MAD scale) so
    // that a meter glitch cannot pull the coefficients; ordinary rows keep weight 1.
    Eigen::VectorXd resid = train.y - train.x * beta;
    std::vector<double> abs_r(static_cast<std::size_t>(resid.size()));
    for (Eigen::Index i = 0; i < resid.size(); ++i) abs_r[static_cast<std::size_t>(i)] = std::abs(resid(i));
    const double s = 1.4826 * median(abs_r);
    if (s > 0.0) {
        const double c = options.outlier_cutoff_sd * s;
        for (Eigen::Index i = 0; i < resid.size(); ++i) {
            if (std::abs(resid(i)) > c) w(i) = c / std::abs(resid(i));
            if (w(i) < 0.5) ++fit.downweighted;
        }
        solve_wls(train.x, train.y, w, terms, beta, inv);
        resid = train.y - train.x * beta;
    }
    for (Eigen::Index i = 0; i < resid.size(); ++i) abs_r[static_cast<std::size_t>(i)] = std::abs(resid(i));
    fit.residual_sd = 1.4826 * median(abs_r);
    const double dof = static_cast<double>(train.x.rows() - p);
    const double sigma2 = (w.array() * resid.array().square()).sum() / dof;
    Eigen::MatrixXd cov = sigma2 * inv;

    for (std::size_t j = 0; j < terms.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        terms[j].estimate = beta(jj);
        terms[j].std_error = std::sqrt(cov(jj, jj));
    }
    fit.model.encoding = enc;
    fit.model.terms = terms;
    fit.model.coefficients = beta;
    fit.model.covariance = cov;
    fit.train_n = static_cast<std::size_t>(train.y.size());
    fit.test_n = static_cast<std::size_t>(test.y.size());
    fit.train = metrics(train.y, train.x * beta);
    if (test.y.size() > 0) {
        const Eigen::VectorXd predicted = test.x * beta;
        fit.test = metrics(test.y, predicted);
        for (Eigen::Index i = 0; i < predicted.size(); ++i)
            fit.holdout.add(test.time_s[static_cast<std::size_t>(i)], predicted(i), test.y(i));
    } else {
        fit.warnings.push_back("no hold-out rows: the test metrics are empty");
    }
    fit.holdout.unit = enc.window_s > 0.0 ? "kWh per window" : "kWh per row";
    if (fit.downweighted > 0) {
        fit.warnings.push_back(std::to_string(fit.downweighted) + " training " + (enc.window_s > 0.0 ? "windows" : "rows") +
                               " were down-weighted as gross outliers");
    }
    fit.first_time_s = table.time_s[rows.front()];
    fit.split_time_s = test_rows.empty() ? table.time_s[rows.back()] : table.time_s[test_rows.front()];
    fit.last_time_s = table.time_s[rows.back()];
    fit.envelope = envelope_of(table, enc, train_rows, core);
    return fit;
}

EnergyPartsSearch::EnergyPartsSearch(const Table& table, const EnergyFitOptions& options,
                                     const std::vector<double>& first_core_degC) {
    EnergyEncoding enc = resolve_columns(table, options);
    if (enc.form != EnergyForm::physics) fail("the parts' term exists only in the physics form");
    if (first_core_degC.size() != table.row_count())
        throw std::invalid_argument("energy model: the core temperature series does not match the table's rows");
    enc.parts_use_core = true;
    const std::vector<std::size_t> rows = usable_rows(table, enc);
    const auto n_train = static_cast<std::size_t>(std::floor(options.train_fraction * static_cast<double>(rows.size())));
    const std::vector<std::size_t> train_rows(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n_train));
    if (!enc.state_column.empty()) enc.state_levels = sorted_levels(column_named(table, enc.state_column), train_rows);
    const std::size_t p = term_count(enc);
    const auto& energy = column_named(table, enc.energy_column).values;
    const auto& produced = column_named(table, enc.produced_column).values;
    const auto& ambient = column_named(table, enc.ambient_column).values;
    std::vector<double> buf(p);
    std::vector<std::vector<double>> xs;
    std::vector<double> ys;
    double current_window = std::nan("");
    for (const auto r : train_rows) {
        if (!encode_row(table, enc, LocalClock{}, r, buf.data(), first_core_degC)) continue;
        const double w = enc.window_s > 0.0 ? std::floor(table.time_s[r] / enc.window_s) : static_cast<double>(r);
        if (xs.empty() || w != current_window) {
            xs.emplace_back(p - 1, 0.0);
            ys.push_back(0.0);
            current_window = w;
        }
        for (std::size_t j = 1; j < p; ++j) xs.back()[j - 1] += buf[j];
        ys.back() += energy[r];
        rows_.push_back(r);
        window_.push_back(xs.size() - 1);
        produced_.push_back(produced[r]);
        ambient_.push_back(ambient[r]);
    }
    if (xs.size() < options.min_rows) fail("only " + std::to_string(xs.size()) + " usable training windows");
    others_.resize(static_cast<Eigen::Index>(xs.size()), static_cast<Eigen::Index>(p - 1));
    energy_.resize(static_cast<Eigen::Index>(xs.size()));
    for (std::size_t i = 0; i < xs.size(); ++i) {
        energy_(static_cast<Eigen::Index>(i)) = ys[i];
        for (std::size_t j = 0; j + 1 < p; ++j) others_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = xs[i][j];
    }
}

double EnergyPartsSearch::train_rmse(const std::vector<double>& core_degC) const {
    const Eigen::Index n = others_.rows(), p = others_.cols() + 1;
    Eigen::MatrixXd x(n, p);
    x.col(0).setZero();
    x.rightCols(p - 1) = others_;
    for (std::size_t k = 0; k < rows_.size(); ++k) {
        const double parts = produced_[k];
        if (parts == 0.0) continue;
        const double core = core_degC[rows_[k]];
        if (std::isnan(core)) return std::numeric_limits<double>::infinity();
        x(static_cast<Eigen::Index>(window_[k]), 0) += parts * (core - ambient_[k]);
    }
    const Eigen::VectorXd scale = x.colwise().norm().transpose().cwiseMax(1e-300);
    const Eigen::MatrixXd xs = x * scale.cwiseInverse().asDiagonal();
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(xs);
    if (qr.rank() < p) return std::numeric_limits<double>::infinity();
    const Eigen::VectorXd residual = energy_ - xs * qr.solve(energy_);
    return std::sqrt(residual.squaredNorm() / static_cast<double>(n));
}

}  // namespace twinbench
