#include "live/live_twin.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "common/error.h"
#include "common/missing_value.h"
#include "live/live_twin_state.h"
#include "models/dynamic_output_model.h"
#include "models/furnace_output_models.h"
#include "models/static_output_model.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

// A form without a step-wise state whose settling would need more than a week of
// 1-minute steps is simulated over this many per block.
constexpr std::size_t max_window_steps = 10080;

// Steps [first, first + count) of a frame, every signal and the clock.
SignalFrame frame_slice(const SignalFrame& frame, std::size_t first, std::size_t count) {
    SignalFrame out;
    out.step_min = frame.step_min;
    out.time_zone = frame.time_zone;
    const auto b = static_cast<std::ptrdiff_t>(first);
    const auto e = static_cast<std::ptrdiff_t>(first + count);
    auto cut = [&](const std::vector<double>& v) {
        return v.size() >= first + count ? std::vector<double>(v.begin() + b, v.begin() + e) : std::vector<double>(count, nan);
    };
    out.time_s = cut(frame.time_s);
    out.local_hour = cut(frame.local_hour);
    out.weekend = cut(frame.weekend);
    out.table_row.assign(count, -1);
    out.series.reserve(frame.series.size());
    for (const auto& s : frame.series) {
        FrameSignal c;
        c.name = s.name;
        c.unit = s.unit;
        c.type = s.type;
        c.levels = s.levels;
        c.values = cut(s.values);
        out.series.push_back(std::move(c));
    }
    return out;
}

// The furnace template's models carry no residual noise of their own (its simulator adds
// none to them).
bool without_noise_of_its_own(const OutputModel& model) {
    return model.output_kind() == OutputKind::continuous && !model.log_scale() && model.noise_sd() == 0.0;
}

// The spread a measurement has around the model's expectation: a continuous output's noise
// (`measured_noise_sd` for a model without noise of its own), a count's or 0/1's by its nature.
double natural_sd(const OutputModel& model, const SignalFrame& frame, std::size_t k, double expected,
                  double measured_noise_sd) {
    switch (model.output_kind()) {
        // A multiplicative model's noise is in ln units: as wide in the output's unit as
        // the expectation (plus the offset) times it, to first order.
        case OutputKind::continuous:
            if (model.log_scale()) return model.noise_sd() * (std::max(expected, 0.0) + model.log_offset());
            if (without_noise_of_its_own(model)) return measured_noise_sd;
            return model.noise_sd();
        case OutputKind::binary: return std::sqrt(std::clamp(expected, 0.0, 1.0) * (1.0 - std::clamp(expected, 0.0, 1.0)));
        case OutputKind::count: {
            const FrameSignal* total = frame.find(model.total_signal());
            const double n = total != nullptr ? total->values[k] : nan;
            if (!(n > 0.0)) return nan;
            const double p = std::clamp(expected / n, 0.0, 1.0);
            return std::sqrt(n * p * (1.0 - p));
        }
    }
    return nan;
}

}  // namespace

std::size_t settling_steps(const OutputModel& model, double step_min) {
    const double dt = step_min > 0.0 ? step_min : 1.0;
    double minutes = 0.0;
    std::size_t lag_steps = 0;
    auto static_lags = [&](const std::vector<Regressor>& regressors) {
        for (const auto& r : regressors)
            lag_steps = std::max<std::size_t>(lag_steps, static_cast<std::size_t>(std::max({r.lag_steps, r.lag_steps2, 0})));
    };
    if (const auto* d = dynamic_cast<const DynamicOutputModel*>(&model)) {
        for (const auto& p : d->paths()) minutes = std::max(minutes, std::max(p.delay_min, 0.0) + 10.0 * std::max(p.tau_min, 0.0));
        minutes += 10.0 * std::max(d->output_tau_min(), 0.0);
    } else if (const auto* s = dynamic_cast<const StaticOutputModel*>(&model)) {
        static_lags(s->regressors());
    } else if (const auto* f = dynamic_cast<const FurnaceTemperatureOutputModel*>(&model)) {
        // Started at the steady state of its window's first step: settled after 10 time constants.
        minutes = 10.0 * (std::max(f->furnace().tau_min, 0.0) + std::max(f->furnace().tau2_min, 0.0));
    } else {
        minutes = 24.0 * 60.0;  // a form this code does not know: a day is ample for a plant
    }
    const auto steps = static_cast<std::size_t>(std::ceil(minutes / dt)) + lag_steps + 2;
    return std::min(steps, max_window_steps);
}

LiveTwin::LiveTwin(GraphTwin twin, const SignalFrame& history, const LiveTwinOptions& options) : twin_(std::move(twin)) {
    if (!history.has_time() || !(history.step_min > 0.0))
        throw ModelError("the live twin needs data with a time axis; per-item records have no running plant to follow");
    if (twin_.models.empty())
        throw ModelError("the live twin needs fitted output models; run twinbench-cli fit on the dataset first");
    std::size_t settling = 0;
    for (const auto& m : twin_.models) {
        if (measured_column(m->output()) != m->output() || history.find(m->output()) == nullptr)
            estimate_signals_.insert(m->output());
        settling = std::max(settling, settling_steps(*m, history.step_min));
        if (const auto* d = dynamic_cast<const DynamicOutputModel*>(m.get())) {
            states_.emplace_back(DynamicModelState(*d));
            window_steps_ = std::max(window_steps_, states_.back()->look_back_steps(history.step_min) + 2);
        } else {
            states_.emplace_back(std::nullopt);
            window_steps_ = std::max(window_steps_, settling_steps(*m, history.step_min));
        }
    }

    // The state starts at rest at the tail's first step: the tail covers every model's
    // settling (and the parameter draws' window) before the live rows.
    const std::size_t n = history.steps();
    const auto param_steps = static_cast<std::size_t>(std::ceil(options.parameter_window_h * 60.0 / history.step_min));
    const std::size_t keep = std::min(n, std::max(param_steps, settling) + window_steps_);
    SignalFrame tail = frame_slice(history, n - keep, keep);
    if (tail.local_hour.size() != tail.steps() || std::any_of(tail.local_hour.begin(), tail.local_hour.end(),
                                                              [](double h) { return std::isnan(h); }))
        fill_local_clock(tail);

    // Sparse outputs hold their continuous estimate in the frame the models read (as the
    // fit wrote it into the history), with the bias the measurements showed last.
    std::mt19937_64 rng(options.seed);
    for (std::size_t m = 0; m < twin_.models.size(); ++m) {
        const auto& model = twin_.models[m];
        std::vector<double> nominal(keep);
        model->simulate(tail, nominal);
        if (states_[m]) states_[m]->advance(tail, 0, nominal);
        const auto sparse = twin_.sparse.find(model->output());
        // A model without noise of its own: the spread of the measurements around it over
        // the tail, as the twin alongside runs it (from the recorded inputs). Its hold-out
        // RMSE, where the fit simulated it from its upstream outputs (the energy from the
        // simulated furnace temperature), was 3.5 times that spread on the sample plant.
        if (without_noise_of_its_own(*model) && sparse == twin_.sparse.end()) {
            double sum_sq = 0.0;
            std::size_t count = 0;
            if (const FrameSignal* measured = tail.find(measured_column(model->output())))
                for (std::size_t k = std::min(window_steps_, keep / 2); k < keep; ++k) {
                    const double r = measured->values[k] - nominal[k];
                    if (std::isfinite(r)) {
                        sum_sq += r * r;
                        ++count;
                    }
                }
            measured_noise_sd_[model->output()] =
                count >= 30 ? std::sqrt(sum_sq / static_cast<double>(count)) : model->report().metrics.rmse;
        }
        // The models downstream read a sparse output's estimate (with the bias the
        // measurements showed last), and an output measured in a column of another name
        // (or not at all) by its estimate, in a signal of its own.
        if (sparse != twin_.sparse.end())
            for (double& v : nominal) v += sparse->second.latest;
        if (sparse != twin_.sparse.end() || !measured_under_own_name(model->output())) {
            if (tail.find(model->output()) == nullptr) {
                FrameSignal estimate;
                estimate.name = model->output();
                estimate.unit = model->unit();
                tail.add(std::move(estimate));
            }
            tail.at(model->output()).values = nominal;
        }
        if (sparse != twin_.sparse.end()) {
            SparseState st;
            st.bias = sparse->second.latest;
            st.walk_var_per_step = sparse->second.walk_var_per_h * history.step_min / 60.0;
            st.measurement_var = sparse->second.measurement_sd * sparse->second.measurement_sd;
            st.bias_var = sparse->second.walk_var_per_h * std::max(sparse->second.interval_h, 1.0);
            sparse_[model->output()] = st;
        }
        // The parameter part of the band: the spread of draws around the nominal model,
        // root mean square over the tail after the draws' start-up has settled.
        double sum_sq = 0.0;
        std::size_t count = 0;
        std::vector<double> drawn(keep);
        for (int d = 0; d < options.parameter_draws; ++d) {
            model->draw(rng)->simulate(tail, drawn);
            for (std::size_t k = std::min(window_steps_, keep / 2); k < keep; ++k) {
                const double diff = drawn[k] - (nominal[k] - (sparse != twin_.sparse.end() ? sparse->second.latest : 0.0));
                if (std::isfinite(diff)) {
                    sum_sq += diff * diff;
                    ++count;
                }
            }
        }
        parameter_sd_[model->output()] = count > 0 ? std::sqrt(sum_sq / static_cast<double>(count)) : 0.0;
    }
    const std::size_t state = std::min(keep, window_steps_);
    recent_ = frame_slice(tail, keep - state, state);
}

const std::string& LiveTwin::measured_column(const std::string& output) const {
    const auto it = twin_.measured_column.find(output);
    return it != twin_.measured_column.end() ? it->second : output;
}

bool LiveTwin::measured_under_own_name(const std::string& output) const {
    return estimate_signals_.count(output) == 0;
}

double LiveTwin::last_time_s() const { return recent_.time_s.empty() ? nan : recent_.time_s.back(); }

double LiveTwin::parameter_sd(const std::string& output) const {
    const auto it = parameter_sd_.find(output);
    return it == parameter_sd_.end() ? nan : it->second;
}

std::size_t LiveTwin::place_rows(const LiveRows& rows, LiveBlock& block) {
    const double step_s = recent_.step_min * 60.0;
    // Grid index of each row after the last step (first row on a step wins).
    std::vector<std::ptrdiff_t> slot(rows.rows(), -1);
    double last = last_time_s();
    std::size_t added = 0;
    for (std::size_t r = 0; r < rows.rows(); ++r) {
        const double t = rows.time_s[r];
        const double k = std::isfinite(last) ? std::round((t - last) / step_s) : 1.0;
        if (!std::isfinite(t) || k < 1.0) {
            ++block.late_rows;
            continue;
        }
        const auto steps = static_cast<std::size_t>(k);
        for (std::size_t g = 1; g <= steps; ++g) block.time_s.push_back(last + static_cast<double>(g) * step_s);
        added += steps;
        last += static_cast<double>(steps) * step_s;
        slot[r] = static_cast<std::ptrdiff_t>(added - 1);
    }
    const std::size_t old = recent_.steps();
    recent_.time_s.insert(recent_.time_s.end(), block.time_s.begin(), block.time_s.end());
    recent_.table_row.resize(recent_.time_s.size(), -1);
    for (auto& s : recent_.series) {
        s.values.resize(old + added, nan);
        const LiveColumn* column = nullptr;
        for (const auto& c : rows.columns)
            if (c.name == s.name) column = &c;
        if (column == nullptr) continue;
        for (std::size_t r = 0; r < rows.rows(); ++r) {
            if (slot[r] < 0) continue;
            double v = nan;
            if (s.categorical() && r < column->labels.size()) {
                const int code = s.level_code(column->labels[r]);
                if (code >= 0) v = code;
            } else if (r < column->values.size()) {
                v = column->values[r];
            }
            s.values[old + static_cast<std::size_t>(slot[r])] = v;
        }
    }
    SignalFrame clock;
    clock.time_s = block.time_s;
    clock.time_zone = recent_.time_zone;
    fill_local_clock(clock);
    recent_.local_hour.insert(recent_.local_hour.end(), clock.local_hour.begin(), clock.local_hour.end());
    recent_.weekend.insert(recent_.weekend.end(), clock.weekend.begin(), clock.weekend.end());
    return added;
}

void LiveTwin::trim() {
    // Amortised: the front is cut once the frame holds four windows, down to one.
    if (recent_.steps() <= 4 * window_steps_ + 64) return;
    recent_ = frame_slice(recent_, recent_.steps() - window_steps_, window_steps_);
}

LiveBlock LiveTwin::append(const LiveRows& rows) {
    LiveBlock block;
    const std::size_t added = place_rows(rows, block);
    if (added == 0) return block;
    const std::size_t total = recent_.steps();
    const std::size_t first_new = total - added;
    const std::size_t start = first_new > window_steps_ ? first_new - window_steps_ : 0;
    SignalFrame work = frame_slice(recent_, start, total - start);
    const std::size_t offset = first_new - start;

    std::vector<double> simulated(work.steps());
    for (std::size_t m = 0; m < twin_.models.size(); ++m) {
        const auto& model = twin_.models[m];
        LiveOutputSeries out;
        out.name = model->output();
        out.unit = model->unit();
        // The measurements (the column that measures the output) and the signal downstream
        // models read (the output's own: the same, unless measured under another name).
        FrameSignal* recorded = recent_.find(measured_column(model->output()));
        FrameSignal* estimate = recent_.find(model->output());
        FrameSignal* in_work = work.find(model->output());
        out.measured.assign(added, nan);
        if (recorded != nullptr)
            std::copy(recorded->values.begin() + static_cast<std::ptrdiff_t>(first_new), recorded->values.end(),
                      out.measured.begin());
        if (states_[m]) {
            out.expected.assign(added, nan);
            states_[m]->advance(work, offset, out.expected);
        } else if (dynamic_cast<const StaticOutputModel*>(model.get()) != nullptr) {
            model->simulate(work, simulated);
            out.expected.assign(simulated.begin() + static_cast<std::ptrdiff_t>(offset), simulated.end());
        } else {
            // A recursive form without a step-wise state here (the furnace temperature) is
            // simulated over the whole window, and one missing input cell (an ambient reading
            // dropped for a minute) would blank every step after it: its inputs are held at
            // their last value across such gaps, as the plant's own state holds.
            SignalFrame held = work;
            for (const auto& input : model->inputs())
                if (FrameSignal* s = held.find(input)) {
                    double last = nan;
                    for (double& v : s->values) {
                        if (std::isfinite(v)) last = v;
                        else v = last;
                    }
                }
            model->simulate(held, simulated);
            out.expected.assign(simulated.begin() + static_cast<std::ptrdiff_t>(offset), simulated.end());
        }
        out.residual.assign(added, nan);
        out.band_sd.assign(added, nan);
        const double param_var = std::pow(parameter_sd(model->output()), 2);
        const auto noise = measured_noise_sd_.find(model->output());
        const double measured_noise_sd = noise != measured_noise_sd_.end() ? noise->second : nan;
        const auto sparse = sparse_.find(model->output());
        out.sparse = sparse != sparse_.end();
        for (std::size_t k = 0; k < added; ++k) {
            const double y = out.measured[k];
            if (out.sparse) {
                SparseState& st = sparse->second;
                st.bias_var += st.walk_var_per_step;
                out.expected[k] += st.bias;
                double innovation_var = st.bias_var + st.measurement_var;
                if (std::isfinite(y) && std::isfinite(out.expected[k])) {
                    out.residual[k] = y - out.expected[k];
                    out.band_sd[k] = std::sqrt(innovation_var + param_var);
                    // A check far outside the band says the bias jumped (a new nozzle, a
                    // recalibrated analyser), not that it wandered: the walk's variance
                    // could take days to follow, so the bias's variance is widened by the
                    // jump and this check moves the estimate most of the way.
                    if (std::abs(out.residual[k]) > 3.0 * out.band_sd[k])
                        st.bias_var += out.residual[k] * out.residual[k];
                    innovation_var = st.bias_var + st.measurement_var;
                    const double gain = st.bias_var / innovation_var;
                    st.bias += gain * out.residual[k];
                    st.bias_var *= 1.0 - gain;
                } else {
                    out.band_sd[k] = std::sqrt(st.bias_var + param_var);
                }
                continue;
            }
            if (std::isfinite(y)) out.residual[k] = y - out.expected[k];
            out.band_sd[k] = std::sqrt(std::pow(natural_sd(*model, work, offset + k, out.expected[k], measured_noise_sd), 2) +
                                       param_var);
        }
        for (std::size_t k = added; k-- > 0;)
            if (std::isfinite(out.residual[k])) {
                last_residual_[out.name] = out.residual[k];
                break;
            }
        // Downstream models read a sparse output's estimate, not its rare measurements, and
        // an output measured elsewhere (or not at all) by its estimate.
        const bool own_signal = !measured_under_own_name(model->output());
        if ((out.sparse || own_signal) && in_work != nullptr && estimate != nullptr)
            for (std::size_t k = 0; k < added; ++k) {
                const double value = std::isfinite(out.measured[k]) ? out.measured[k] : out.expected[k];
                in_work->values[offset + k] = value;
                estimate->values[first_new + k] = value;
            }
        block.outputs.push_back(std::move(out));
    }
    trim();
    return block;
}

LiveForecast LiveTwin::forecast(double horizon_h, const std::vector<SeriesLimit>& limits) const {
    if (!(horizon_h > 0.0)) throw UsageError("the forecast horizon must be positive (hours)");
    const double step_s = recent_.step_min * 60.0;
    const auto horizon = static_cast<std::size_t>(std::ceil(horizon_h * 3600.0 / step_s));
    const std::size_t have = recent_.steps();
    const std::size_t start = have > window_steps_ ? have - window_steps_ : 0;
    SignalFrame frame = frame_slice(recent_, start, have - start);
    const std::size_t past = frame.steps();
    const double now = last_time_s();
    for (std::size_t k = 1; k <= horizon; ++k) frame.time_s.push_back(now + static_cast<double>(k) * step_s);
    fill_local_clock(frame);
    frame.table_row.assign(frame.time_s.size(), -1);
    // Nothing changes: every signal holds its latest value.
    for (auto& s : frame.series) {
        double held = nan;
        for (auto it = s.values.rbegin(); it != s.values.rend(); ++it)
            if (std::isfinite(*it)) {
                held = *it;
                break;
            }
        s.values.resize(past + horizon, held);
    }
    std::vector<double> simulated(frame.steps());
    for (std::size_t m = 0; m < twin_.models.size(); ++m) {
        const auto& model = twin_.models[m];
        if (states_[m]) {
            DynamicModelState state = *states_[m];  // the forecast does not move the live state
            state.advance(frame, past, std::span<double>(simulated).subspan(past));
        } else {
            model->simulate(frame, simulated);
        }
        FrameSignal& out = frame.at(model->output());
        const auto sparse = sparse_.find(model->output());
        // Anchored at now: the latest residual decays at the noise's lag-one correlation.
        double anchor = 0.0;
        if (sparse != sparse_.end()) {
            anchor = sparse->second.bias;
        } else if (const auto r = last_residual_.find(model->output());
                   r != last_residual_.end() && model->output_kind() == OutputKind::continuous) {
            anchor = r->second;
        }
        const double decay = sparse != sparse_.end() ? 1.0 : std::clamp(model->noise_ar1(), 0.0, 1.0);
        double a = anchor;
        for (std::size_t k = past; k < past + horizon; ++k) {
            a *= decay;
            out.values[k] = simulated[k] + a;
        }
    }
    LiveForecast f;
    f.from_s = now;
    f.frame = frame_slice(frame, past, horizon);
    f.limits = graph_limit_crossings(limits, f.frame);
    return f;
}

}  // namespace twinbench
