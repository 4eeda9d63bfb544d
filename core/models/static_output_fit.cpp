#include "models/static_output_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "common/error.h"
#include "models/defect_baseline.h"
#include "models/least_squares.h"
#include "models/logistic_regression.h"
#include "models/output_fit_support.h"

namespace twinbench {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::size_t selection_rows_max = 20000;

// A candidate the selection may add: one regressor, or the sine and cosine of a harmonic.
struct Block {
    std::vector<int> columns;  // into the candidate design
    std::string name;
};

struct CandidateDesign {
    std::vector<Regressor> regressors;  // base first, then candidates
    int base = 0;                       // how many are base terms
    std::vector<Block> blocks;
};

CandidateDesign candidate_design(const SignalFrame& frame, const OutputFitSpec& spec,
                                 const std::vector<std::size_t>& train, std::vector<std::string>& warnings) {
    CandidateDesign d;
    d.regressors.push_back(Regressor::of(Regressor::Kind::intercept));
    std::vector<std::pair<std::string, int>> numeric;  // name, lag
    struct Categorical {
        std::string name;
        int lag = 0;
        std::vector<std::string> levels;  // the non-reference ones
    };
    std::vector<Categorical> categoricals;
    for (const auto& name : spec.inputs) {
        const FrameSignal& s = frame.at(name);
        const int lag = lag_steps(frame, spec, name);
        if (s.categorical()) {
            const auto levels = levels_in(s, train);
            if (levels.size() < 2) {
                warnings.push_back(fmt::format("'{}' has one level in the training rows and is left out", name));
                continue;
            }
            // Reference: the alphabetically first level (patsy's choice): no column.
            for (std::size_t i = 1; i < levels.size(); ++i) {
                Regressor r = Regressor::of(Regressor::Kind::level, name);
                r.level = levels[i];
                r.lag_steps = lag;
                d.regressors.push_back(r);
            }
            categoricals.push_back({name, lag, {levels.begin() + 1, levels.end()}});
            continue;
        }
        const auto [mean, varies] = mean_over(s, train);
        if (!varies) {
            warnings.push_back(fmt::format("'{}' does not vary in the training rows and is left out", name));
            continue;
        }
        Regressor r = Regressor::of(Regressor::Kind::linear, name);
        r.lag_steps = lag;
        d.regressors.push_back(r);
        numeric.emplace_back(name, lag);
    }
    d.base = static_cast<int>(d.regressors.size());
    const auto add_block = [&](std::vector<Regressor> regs, std::string name) {
        Block b{{}, std::move(name)};
        for (auto& r : regs) {
            b.columns.push_back(static_cast<int>(d.regressors.size()));
            d.regressors.push_back(std::move(r));
        }
        d.blocks.push_back(std::move(b));
    };
    if (spec.calendar_terms && frame.has_time() && frame.step_min > 0.0 && frame.step_min <= 180.0 &&
        frame.hours() >= 72.0) {
        for (int h = 1; h <= 4; ++h) {
            Regressor s = Regressor::of(Regressor::Kind::day_sine), c = Regressor::of(Regressor::Kind::day_cosine);
            s.harmonic = c.harmonic = h;
            add_block({s, c}, fmt::format("time of day ({}/day)", h));
        }
        // The hour of the day as a level (the shape of a shift pattern, which a few
        // harmonics smooth over): one block of 23 dummies against hour 0.
        std::vector<Regressor> hours;
        for (int h = 1; h < 24; ++h) {
            Regressor r = Regressor::of(Regressor::Kind::hour);
            r.harmonic = h;
            hours.push_back(r);
        }
        if (frame.step_min <= 60.0) add_block(std::move(hours), "hour of the day");
        bool weekday = false, weekend = false;
        for (const std::size_t k : train) (frame.weekend[k] > 0.5 ? weekend : weekday) = true;
        if (weekday && weekend) add_block({Regressor::of(Regressor::Kind::weekend)}, "weekend");
    }
    if (spec.curvature_terms) {
        std::map<std::string, double> centre;
        for (const auto& [name, lag] : numeric) centre[name] = mean_over(frame.at(name), train).first;
        for (const auto& [name, lag] : numeric) {
            Regressor r = Regressor::of(Regressor::Kind::square, name);
            r.lag_steps = lag;
            r.center = centre[name];
            add_block({r}, r.name());
        }
        // A numeric input's slope may differ by level of a categorical one (the scrap
        // window of a furnace sits elsewhere for every material grade).
        for (const auto& [name, lag] : numeric)
            for (const auto& c : categoricals) {
                std::vector<Regressor> slopes;
                for (const auto& level : c.levels) {
                    Regressor r = Regressor::of(Regressor::Kind::level_slope, name, c.name);
                    r.level = level;
                    r.lag_steps = lag;
                    r.lag_steps2 = c.lag;
                    r.center = centre[name];
                    slopes.push_back(r);
                }
                add_block(std::move(slopes), name + " × " + c.name);
            }
        for (std::size_t a = 0; a < numeric.size(); ++a)
            for (std::size_t b = a + 1; b < numeric.size(); ++b) {
                Regressor r = Regressor::of(Regressor::Kind::interaction, numeric[a].first, numeric[b].first);
                r.lag_steps = numeric[a].second;
                r.lag_steps2 = numeric[b].second;
                r.center = centre[numeric[a].first];
                r.center2 = centre[numeric[b].first];
                add_block({r}, r.name());
            }
    }
    return d;
}

// The data of the fit: the complete rows of the candidate design at the split's steps.
struct FitRows {
    Eigen::MatrixXd x;
    Eigen::VectorXd y, trials;  // trials: count outputs only
    std::vector<std::size_t> steps;
    std::size_t n_train = 0;
};

FitRows fit_rows(const SignalFrame& frame, const OutputFitSpec& spec, const CandidateDesign& d,
                 const HoldoutSplit& split) {
    const BoundDesign design(d.regressors, frame);
    FitRows r;
    std::vector<std::size_t> kept_train, kept_test;
    const Eigen::MatrixXd x_train = design.rows(split.train, kept_train);
    const Eigen::MatrixXd x_test = design.rows(split.test, kept_test);
    r.x.resize(x_train.rows() + x_test.rows(), x_train.cols());
    r.x << x_train, x_test;
    r.steps = kept_train;
    r.steps.insert(r.steps.end(), kept_test.begin(), kept_test.end());
    r.n_train = kept_train.size();
    const auto& y = frame.at(spec.output).values;
    r.y.resize(static_cast<Eigen::Index>(r.steps.size()));
    for (std::size_t i = 0; i < r.steps.size(); ++i) r.y(static_cast<Eigen::Index>(i)) = y[r.steps[i]];
    if (spec.kind == OutputKind::count) {
        const auto& m = frame.at(spec.total_signal).values;
        r.trials.resize(r.y.size());
        for (std::size_t i = 0; i < r.steps.size(); ++i) r.trials(static_cast<Eigen::Index>(i)) = m[r.steps[i]];
    }
    return r;
}

Eigen::MatrixXd columns_of(const Eigen::MatrixXd& x, const std::vector<int>& cols, Eigen::Index first, Eigen::Index rows) {
    Eigen::MatrixXd out(rows, static_cast<Eigen::Index>(cols.size()));
    for (std::size_t j = 0; j < cols.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = x.col(cols[j]).segment(first, rows);
    return out;
}

// Evenly spaced rows [first, first + rows), at most `keep` of them.
std::vector<Eigen::Index> thinned(Eigen::Index first, Eigen::Index rows, std::size_t keep) {
    std::vector<Eigen::Index> out;
    for (const std::size_t i : thin_evenly(static_cast<std::size_t>(rows), keep)) out.push_back(first + static_cast<Eigen::Index>(i));
    return out;
}

Eigen::MatrixXd pick_rows(const Eigen::MatrixXd& x, const std::vector<Eigen::Index>& rows) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Eigen::Index>(i)) = x.row(rows[i]);
    return out;
}
Eigen::VectorXd pick(const Eigen::VectorXd& v, const std::vector<Eigen::Index>& rows) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) out(static_cast<Eigen::Index>(i)) = v(rows[i]);
    return out;
}

// Forward selection of blocks on the training rows (first 75 % fit, last 25 % validate).
std::vector<int> select_columns(const CandidateDesign& d, const FitRows& r, const OutputFitSpec& spec,
                                nlohmann::json& steps_json) {
    std::vector<int> chosen(static_cast<std::size_t>(d.base));
    std::iota(chosen.begin(), chosen.end(), 0);
    if (d.blocks.empty()) return chosen;
    const auto n_train = static_cast<Eigen::Index>(r.n_train);
    const Eigen::Index n_fit = n_train * 3 / 4;
    if (n_fit < 20 || n_train - n_fit < 10) return chosen;
    const auto fit_idx = thinned(0, n_fit, selection_rows_max);
    const auto val_idx = thinned(n_fit, n_train - n_fit, selection_rows_max);
    const Eigen::MatrixXd xf = pick_rows(r.x, fit_idx), xv = pick_rows(r.x, val_idx);
    const Eigen::VectorXd yf = pick(r.y, fit_idx), yv = pick(r.y, val_idx);
    Eigen::VectorXd mf, mv;
    if (spec.kind == OutputKind::count) {
        mf = pick(r.trials, fit_idx);
        mv = pick(r.trials, val_idx);
    }
    std::optional<GramSubsets> gram;
    if (spec.kind == OutputKind::continuous) gram.emplace(xf, yf, xv, yv);
    const auto loss = [&](const std::vector<int>& cols) -> double {
        if (gram) return gram->validation_mse(cols);
        try {
            const Eigen::MatrixXd a = columns_of(xf, cols, 0, xf.rows());
            std::vector<std::string> names(cols.size(), "x");
            LogisticOptions options;
            options.max_iterations = 50;
            options.tolerance = 1e-8;
            const LogisticFit fit = spec.kind == OutputKind::count ? fit_logistic_counts(a, names, yf, mf, options)
                                                                   : fit_logistic(a, names, yf, options);
            const Eigen::VectorXd p = fit.predict(columns_of(xv, cols, 0, xv.rows()));
            return outcome_log_loss(p, yv, spec.kind == OutputKind::count ? mv : Eigen::VectorXd());
        } catch (const ModelError&) {
            return inf;
        }
    };
    const double validation_items = spec.kind == OutputKind::count ? mv.sum() : static_cast<double>(yv.size());
    double current = loss(chosen);
    if (!std::isfinite(current)) return chosen;
    std::vector<bool> used(d.blocks.size(), false);
    for (int added = 0; added < spec.max_added_terms; ++added) {
        double best = current;
        std::size_t best_block = d.blocks.size();
        for (std::size_t b = 0; b < d.blocks.size(); ++b) {
            if (used[b]) continue;
            auto trial = chosen;
            trial.insert(trial.end(), d.blocks[b].columns.begin(), d.blocks[b].columns.end());
            const double l = loss(trial);
            if (l < best) {
                best = l;
                best_block = b;
            }
        }
        if (best_block == d.blocks.size()) break;
        const auto k = static_cast<double>(d.blocks[best_block].columns.size());
        if (spec.kind == OutputKind::continuous) {
            // A block must pay for its columns: on a small validation part (a lab value
            // every few hours) chance alone lowers the loss by about 2 k / n.
            const double needed = 0.005 + 2.0 * k / static_cast<double>(val_idx.size());
            if (best > current * (1.0 - needed)) break;
        } else if ((current - best) * validation_items < 2.0 * k) {
            // Outcomes: the validation log-likelihood must rise by 2 per column (the
            // per-item log loss of rare events moves by tiny fractions even for real effects).
            break;
        }
        used[best_block] = true;
        chosen.insert(chosen.end(), d.blocks[best_block].columns.begin(), d.blocks[best_block].columns.end());
        steps_json.push_back({{"added", d.blocks[best_block].name}, {"validation_loss_before", current},
                              {"validation_loss_after", best}});
        current = best;
    }
    return chosen;
}

// One form fitted on the training rows and scored on the hold-out.
struct FormFit {
    std::vector<int> columns;
    Eigen::VectorXd coefficients;
    Eigen::MatrixXd covariance;
    Eigen::VectorXd predicted_test;  // hold-out: value (continuous) or probability
    Eigen::VectorXd residual_train;
    double holdout_loss = inf;
    std::vector<std::string> warnings;
};

// One form fitted on the first n_train rows (the training rows, or every row once the
// hold-out has judged it) and scored on the rest.
FormFit fit_form_on(const CandidateDesign& d, const FitRows& r, const OutputFitSpec& spec, std::vector<int> cols,
                    Eigen::Index n_train) {
    FormFit f;
    f.columns = std::move(cols);
    const Eigen::Index n_test = r.x.rows() - n_train;
    const Eigen::MatrixXd xt = columns_of(r.x, f.columns, 0, n_train);
    const Eigen::MatrixXd xh = columns_of(r.x, f.columns, n_train, n_test);
    const Eigen::VectorXd yt = r.y.head(n_train), yh = r.y.tail(n_test);
    if (spec.kind == OutputKind::continuous) {
        const LeastSquaresFit ls = fit_least_squares(xt, yt);
        f.coefficients = ls.coefficients;
        f.covariance = ls.covariance;
        f.residual_train = ls.residuals;
        for (const auto c : ls.dropped_columns)
            f.warnings.push_back(fmt::format("'{}' is collinear with the other terms and was left at 0",
                                             d.regressors[static_cast<std::size_t>(f.columns[c])].name()));
        f.predicted_test = xh * f.coefficients;
        f.holdout_loss = n_test > 0 ? (yh - f.predicted_test).squaredNorm() / static_cast<double>(n_test) : inf;
        return f;
    }
    std::vector<std::string> names;
    for (const int c : f.columns) names.push_back(d.regressors[static_cast<std::size_t>(c)].name());
    const LogisticFit fit = spec.kind == OutputKind::count
                                ? fit_logistic_counts(xt, names, yt, r.trials.head(n_train))
                                : fit_logistic(xt, names, yt);
    f.coefficients = fit.coefficients;
    f.covariance = fit.covariance;
    f.warnings = fit.warnings;
    f.predicted_test = fit.predict(xh);
    f.holdout_loss = outcome_log_loss(f.predicted_test, yh, spec.kind == OutputKind::count ? Eigen::VectorXd(r.trials.tail(n_test)) : Eigen::VectorXd());
    return f;
}

FormFit fit_form(const CandidateDesign& d, const FitRows& r, const OutputFitSpec& spec, std::vector<int> cols) {
    return fit_form_on(d, r, spec, std::move(cols), static_cast<Eigen::Index>(r.n_train));
}

// The multiplicative form of a continuous output that is never negative: ln(y + offset)
// linear in the terms, selected on the log scale, predicted back on the output's own
// scale (with Duan's smearing factor for the mean) and scored there, so that it competes
// with the additive form on the same hold-out MSE.
struct LogForm {
    FormFit fit;  // predicted_test and holdout_loss on the output's scale; residuals in ln
    double offset = 0.0;
    double smearing = 1.0;
    nlohmann::json selection = nlohmann::json::array();
};

std::optional<LogForm> fit_log_form(const CandidateDesign& d, const FitRows& rows, const OutputFitSpec& spec) {
    const auto n_train = static_cast<Eigen::Index>(rows.n_train);
    const Eigen::VectorXd y_train = rows.y.head(n_train);
    if (y_train.minCoeff() < 0.0) return std::nullopt;
    // Zeros (a meter reading 0 at a standstill, a value rounded to 0): offset by half the
    // smallest positive value, the resolution the data are written with.
    double smallest_positive = inf;
    for (const double v : y_train) if (v > 0.0) smallest_positive = std::min(smallest_positive, v);
    if (!std::isfinite(smallest_positive)) return std::nullopt;
    // A quantity that spans less than a factor of 1.5 is as additive as it is multiplicative.
    if (y_train.maxCoeff() < 1.5 * smallest_positive) return std::nullopt;
    LogForm out;
    out.offset = y_train.minCoeff() > 0.0 ? 0.0 : smallest_positive / 2.0;
    FitRows logged = rows;
    logged.y = (rows.y.array() + out.offset).log().matrix();
    const std::vector<int> cols = select_columns(d, logged, spec, out.selection);
    out.fit = fit_form(d, logged, spec, cols);
    if (out.fit.residual_train.size() == 0) return std::nullopt;
    out.smearing = out.fit.residual_train.array().exp().mean();
    const Eigen::VectorXd y_test = rows.y.tail(rows.x.rows() - n_train);
    out.fit.predicted_test =
        ((out.fit.predicted_test.array().exp() * out.smearing) - out.offset).max(0.0).matrix();
    out.fit.holdout_loss = y_test.size() > 0
                               ? (y_test - out.fit.predicted_test).squaredNorm() / static_cast<double>(y_test.size())
                               : inf;
    if (!std::isfinite(out.fit.holdout_loss)) return std::nullopt;
    return out;
}

// An outcome's chosen form fitted again on every row, the hold-out's included: the
// hold-out has judged the form, and the law a what-if uses comes from all the events, the
// most recent quarter of them too (on a rare outcome the training rows alone left the
// off-spec rate of a two-year dryer 2.4-3.2 % off the truth, every row 1.5-1.8 %). A
// continuous output keeps its training fit: its hold-out residuals are what the sparse
// fusion learns the model's drift from (sparse_output_fusion.h), and that bias walk
// carries the recent data into its estimate. Where the refit fails, the training fit stays.
std::optional<FormFit> refit_outcome_on_every_row(const CandidateDesign& d, const FitRows& rows,
                                                  const OutputFitSpec& spec, const FormFit& chosen,
                                                  std::vector<std::string>& warnings) {
    if (spec.kind == OutputKind::continuous) return std::nullopt;
    try {
        FormFit refit = fit_form_on(d, rows, spec, chosen.columns, rows.x.rows());
        if (refit.coefficients.size() != chosen.coefficients.size() || !refit.coefficients.allFinite())
            throw ModelError("no finite coefficients");
        for (const std::string& w : refit.warnings)
            if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
        return refit;
    } catch (const ModelError& e) {
        warnings.push_back(fmt::format("refitting the chosen form on every row failed ({}): its coefficients are "
                                       "the training rows'",
                                       e.what()));
        return std::nullopt;
    }
}

}  // namespace

std::unique_ptr<StaticOutputModel> fit_static_output(const SignalFrame& frame, const OutputFitSpec& spec) {
    const HoldoutSplit split = holdout_split(frame, spec);
    std::vector<std::string> warnings;
    const CandidateDesign d = candidate_design(frame, spec, split.train, warnings);
    const FitRows rows = fit_rows(frame, spec, d, split);
    const auto n_train = static_cast<Eigen::Index>(rows.n_train);
    const Eigen::Index n_test = rows.x.rows() - n_train;
    if (n_train < d.base + 10 || n_test < 10)
        throw ModelError(fmt::format("'{}': {} training and {} hold-out rows with every input present, too few for {} "
                                     "terms; import more data or give it fewer inputs",
                                     spec.output, n_train, n_test, d.base));
    check_outcome_varies(spec, rows.y.head(n_train), rows.trials.size() ? Eigen::VectorXd(rows.trials.head(n_train)) : Eigen::VectorXd());

    nlohmann::json selection = nlohmann::json::array();
    const std::vector<int> selected = select_columns(d, rows, spec, selection);
    std::vector<int> base(static_cast<std::size_t>(d.base));
    std::iota(base.begin(), base.end(), 0);
    const FormFit main_effects = fit_form(d, rows, spec, base);
    FormFit chosen = main_effects;
    std::string reason = "main effects of the declared inputs";
    std::vector<FormCandidate> candidates;
    const auto figure = spec.kind == OutputKind::continuous ? FormCandidate::Figure::mse : FormCandidate::Figure::log_loss;
    candidates.push_back({"main effects", base.size(), figure, main_effects.holdout_loss});
    if (selected.size() > base.size()) {
        const FormFit richer = fit_form(d, rows, spec, selected);
        std::string added;
        for (const auto& step : selection) added += (added.empty() ? "" : ", ") + step["added"].get<std::string>();
        candidates.push_back({"main effects + " + added, selected.size(), figure, richer.holdout_loss,
                              {{"selection", selection}}});
        // Continuous: the hold-out MSE lower by min_holdout_gain; outcomes: the hold-out
        // log-likelihood higher by 2 per extra column (as in the selection).
        const double extra = static_cast<double>(selected.size() - base.size());
        const double test_items = spec.kind == OutputKind::count ? rows.trials.tail(n_test).sum()
                                                                 : static_cast<double>(n_test);
        const bool earns = spec.kind == OutputKind::continuous
                               ? richer.holdout_loss < (1.0 - spec.min_holdout_gain) * main_effects.holdout_loss
                               : (main_effects.holdout_loss - richer.holdout_loss) * test_items > 2.0 * extra;
        if (earns) {
            chosen = richer;
            reason = fmt::format("main effects + {}: hold-out {} {:.4g} against {:.4g} without them", added,
                                 spec.kind == OutputKind::continuous ? "MSE" : "log loss", richer.holdout_loss,
                                 main_effects.holdout_loss);
        } else {
            reason = fmt::format("main effects of the declared inputs; {} did not improve the hold-out enough "
                                 "({:.4g} against {:.4g})",
                                 added, richer.holdout_loss, main_effects.holdout_loss);
        }
    }

    // The multiplicative form where the hold-out rewards it as it must reward extra terms.
    std::optional<LogForm> log_form;
    if (spec.kind == OutputKind::continuous) log_form = fit_log_form(d, rows, spec);
    if (log_form) {
        const std::string form = fmt::format("multiplicative: ln(output{}) linear in {} terms",
                                             log_form->offset > 0.0 ? fmt::format(" + {:.3g}", log_form->offset) : "",
                                             log_form->fit.columns.size());
        candidates.push_back({form, log_form->fit.columns.size(), figure, log_form->fit.holdout_loss,
                              {{"selection", log_form->selection}}});
        // Better on the hold-out as extra terms must be, or as good with fewer terms (the
        // additive form buys with interactions what the multiplicative one has by its form).
        const bool better = log_form->fit.holdout_loss < (1.0 - spec.min_holdout_gain) * chosen.holdout_loss;
        const bool simpler = log_form->fit.holdout_loss <= chosen.holdout_loss &&
                             log_form->fit.columns.size() < chosen.columns.size();
        if (better || simpler) {
            reason = fmt::format("{}: hold-out MSE {:.4g} against {:.4g} additive{} (a never-negative quantity whose "
                                 "effects multiply)",
                                 form, log_form->fit.holdout_loss, chosen.holdout_loss,
                                 better ? "" : fmt::format(" with {} terms", chosen.columns.size()));
            chosen = log_form->fit;
        } else {
            log_form.reset();
        }
    }

    std::vector<std::string> chosen_warnings = chosen.warnings;
    const std::optional<FormFit> refit = refit_outcome_on_every_row(d, rows, spec, chosen, chosen_warnings);
    const FormFit& every_row = refit ? *refit : chosen;
    if (refit)
        reason += fmt::format("; coefficients from all {} rows, once the hold-out had judged the form fitted on the "
                              "first {}",
                              rows.x.rows(), n_train);

    StaticOutputModel::Spec model;
    model.output = spec.output;
    model.unit = spec.unit;
    model.kind = spec.kind;
    model.total_signal = spec.total_signal;
    for (const int c : chosen.columns) model.regressors.push_back(d.regressors[static_cast<std::size_t>(c)]);
    model.coefficients = every_row.coefficients;
    model.covariance = every_row.covariance;
    model.input_units = input_units(frame, spec);
    model.step_min = frame.step_min;
    if (log_form) {
        model.log_offset = log_form->offset;
        model.smearing = log_form->smearing;
    }
    model.never_negative = spec.kind == OutputKind::continuous && rows.y.size() > 0 && rows.y.minCoeff() >= 0.0;
    const auto train_steps = std::vector<std::size_t>(rows.steps.begin(), rows.steps.begin() + n_train);
    if (spec.kind == OutputKind::continuous) {
        const ResidualNoise noise = residual_noise(chosen.residual_train, train_steps);
        model.noise_sd = noise.sd;
        model.noise_ar1 = noise.ar1;
        // Autocorrelated residuals carry less information than their count says.
        model.covariance *= noise.variance_inflation;
    }
    auto fitted = std::make_unique<StaticOutputModel>(std::move(model));
    FitReport& report = fitted->report();
    report.warnings = warnings;
    report.warnings.insert(report.warnings.end(), chosen_warnings.begin(), chosen_warnings.end());
    report.form_reason = reason;
    report.candidates = candidates;
    const auto test_steps = std::vector<std::size_t>(rows.steps.begin() + n_train, rows.steps.end());
    const Eigen::VectorXd y_test = rows.y.tail(n_test);
    if (spec.kind == OutputKind::continuous) {
        report.metrics = continuous_holdout_metrics(
            std::span<const double>(chosen.predicted_test.data(), static_cast<std::size_t>(n_test)),
            std::span<const double>(y_test.data(), static_cast<std::size_t>(n_test)), rows.y.head(n_train).mean());
    } else {
        report.metrics = outcome_holdout_metrics(chosen.predicted_test, y_test,
                                                 spec.kind == OutputKind::count ? Eigen::VectorXd(rows.trials.tail(n_test)) : Eigen::VectorXd(),
                                                 rows.y.head(n_train), spec.kind == OutputKind::count ? Eigen::VectorXd(rows.trials.head(n_train)) : Eigen::VectorXd());
    }
    report.metrics.n_train = static_cast<std::size_t>(n_train);
    report.metrics.n_test = static_cast<std::size_t>(n_test);
    report.diagnostics = holdout_diagnostics(frame, spec, test_steps, chosen.predicted_test, y_test,
                                             spec.kind == OutputKind::count ? Eigen::VectorXd(rows.trials.tail(n_test)) : Eigen::VectorXd());
    report.envelope = input_envelope(frame, spec.inputs, train_steps);
    fill_time_range(frame, train_steps, test_steps, report);
    report.trust = judge_trust(report.metrics, spec.kind == OutputKind::continuous ? spec.unit : "");
    return fitted;
}

}  // namespace twinbench
