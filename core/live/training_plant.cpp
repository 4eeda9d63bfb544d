#include "live/training_plant.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "sim/graph_twin.h"
#include "sim/graph_window.h"
#include "sim/replay.h"
#include "sim/twin_what_if.h"

namespace twinbench {
namespace {

// The table's rows before end_s: replay_latest_window then takes the window ending there.
Table rows_before(const Table& table, double end_s) {
    const auto n = static_cast<std::size_t>(
        std::lower_bound(table.time_s.begin(), table.time_s.end(), end_s) - table.time_s.begin());
    Table cut = table;
    cut.time_s.resize(n);
    for (auto& c : cut.columns) {
        if (c.type == ColumnType::categorical)
            c.codes.resize(std::min(n, c.codes.size()));
        else
            c.values.resize(std::min(n, c.values.size()));
    }
    return cut;
}

const GraphSignal* signal_with_role(const ProcessGraph& graph, Role role) {
    for (const auto& s : graph.all_signals())
        if (s.role == role) return &s;
    return nullptr;
}

bool is_role(const ProcessGraph& graph, const std::string& name, Role role) {
    const GraphSignal* s = signal_with_role(graph, role);
    return s != nullptr && s->name == name;
}

double normal_cdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

}  // namespace

TrainingPlant::TrainingPlant(const TwinStudy& study, TrainingPlantOptions options)
    : study_(study), options_(std::move(options)) {
    const SignalFrame& history = study_.history;
    if (!history.has_time() || !(history.step_min > 0.0))
        throw ModelError(
            fmt::format("dataset '{}' has no time axis: a training session plays the plant in time",
                        study_.dataset.name));
    if (!(options_.duration_h > 0.0)) throw UsageError("the session must last more than 0 minutes");
    if (!(options_.speed >= 0.0))
        throw UsageError(
            "the speed is data seconds per wall second: 0 (as fast as possible) or more");
    step_min_ = history.step_min;
    WindowSpec spec;
    spec.horizon_h = options_.duration_h;
    const bool latest = std::isnan(options_.start_s);
    const double end_s = latest ? history.time_s.back() + history.step_min * 60.0
                                : options_.start_s + options_.duration_h * 3600.0;
    if (!latest &&
        (options_.start_s < history.time_s.front() || end_s > history.time_s.back() + step_s()))
        throw UsageError(fmt::format(
            "a session of {:g} h from that start runs past the data (it holds {:.1f} h); "
            "start earlier or play a shorter session",
            options_.duration_h, history.hours()));
    if (study_.furnace) {
        // The template's replay window, as run_twin_what_if takes it; a chosen start cuts the
        // table so that its latest window is the session.
        const Table table = latest ? Table{} : rows_before(study_.furnace->table, end_s);
        ReplayWindow w = replay_latest_window(latest ? study_.furnace->table : table,
                                              study_.furnace->twin, options_.duration_h,
                                              ReplayControls::median, study_.furnace->tariff);
        furnace_inputs_ = std::move(w.inputs);
        spec.time_s = furnace_inputs_->time_s;
    } else if (!latest) {
        const auto n =
            static_cast<std::size_t>(std::llround(options_.duration_h * 60.0 / step_min_));
        for (std::size_t k = 0; k < n; ++k)
            spec.time_s.push_back(options_.start_s + static_cast<double>(k) * step_s());
    }
    GraphWindow window = graph_window(history, study_.graph, spec);
    window_ = std::move(window.baseline);
    recorded_ = std::move(window.recorded);
    grid_ = window_.time_s;
    if (grid_.empty()) throw UsageError("the session has no steps; play a longer session");

    for (const auto& s : study_.graph.all_signals())
        if (s.kind == SignalKind::control && s.type != ColumnType::categorical)
            controls_.push_back(s.name);
    // The plant as it stood at the start: each control as recorded there (the window's
    // median, as simulate's baseline, where the record has none, or a stopped line's 0 speed).
    for (const auto& c : controls_) {
        double v = window_.at(c).values.front();
        if (furnace_inputs_ && is_role(study_.graph, c, Role::speed))
            v = furnace_inputs_->speed_m_per_min.front();
        if (furnace_inputs_ && is_role(study_.graph, c, Role::setpoint))
            v = furnace_inputs_->setpoint_degC.front();
        const double recorded = recorded_.at(c).values.front();
        if (std::isfinite(recorded) &&
            !(is_role(study_.graph, c, Role::speed) && !(recorded > 0.0)))
            v = recorded;
        start_settings_[c] = v;
    }
    for (const auto& [name, value] : options_.controls) {
        if (start_settings_.count(name) == 0)
            throw UsageError(
                fmt::format("'{}' is no numeric control of the twin; the controls are {}", name,
                            fmt::format("{}", fmt::join(controls_, ", "))));
        start_settings_[name] = value;
    }
    for (const auto& f : options_.faults) {
        check_training_fault(f, study_.graph, static_cast<double>(grid_.size()) * step_min_);
        if (furnace_inputs_ && !f.level.empty() &&
            study_.graph.find(f.signal)->role == Role::material &&
            study_.furnace->twin.core.grade_index(f.level) < 0)
            throw UsageError(fmt::format("fault '{}': the furnace twin knows no grade '{}'",
                                         describe(f), f.level));
    }
    draw_noise();
    resimulate();
}

std::string TrainingPlant::name() const {
    return "training:" + study_.dataset.name;
}

void TrainingPlant::restore(const std::string&) {}

std::string TrainingPlant::checkpoint() const {
    return std::to_string(next_);
}

double TrainingPlant::end_s() const {
    return grid_.back() + step_s();
}

double TrainingPlant::played_until_s() const {
    return next_ == 0 ? grid_.front() : grid_[next_ - 1];
}

std::string TrainingPlant::link_state() const {
    if (finished()) return "training session over";
    const double minutes = static_cast<double>(next_) * step_min_;
    const double total = static_cast<double>(grid_.size()) * step_min_;
    return options_.speed > 0.0
               ? fmt::format("training plant at {:g}x, {:.0f} of {:.0f} min", options_.speed,
                             minutes, total)
               : fmt::format("training plant as fast as it goes, {:.0f} of {:.0f} min", minutes,
                             total);
}

void TrainingPlant::draw_noise() {
    std::mt19937_64 rng(options_.seed);
    std::normal_distribution<double> z(0.0, 1.0);
    const std::size_t n = grid_.size();
    for (const auto& m : study_.twin.models) {
        std::vector<double> draws(n);
        for (double& d : draws) d = z(rng);
        if (m->output_kind() == OutputKind::continuous) {
            // AR(1) with the model's residual sd and lag-one correlation.
            const double a = std::clamp(m->noise_ar1(), -0.99, 0.99);
            const double innovation = m->noise_sd() * std::sqrt(1.0 - a * a);
            double e = m->noise_sd() * draws.front();
            for (std::size_t k = 0; k < n; ++k) {
                if (k > 0) e = a * e + innovation * draws[k];
                draws[k] = e;
            }
        }
        noise_[m->output()] = std::move(draws);
    }
}

TrainingPlant::Simulated TrainingPlant::simulate_process(
    double moves_before_s, bool with_faults, const std::vector<std::uint8_t>* kpi_mask,
    const std::map<std::string, double>* settings, double settings_from_s) const {
    Simulated out;
    out.frame = window_;
    SignalFrame& frame = out.frame;
    std::optional<SimulationInputs> in = furnace_inputs_;
    const std::size_t n = grid_.size();
    const auto step_of = [&](double t) {
        return static_cast<std::size_t>(std::clamp(std::llround((t - grid_.front()) / step_s()),
                                                   0LL, static_cast<long long>(n)));
    };
    const auto fault_step = [&](const TrainingFault& f) {
        return std::min(n, static_cast<std::size_t>(std::llround(f.at_min / step_min_)));
    };
    for (const auto& c : controls_) {
        std::vector<double> v(n, start_settings_.at(c));
        for (const auto& m : moves_)
            if (m.control == c && m.time_s < moves_before_s)
                std::fill(v.begin() + static_cast<std::ptrdiff_t>(step_of(m.time_s)), v.end(),
                          m.value);
        if (settings != nullptr)
            if (const auto it = settings->find(c); it != settings->end())
                std::fill(v.begin() + static_cast<std::ptrdiff_t>(step_of(settings_from_s)),
                          v.end(), it->second);
        if (with_faults)
            for (const auto& f : options_.faults) {
                if (f.signal != c || (f.kind != FaultKind::frozen && f.kind != FaultKind::trip))
                    continue;
                const std::size_t k0 = fault_step(f);
                if (k0 >= n) continue;
                const double held = f.kind == FaultKind::trip ? f.value : v[k0];
                std::fill(v.begin() + static_cast<std::ptrdiff_t>(k0), v.end(), held);
            }
        if (in && is_role(study_.graph, c, Role::speed))
            in->speed_m_per_min = v;
        else if (in && is_role(study_.graph, c, Role::setpoint))
            in->setpoint_degC = v;
        else
            frame.at(c).values = std::move(v);
    }
    if (with_faults)
        for (const auto& f : options_.faults) {
            if (f.kind != FaultKind::step && f.kind != FaultKind::unseen_step) continue;
            FrameSignal& s = frame.at(f.signal);
            const int code = s.categorical() ? s.level_code(f.level) : -1;
            for (std::size_t k = fault_step(f); k < n; ++k)
                s.values[k] = s.categorical() ? code : s.values[k] + f.value;
            if (!in) continue;
            const Role role = study_.graph.find(f.signal)->role;
            for (std::size_t k = fault_step(f); k < n; ++k) {
                if (role == Role::ambient_temp) in->ambient_degC[k] += f.value;
                if (role == Role::humidity) in->humidity_pct[k] += f.value;
                if (role == Role::material)
                    in->grade[k] =
                        static_cast<std::int16_t>(study_.furnace->twin.core.grade_index(f.level));
            }
        }
    if (in) {
        SimulationOptions so;
        so.keep_series = true;
        so.kpi_mask = kpi_mask;
        out.furnace = simulate(study_.furnace->twin, *in, so);
        write_furnace_series(study_, *in, out.furnace->series, frame);
    }
    simulate_graph(study_.twin, frame);
    return out;
}

void TrainingPlant::resimulate() {
    truth_ = simulate_process(std::numeric_limits<double>::infinity(), true, nullptr).frame;
}

SignalFrame TrainingPlant::process(double moves_before_s, bool with_faults) const {
    return simulate_process(moves_before_s, with_faults, nullptr).frame;
}

SignalFrame TrainingPlant::process_with_settings(double moves_before_s,
                                                 const std::map<std::string, double>& settings,
                                                 double settings_from_s, bool with_faults) const {
    for (const auto& [name, value] : settings)
        if (std::find(controls_.begin(), controls_.end(), name) == controls_.end())
            throw UsageError(fmt::format("'{}' is no numeric control of the twin", name));
    return simulate_process(moves_before_s, with_faults, nullptr, &settings, settings_from_s).frame;
}

std::optional<Kpis> TrainingPlant::furnace_kpis(double moves_before_s, bool with_faults,
                                                std::size_t from_step,
                                                const std::map<std::string, double>& settings,
                                                double settings_from_s) const {
    if (!furnace_inputs_) return std::nullopt;
    std::vector<std::uint8_t> mask(grid_.size(), 0);
    for (std::size_t k = std::min(from_step, grid_.size()); k < grid_.size(); ++k) mask[k] = 1;
    return simulate_process(moves_before_s, with_faults, &mask, &settings, settings_from_s)
        .furnace->kpis;
}

SignalFrame TrainingPlant::history_before_start() const {
    const SignalFrame& h = study_.history;
    const auto n = static_cast<std::size_t>(
        std::lower_bound(h.time_s.begin(), h.time_s.end(), grid_.front() - 1e-6) -
        h.time_s.begin());
    SignalFrame f = h;
    f.time_s.resize(n);
    for (auto& s : f.series) s.values.resize(n);
    if (f.local_hour.size() > n) f.local_hour.resize(n);
    if (f.weekend.size() > n) f.weekend.resize(n);
    if (f.table_row.size() > n) f.table_row.resize(n);
    return f;
}

SignalFrame TrainingPlant::at_rest_before_start(double hours) const {
    const auto n = static_cast<std::size_t>(std::max(2.0, std::ceil(hours * 60.0 / step_min_)));
    SignalFrame f;
    f.step_min = step_min_;
    f.time_zone = truth_.time_zone;
    for (std::size_t k = 0; k < n; ++k)
        f.time_s.push_back(grid_.front() - static_cast<double>(n - k) * step_s());
    f.table_row.assign(n, -1);
    for (const auto& s : truth_.series) {
        FrameSignal c = s;
        c.values.assign(n, s.values.front());
        f.series.push_back(std::move(c));
    }
    fill_local_clock(f);
    return f;
}

void TrainingPlant::set_control(const std::string& control, double value) {
    if (std::find(controls_.begin(), controls_.end(), control) == controls_.end())
        throw UsageError(fmt::format("'{}' is no numeric control of the twin; the controls are {}",
                                     control, fmt::format("{}", fmt::join(controls_, ", "))));
    if (finished()) return;
    const double previous = control_value(control);
    if (previous == value) return;
    const double t = grid_[next_];
    // Two moves on one step: the later one stands.
    std::erase_if(moves_,
                  [&](const ControlMove& m) { return m.control == control && m.time_s == t; });
    moves_.push_back({control, t, value, previous});
    resimulate();
}

double TrainingPlant::control_value(const std::string& control) const {
    double v = start_settings_.at(control);
    for (const auto& m : moves_)
        if (m.control == control) v = m.value;
    return v;
}

double TrainingPlant::reading(const std::string& name, std::size_t k) {
    const GraphSignal* g = study_.graph.find(name);
    const FrameSignal& truth = truth_.at(name);
    double v = truth.values[k];
    if (g->kind == SignalKind::control && !truth.categorical()) {
        // The instrument shows the trainee's setting, not what a frozen or tripped drive does.
        v = start_settings_.at(name);
        for (const auto& m : moves_)
            if (m.control == name && m.time_s <= grid_[k]) v = m.value;
    } else if (g->kind == SignalKind::disturbance) {
        // The process's value (a step in it included; the furnace's wear as simulated),
        // but an instrument that does not show the step reads on as before.
        for (const auto& f : options_.faults)
            if (f.signal == name && f.kind == FaultKind::unseen_step &&
                f.at_min <= static_cast<double>(k) * step_min_)
                v = truth.categorical() ? window_.at(name).values[k] : v - f.value;
    } else if (g->kind == SignalKind::output) {
        // Reported on the steps the plant measured it, when it is measured on few of them.
        const FrameSignal* rec = recorded_.find(name);
        if (g->sparse && rec != nullptr && !std::isfinite(rec->values[k])) return nan;
        const auto it = noise_.find(name);
        const OutputModel* m = study_.twin.model_of(name);
        if (options_.noise && it != noise_.end() && m != nullptr && std::isfinite(v)) {
            const double z = it->second[k];
            switch (m->output_kind()) {
                case OutputKind::continuous:
                    v = m->log_scale() ? (v + m->log_offset()) * std::exp(z) - m->log_offset()
                                       : v + z;
                    break;
                case OutputKind::count: {
                    const double total = truth_.at(m->total_signal()).values[k];
                    if (!(total > 0.0)) break;
                    const double p = std::clamp(v / total, 0.0, 1.0);
                    v = std::clamp(std::round(v + std::sqrt(total * p * (1.0 - p)) * z), 0.0,
                                   std::round(total));
                    break;
                }
                case OutputKind::binary:
                    v = normal_cdf(z) < v ? 1.0 : 0.0;
                    break;
            }
        }
    }
    for (const auto& f : options_.faults) {
        if (f.signal != name || static_cast<double>(k) * step_min_ < f.at_min) continue;
        if (f.kind == FaultKind::stuck && std::isfinite(v)) {
            // Frozen at the first value it reads from the fault on.
            const auto [it, fresh] = stuck_at_.try_emplace(name, v);
            if (!fresh) v = it->second;
        }
        if (f.kind == FaultKind::drift)
            v += f.value * (static_cast<double>(k) * step_min_ - f.at_min) / 60.0;
    }
    return v;
}

LiveRow TrainingPlant::row_at(std::size_t k) {
    LiveRow row;
    row.time_utc_s = grid_[k];
    row.origin = name();
    row.line = static_cast<std::int64_t>(k) + 1;
    for (const auto& g : study_.graph.all_signals()) {
        if (truth_.find(g.name) == nullptr) continue;
        const double v = reading(g.name, k);
        if (!std::isfinite(v)) continue;
        LiveCell cell;
        cell.column = g.name;
        const FrameSignal& s = truth_.at(g.name);
        if (s.categorical()) {
            const auto code = static_cast<std::size_t>(v);
            if (code >= s.levels.size()) continue;
            cell.text = s.levels[code];
        } else {
            cell.number = v;
            cell.text = fmt::format("{}", v);
        }
        row.cells.push_back(std::move(cell));
    }
    return row;
}

LiveBatch TrainingPlant::rows_until(double until_s, std::size_t max_rows) {
    LiveBatch batch;
    for (; next_ < grid_.size() && grid_[next_] < until_s && batch.rows.size() < max_rows; ++next_)
        batch.rows.push_back(row_at(next_));
    return batch;
}

LiveBatch TrainingPlant::poll(std::chrono::milliseconds wait) {
    LiveBatch batch;
    if (finished()) return batch;
    using Clock = std::chrono::steady_clock;
    const auto now = Clock::now();
    if (!wall_start_) wall_start_ = now;
    std::size_t due = grid_.size();
    if (options_.speed > 0.0) {
        const auto due_at = [&](Clock::time_point t) {
            const double data_s =
                std::chrono::duration<double>(t - *wall_start_).count() * options_.speed;
            return std::min(grid_.size(),
                            static_cast<std::size_t>(std::floor(data_s / step_s())) + 1);
        };
        due = due_at(now);
        if (due <= next_ && wait.count() > 0) {
            // Sleep until the next step is due, or the wait is over.
            const auto next_due =
                *wall_start_ +
                std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                    static_cast<double>(next_) * step_s() / options_.speed));
            std::this_thread::sleep_until(std::min(next_due, now + wait));
            due = due_at(Clock::now());
        }
    } else {
        due = std::min(grid_.size(), next_ + std::max<std::size_t>(1, options_.rows_per_poll));
    }
    for (; next_ < due; ++next_) batch.rows.push_back(row_at(next_));
    return batch;
}

}  // namespace twinbench
