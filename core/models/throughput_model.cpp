#include "models/throughput_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>

#include "common/ascii_text.h"
#include "common/error.h"
#include "models/model_inputs.h"

namespace twinbench {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

double median_of(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    double m = *mid;
    if (v.size() % 2 == 0) m = 0.5 * (m + *std::max_element(v.begin(), mid));
    return m;
}

// Standard error of a sample median from the MAD (normal approximation, 1.2533 sd/sqrt n).
double median_se(const std::vector<double>& v, double median) {
    if (v.size() < 2) return 0.0;
    std::vector<double> dev;
    dev.reserve(v.size());
    for (double x : v) dev.push_back(std::abs(x - median));
    const double sd = 1.4826 * median_of(std::move(dev));
    return 1.2533 * sd / std::sqrt(static_cast<double>(v.size()));
}

// The conveyor wear signal: the named column, else a numeric column (factor role first)
// whose name reads like wear.
const Column* find_wear(const Table& table, const std::string& name) {
    if (!name.empty()) {
        const Column* c = table.find(name);
        if (!c || c->type != ColumnType::numeric)
            throw ModelError("throughput model: wear column '" + name + "' is not a numeric column of the dataset");
        return c;
    }
    auto wear_like = [](const Column& c) {
        const std::string n = ascii_lower(c.name);
        return c.type == ColumnType::numeric &&
               (n.find("wear") != std::string::npos || n.find("verschlei") != std::string::npos);
    };
    for (const auto& c : table.columns)
        if (c.role == Role::factor && wear_like(c)) return &c;
    for (const auto& c : table.columns)
        if (c.role == Role::none && wear_like(c)) return &c;
    return nullptr;
}

double median_step_s(const std::vector<double>& t) {
    std::vector<double> d;
    d.reserve(t.size());
    for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i] > t[i - 1]) d.push_back(t[i] - t[i - 1]);
    return median_of(std::move(d));
}

bool present(const Column& c, std::size_t r) { return !c.is_missing(r); }

struct PitchEstimate {
    double pitch = 0.0, se = 0.0;
};

PitchEstimate estimate_pitch(const Column& speed, const Column& produced, const std::vector<RowClass>& classes,
                             std::size_t last, double step_min) {
    double sx = 0.0, sy = 0.0;
    std::size_t n = 0;
    for (std::size_t r = 0; r < last; ++r) {
        if (classes[r] != RowClass::running || !present(speed, r) || !present(produced, r)) continue;
        sx += speed.values[r] * step_min;
        sy += produced.values[r];
        ++n;
    }
    if (n < 2 || sx <= 0.0 || sy <= 0.0)
        throw ModelError("throughput model: no running rows with speed and parts produced; check the speed and "
                         "produced mappings and which state value means running");
    const double b = sy / sx;  // parts per metre
    double ss = 0.0;
    for (std::size_t r = 0; r < last; ++r) {
        if (classes[r] != RowClass::running || !present(speed, r) || !present(produced, r)) continue;
        const double e = produced.values[r] - b * speed.values[r] * step_min;
        ss += e * e;
    }
    const double nd = static_cast<double>(n);
    const double xbar = sx / nd;
    const double se_b = std::sqrt(ss / (nd * (nd - 1.0))) / xbar;
    return {1.0 / b, se_b / (b * b)};
}

struct WearBin {
    double sum_d = 0.0, sum_dt = 0.0, sum_v_dt = 0.0;
};

// Fits w0 and alpha; returns the number of speed bins used.
std::size_t fit_wear_law(const Table& table, const Column& speed, const Column& wear,
                         const std::vector<RowClass>& classes, std::size_t last, double step_min,
                         const ThroughputFitOptions& options, ThroughputModel& m, std::vector<std::string>& warnings) {
    struct Pair {
        double v, d;
    };
    std::vector<Pair> pairs;
    const double step_s = step_min * 60.0;
    for (std::size_t r = 0; r + 1 < last; ++r) {
        if (classes[r] != RowClass::running || !present(speed, r) || speed.values[r] <= 0.0) continue;
        if (!present(wear, r) || !present(wear, r + 1)) continue;
        if (std::abs(table.time_s[r + 1] - table.time_s[r] - step_s) > 1.0) continue;  // gap
        const double d = wear.values[r + 1] - wear.values[r];
        if (d < 0.0) continue;  // reset by maintenance or a sensor glitch
        pairs.push_back({speed.values[r], d});
    }
    if (pairs.empty()) return 0;
    // Gross spikes of the wear signal would dominate a bin's sum: drop increments far
    // above the typical one (wear per row varies by a factor of about 2 over the speeds).
    std::vector<double> ds;
    ds.reserve(pairs.size());
    for (const auto& p : pairs) ds.push_back(p.d);
    const double typical = median_of(ds);
    const double cap = typical > 0.0 ? 20.0 * typical : infinity;

    std::map<long, WearBin> bins;
    for (const auto& p : pairs) {
        if (p.d > cap) continue;
        auto& b = bins[std::lround(p.v / options.speed_bin_m_per_min)];
        b.sum_d += p.d;
        b.sum_dt += step_min;
        b.sum_v_dt += p.v * step_min;
    }
    std::vector<double> x, y, w;
    for (const auto& [key, b] : bins) {
        if (b.sum_dt < options.min_bin_running_min || b.sum_d <= 0.0) continue;
        x.push_back(std::log(b.sum_v_dt / b.sum_dt / m.speed_ref_m_per_min));
        y.push_back(std::log(b.sum_d / b.sum_dt));
        w.push_back(b.sum_dt);
    }
    const std::size_t k = x.size();
    if (k == 0) return 0;
    if (k == 1) {
        m.alpha_assumed = true;
        m.wear_alpha = 1.0;
        m.wear_w0_pct_per_min = std::exp(y[0] - x[0]);
        warnings.push_back("throughput: one line speed only; wear assumed proportional to distance (alpha = 1)");
        return 1;
    }
    // Weighted least squares of log rate on log(v / v_ref).
    double sw = 0.0, sx = 0.0, sy = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        sw += w[i];
        sx += w[i] * x[i];
        sy += w[i] * y[i];
    }
    const double xm = sx / sw, ym = sy / sw;
    double sxx = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        sxx += w[i] * (x[i] - xm) * (x[i] - xm);
        sxy += w[i] * (x[i] - xm) * (y[i] - ym);
    }
    if (sxx <= 0.0) return 0;
    const double alpha = sxy / sxx;
    const double a = ym - alpha * xm;
    double ss = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
        const double e = y[i] - a - alpha * x[i];
        ss += w[i] * e * e;
    }
    const double s2 = k > 2 ? ss / static_cast<double>(k - 2) : 0.0;
    if (k == 2) warnings.push_back("throughput: two line speeds only; the wear law has no standard errors");
    m.wear_alpha = alpha;
    m.wear_alpha_se = std::sqrt(s2 / sxx);
    m.wear_w0_pct_per_min = std::exp(a);
    m.wear_w0_se = m.wear_w0_pct_per_min * std::sqrt(s2 * (1.0 / sw + xm * xm / sxx));
    return k;
}

// Wear limit, wear after maintenance, maintenance duration and the unplanned stops.
void fit_stops(const Table& table, const Column* wear, const std::vector<Stretch>& stretches,
               const ThroughputFitOptions& options, ThroughputModel& m, std::vector<std::string>& warnings) {
    std::vector<double> limits, afters, durations;
    double running_min = 0.0, stop_min = 0.0;
    std::size_t stops = 0, maintenance_starts = 0;
    const auto& t = table.time_s;
    const std::size_t end = stretches.empty() ? 0 : stretches.back().last + 1;
    for (const auto& s : stretches) {
        if (s.kind == RowClass::running) running_min += s.minutes;
        if (s.kind == RowClass::stop) {
            stop_min += s.minutes;
            ++stops;
        }
        if (s.kind != RowClass::maintenance) continue;
        if (!s.censored) durations.push_back(s.minutes);
        if (s.first > stretches.front().first) ++maintenance_starts;
        if (!wear) continue;
        if (s.first > stretches.front().first) {
            // Highest wear in the lookaround before the stretch, its first row included:
            // wear only grows until the reset inside the maintenance.
            double highest = -infinity;
            for (std::size_t r = s.first + 1; r-- > 0;) {
                if (t[s.first] - t[r] > options.wear_lookaround_min * 60.0) break;
                if (present(*wear, r)) highest = std::max(highest, wear->values[r]);
                if (r == stretches.front().first) break;
            }
            if (highest > -infinity) limits.push_back(highest);
        }
        for (std::size_t r = s.last + 1; r < end; ++r) {
            if (t[r] - t[s.last] > options.wear_lookaround_min * 60.0) break;
            if (present(*wear, r)) {
                afters.push_back(wear->values[r]);
                break;
            }
        }
    }
    m.maintenance_count = durations.size();
    m.maintenance_min = median_of(durations);
    m.maintenance_se_min = median_se(durations, m.maintenance_min);
    if (!limits.empty()) {
        m.wear_limit_pct = median_of(limits);
        m.wear_limit_se = median_se(limits, m.wear_limit_pct);
        m.wear_after_pct = afters.empty() ? 0.0 : median_of(afters);
    }
    if (maintenance_starts > 0 && running_min > 0.0)
        m.running_min_per_maintenance = running_min / static_cast<double>(maintenance_starts);
    if (durations.empty()) warnings.push_back("throughput: no complete maintenance stop in the training data");
    if (m.has_wear && limits.empty()) {
        warnings.push_back("throughput: no wear reading before a maintenance stop; availability ignores wear");
        m.has_wear = false;
    }
    const double up_min = running_min + stop_min;
    if (up_min > 0.0) {
        m.stop_fraction = stop_min / up_min;
        m.stops_per_h = static_cast<double>(stops) / (up_min / 60.0);
    }
    m.stop_mean_min = stops > 0 ? stop_min / static_cast<double>(stops) : 0.0;
}

void add_metrics(ThroughputMetrics& out, const std::vector<double>& actual, const std::vector<double>& predicted) {
    out.n = actual.size();
    if (actual.empty()) return;
    double mean = 0.0;
    for (double a : actual) mean += a;
    mean /= static_cast<double>(actual.size());
    double sse = 0.0, sae = 0.0, sst = 0.0;
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double e = actual[i] - predicted[i];
        sse += e * e;
        sae += std::abs(e);
        sst += (actual[i] - mean) * (actual[i] - mean);
    }
    const double n = static_cast<double>(actual.size());
    out.rmse = std::sqrt(sse / n);
    out.mae = sae / n;
    out.r2 = sst > 0.0 ? 1.0 - sse / sst : 0.0;
}

}  // namespace

double ThroughputModel::parts_per_h_running(double speed_m_per_min) const {
    return pitch_m > 0.0 ? 60.0 * std::max(speed_m_per_min, 0.0) / pitch_m : 0.0;
}

double ThroughputModel::wear_rate_pct_per_min(double speed_m_per_min) const {
    if (!has_wear || speed_m_per_min <= 0.0) return 0.0;
    return wear_w0_pct_per_min * std::pow(speed_m_per_min / speed_ref_m_per_min, wear_alpha);
}

double ThroughputModel::running_min_per_cycle(double speed_m_per_min) const {
    if (has_wear) {
        const double rate = wear_rate_pct_per_min(speed_m_per_min);
        const double allowance = wear_limit_pct - wear_after_pct;
        return rate > 0.0 && allowance > 0.0 ? allowance / rate : infinity;
    }
    return running_min_per_maintenance > 0.0 ? running_min_per_maintenance : infinity;
}

namespace {

double availability_from_cycle(const ThroughputModel& m, double run_min) {
    const double up = 1.0 - m.stop_fraction;
    if (!std::isfinite(run_min) || m.maintenance_min <= 0.0) return up;
    return run_min / (run_min / up + m.maintenance_min);
}

}  // namespace

double ThroughputModel::availability_at(double speed_m_per_min) const {
    return availability_from_cycle(*this, running_min_per_cycle(speed_m_per_min));
}

double ThroughputModel::availability_for(const std::vector<double>& running_speeds) const {
    if (!has_wear || running_speeds.empty()) return availability_from_cycle(*this, running_min_per_cycle(1.0));
    double rate = 0.0;
    for (double v : running_speeds) rate += wear_rate_pct_per_min(v);
    rate /= static_cast<double>(running_speeds.size());
    const double allowance = wear_limit_pct - wear_after_pct;
    return availability_from_cycle(*this, rate > 0.0 && allowance > 0.0 ? allowance / rate : infinity);
}

double ThroughputModel::throughput_per_h(double speed_m_per_min) const {
    return parts_per_h_running(speed_m_per_min) * availability_at(speed_m_per_min);
}

std::vector<ThroughputTerm> ThroughputModel::terms() const {
    std::vector<ThroughputTerm> out{{"pitch", "m", pitch_m, pitch_se_m}};
    if (has_wear) {
        out.push_back({"wear_rate_ref", "%/min", wear_w0_pct_per_min, wear_w0_se});
        out.push_back({"wear_speed_exponent", "", wear_alpha, wear_alpha_se});
        out.push_back({"speed_ref", "m/min", speed_ref_m_per_min, 0.0});
        out.push_back({"wear_limit", "%", wear_limit_pct, wear_limit_se});
        out.push_back({"wear_after_maintenance", "%", wear_after_pct, 0.0});
    }
    out.push_back({"maintenance_duration", "min", maintenance_min, maintenance_se_min});
    out.push_back({"unplanned_stops", "1/h", stops_per_h, 0.0});
    out.push_back({"unplanned_stop_mean", "min", stop_mean_min, 0.0});
    out.push_back({"unplanned_stop_fraction", "", stop_fraction, 0.0});
    return out;
}

ThroughputFit fit_throughput_model(const Table& table, const ThroughputFitOptions& options) {
    const Column& speed = require_role(table, Role::speed, "throughput model", "the line speed (m/min)");
    const Column& produced = require_role(table, Role::produced, "throughput model", "the parts produced per interval");
    const Column& state = require_role(table, Role::state, "throughput model", "the line state (running / stopped / maintenance)");
    if (speed.type != ColumnType::numeric || produced.type != ColumnType::numeric)
        throw ModelError("throughput model: speed and produced must be numeric columns");
    if (state.type != ColumnType::categorical)
        throw ModelError("throughput model: the state column '" + state.name + "' must be categorical");
    if (!table.has_time())
        throw ModelError("throughput model: the dataset has no time column; map one (--map time=COLUMN)");

    ThroughputFit fit;
    fit.speed_column = speed.name;
    fit.produced_column = produced.name;
    fit.state_column = state.name;
    const auto& t = table.time_s;
    const std::size_t n = table.row_count();
    fit.rows = n;
    fit.step_min = median_step_s(t) / 60.0;
    if (n < 2 || fit.step_min <= 0.0)
        throw ModelError("throughput model: too few rows (" + std::to_string(n) + "); import more data");
    fit.first_time_s = t.front();
    fit.last_time_s = t.back();
    fit.split_time_s = fit.first_time_s + options.train_fraction * (fit.last_time_s - fit.first_time_s);
    std::size_t n_train = 0;
    while (n_train < n && t[n_train] < fit.split_time_s) ++n_train;
    fit.train_rows = n_train;
    fit.test_rows = n - n_train;

    // Classify training rows, then the test rows with the labels the training chose.
    RowClassification train = classify_rows(table, state, &produced, 0, n_train, fit.step_min, options.states);
    StateRules fixed = options.states;
    fixed.running_label = train.running_label;
    if (train.source != MaintenanceSource::long_stops) fixed.maintenance_label = train.maintenance_label;
    RowClassification test = classify_rows(table, state, &produced, n_train, n, fit.step_min, fixed);
    std::vector<RowClass> classes = train.classes;
    std::copy(test.classes.begin() + static_cast<std::ptrdiff_t>(n_train), test.classes.end(),
              classes.begin() + static_cast<std::ptrdiff_t>(n_train));
    fit.running_label = train.running_label;
    fit.maintenance_label = train.maintenance_label;
    fit.maintenance_column = train.maintenance_column;
    fit.maintenance_source = train.source;

    std::vector<double> run_speeds;
    for (std::size_t r = 0; r < n_train; ++r)
        if (classes[r] == RowClass::running && present(speed, r)) run_speeds.push_back(speed.values[r]);
    fit.running_rows_train = run_speeds.size();
    if (run_speeds.size() < options.min_running_rows)
        throw ModelError("throughput model: only " + std::to_string(run_speeds.size()) +
                         " running rows with a speed in the training part (need " +
                         std::to_string(options.min_running_rows) + "); import more data or check which state "
                         "value means running");
    fit.speed_min = *std::min_element(run_speeds.begin(), run_speeds.end());
    fit.speed_max = *std::max_element(run_speeds.begin(), run_speeds.end());
    fit.speed_median = median_of(run_speeds);

    ThroughputModel& m = fit.model;
    const auto pitch = estimate_pitch(speed, produced, classes, n_train, fit.step_min);
    m.pitch_m = pitch.pitch;
    m.pitch_se_m = pitch.se;

    m.speed_ref_m_per_min = options.speed_ref_m_per_min > 0.0 ? options.speed_ref_m_per_min : fit.speed_median;
    const Column* wear = find_wear(table, options.wear_column);
    if (wear) {
        fit.wear_column = wear->name;
        fit.speed_bins = fit_wear_law(table, speed, *wear, classes, n_train, fit.step_min, options, m, fit.warnings);
        m.has_wear = fit.speed_bins > 0;
        if (!m.has_wear) fit.warnings.push_back("throughput: the wear signal does not grow while running; not fitted");
    } else {
        fit.warnings.push_back("throughput: no wear column (map one as a factor named like 'wear'); the maintenance "
                               "interval is taken from the data and does not depend on speed");
    }
    const auto train_stretches = find_stretches(table, classes, 0, n_train, fit.step_min);
    fit_stops(table, m.has_wear ? wear : nullptr, train_stretches, options, m, fit.warnings);

    // Availability seen in training and test, and predicted for the test's speeds.
    auto running_share = [&](std::size_t first, std::size_t last) {
        std::size_t running = 0;
        for (std::size_t r = first; r < last; ++r) running += classes[r] == RowClass::running ? 1u : 0u;
        return last > first ? static_cast<double>(running) / static_cast<double>(last - first) : 0.0;
    };
    fit.availability_actual_train = running_share(0, n_train);
    fit.availability_actual_test = running_share(n_train, n);
    std::vector<double> test_speeds;
    for (std::size_t r = n_train; r < n; ++r)
        if (classes[r] == RowClass::running && present(speed, r)) test_speeds.push_back(speed.values[r]);
    fit.availability_predicted_test = m.availability_for(test_speeds);

    // Hourly parts per hour on the hold-out: the conveyor law on the recorded speed and
    // running time against the counted parts.
    struct Window {
        double actual = 0.0, predicted = 0.0;
        std::size_t rows = 0;
    };
    std::map<long long, Window> windows;
    for (std::size_t r = n_train; r < n; ++r) {
        if (!present(produced, r)) continue;
        const bool running = classes[r] == RowClass::running;
        if (running && !present(speed, r)) continue;
        auto& w = windows[static_cast<long long>(std::floor(t[r] / options.window_s))];
        w.actual += produced.values[r];
        if (running) w.predicted += speed.values[r] * fit.step_min / m.pitch_m;
        ++w.rows;
    }
    std::vector<double> actual, predicted;
    for (const auto& [key, w] : windows) {
        const double hours = static_cast<double>(w.rows) * fit.step_min / 60.0;
        if (hours * 3600.0 < 0.5 * options.window_s) continue;  // mostly a gap
        actual.push_back(w.actual / hours);
        predicted.push_back(w.predicted / hours);
        fit.holdout.add(static_cast<double>(key) * options.window_s, predicted.back(),
                        actual.back());
    }
    fit.holdout.unit = "parts/h";
    add_metrics(fit.test, actual, predicted);
    return fit;
}

}  // namespace twinbench
