#include "ui/app/what_if_state.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <QUndoStack>

#include "common/error.h"
#include "data/project.h"
#include "sim/coarse_inputs.h"
#include "sim/parallel_jobs.h"
#include "sim/scenario_store.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"
#include "ui/app/what_if_command.h"
#include "ui/app/workbench_document.h"

namespace twinbench::ui {
namespace {

constexpr double default_horizon_h = 168.0;

bool differs(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) != std::isnan(b);
    return std::abs(a - b) > 1e-9 * std::max(1.0, std::abs(b));
}

// Two significant digits: a limit the engineer reads at a glance.
double round2(double v) {
    if (!(v > 0.0)) return v;
    const double scale = std::pow(10.0, std::floor(std::log10(v)) - 1.0);
    return std::ceil(v / scale) * scale;
}

}  // namespace

WhatIfState::WhatIfState(WorkbenchDocument& document, QObject* parent)
    : QObject(parent), document_(document) {
    mcTimer_.setSingleShot(true);
    mcTimer_.setInterval(250);
    connect(&mcTimer_, &QTimer::timeout, this, &WhatIfState::startMonteCarlo);
    // A study of other data, or under other roles, would answer the wrong question.
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &WhatIfState::unload);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &WhatIfState::unload);
    connect(&document_, &WorkbenchDocument::projectClosed, this, &WhatIfState::unload);
}

WhatIfState::~WhatIfState() {
    retire_job(mcJob_, this);
    retire_job(loadJob_, this);
}

void WhatIfState::unload() {
    // Also when a study was only being prepared or had failed: the pages then still show
    // the previous one's views or error.
    const bool was = study_ != nullptr || loadJob_ || !loadError_.isEmpty();
    retire_job(mcJob_, this);
    retire_job(loadJob_, this);
    mcTimer_.stop();
    study_.reset();
    band_.reset();
    baselineMedian_.reset();
    profiles_.clear();
    contour_ = {};
    coarseMix_.reset();
    coarseWindow_ = {};
    peakStep_.clear();
    loadError_.clear();
    if (was) emit unloaded();
}

BackgroundJob* WhatIfState::load(QString* error) {
    if (study_ || loadJob_) return loadJob_.data();
    if (!document_.hasDataset()) {
        if (error) *error = tr("Open a project with data first.");
        return nullptr;
    }
    struct Loaded {
        std::shared_ptr<twinbench::Study> study;
        twinbench::ReplayWindow window;
        double horizon_h = default_horizon_h;
    };
    auto out = std::make_shared<Loaded>();
    const auto path = toPath(document_.projectPath());
    const std::string dataset = toUtf8(document_.datasetName());
    loadJob_ = new BackgroundJob(
        tr("Preparing the simulation"),
        [out, path, dataset](const twinbench::ProgressCallback&) {
            const twinbench::Project project(path, twinbench::Project::Mode::read_only);
            out->study =
                std::make_shared<twinbench::Study>(twinbench::open_study(project, dataset));
            const auto& t = out->study->table;
            // A week, or all the data when it holds less.
            if (t.has_time() && t.time_s.size() > 1)
                out->horizon_h = std::min(
                    default_horizon_h, std::floor((t.time_s.back() - t.time_s.front()) / 3600.0));
            out->window = twinbench::replay_latest_window(t, out->study->twin, out->horizon_h,
                                                          twinbench::ReplayControls::median,
                                                          out->study->tariff);
        },
        this);
    connect(loadJob_.data(), &BackgroundJob::succeeded, this, [this, out] {
        study_ = out->study;
        ++studySerial_;
        window_ = std::move(out->window);
        horizon_h_ = out->horizon_h;
        WhatIfSettings b;
        b.speed_m_per_min = window_.baseline_speed_m_per_min;
        b.setpoint_degC = window_.baseline_setpoint_degC;
        b.maintenance_interval_h =
            window_.inputs.maintenance_interval_running_min / 60.0;  // NaN: wear limit
        b.check_interval_h = window_.inputs.check_interval_h;
        b.peak_price_per_kwh = study_->tariff.settings().peak_price_per_kwh;
        b.offpeak_price_per_kwh = study_->tariff.settings().offpeak_price_per_kwh;
        baselineSettings_ = b;
        settings_ = b;
        SimulationOptions so;
        so.keep_series = true;
        baseline_ = twinbench::simulate(study_->twin, window_.inputs, so);
        limits_.clear();
        for (const auto& e : window_.envelope)
            if (e.control == "setpoint" && std::isfinite(e.max))
                limits_.push_back({"furnace_temp", std::nullopt, e.max});
        if (std::isfinite(baseline_.kpis.scrap_rate) && baseline_.kpis.scrap_rate > 0.0)
            limits_.push_back(
                {"scrap_rate", std::nullopt, round2(2.0 * baseline_.kpis.scrap_rate)});
        contourFull_ = false;
        profiles_.clear();  // a new study: the cached traces are another's
        cacheTariffPeaks();
        recompute();
        emit loaded();
    });
    connect(loadJob_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        loadError_ = message;
        emit loadFailed(message);
    });
    connect(loadJob_.data(), &BackgroundJob::finished, this, [this] {
        loadJob_->deleteLater();
        loadJob_ = nullptr;
    });
    loadJob_->start();
    return loadJob_.data();
}

ControlRange WhatIfState::range(WhatIfControl control) const {
    ControlRange r{0, 1, NAN, NAN, NAN, NAN, NAN, 1, {}, {}};
    const auto envelope = [&](const char* name) -> const twinbench::ControlEnvelope* {
        for (const auto& e : window_.envelope)
            if (e.control == name) return &e;
        return nullptr;
    };
    const auto fromEnvelope = [&](const twinbench::ControlEnvelope* e, double base) {
        if (e && std::isfinite(e->min) && e->max > e->min) {
            r.data_min = e->min, r.data_p01 = e->p01, r.data_median = e->median,
            r.data_p99 = e->p99, r.data_max = e->max;
            // Room to ask "what if we went beyond what we ever did": a third of the
            // range on each side (never below zero).
            const double span = e->max - e->min;
            r.low = std::max(0.0, e->min - span / 3.0);
            r.high = e->max + span / 3.0;
        } else {
            r.low = 0.5 * base;
            r.high = 1.5 * base;
        }
    };
    const double base = baselineSettings_.value(control);
    switch (control) {
        case WhatIfControl::speed:
            r.name = tr("Line speed");
            r.unit = tr("m/min");
            r.decimals = 2;
            fromEnvelope(envelope("speed"), base);
            r.low = std::max(r.low, 0.05 * (r.high - r.low));  // the line must move
            break;
        case WhatIfControl::setpoint:
            r.name = tr("Furnace setpoint");
            r.unit = tr("°C");
            r.decimals = 1;
            fromEnvelope(envelope("setpoint"), base);
            break;
        case WhatIfControl::maintenance_interval: {
            r.name = tr("Maintenance interval");
            r.unit = tr("running h");
            r.decimals = 0;
            // The wear law says when the limit is reached at the baseline speed; a
            // preventive interval longer than that changes nothing.
            double natural_h = 168.0;
            if (study_) {
                const auto& th = study_->twin.throughput;
                const double rate =
                    th.has_wear ? th.wear_rate_pct_per_min(baselineSettings_.speed_m_per_min) : 0.0;
                if (rate > 0.0)
                    natural_h = (th.wear_limit_pct - th.wear_after_pct) / rate / 60.0;
                else if (th.running_min_per_maintenance > 0.0)
                    natural_h = th.running_min_per_maintenance / 60.0;
            }
            r.low = std::max(1.0, std::round(0.2 * natural_h));
            r.high = std::max(r.low + 1.0, std::ceil(1.2 * natural_h));
            break;
        }
        case WhatIfControl::check_interval:
            r.name = tr("Core check interval");
            r.unit = tr("h");
            r.decimals = 0;
            r.low = 1.0;
            r.high = std::max(168.0, 2.0 * base);
            break;
        case WhatIfControl::peak_price:
        case WhatIfControl::offpeak_price: {
            const bool peak = control == WhatIfControl::peak_price;
            r.name = peak ? tr("Peak price") : tr("Off-peak price");
            r.unit = study_ ? tr("%1/kWh").arg(toQString(study_->tariff.settings().currency))
                            : tr("/kWh");
            r.decimals = 3;
            r.low = 0.0;
            r.high = 2.0 * std::max(baselineSettings_.peak_price_per_kwh,
                                    baselineSettings_.offpeak_price_per_kwh);
            if (!(r.high > 0.0)) r.high = 1.0;
            break;
        }
    }
    return r;
}

QStringList WhatIfState::gradeLabels() const {
    QStringList out;
    if (study_)
        for (const auto& g : study_->twin.core.grade_labels) out << toQString(g);
    return out;
}

void WhatIfState::changeControl(WhatIfControl control, double value, bool dragging) {
    WhatIfSettings next = settings_;
    next.setValue(control, value);
    changeSettings(next, tr("Change %1").arg(range(control).name.toLower()), dragging);
}

void WhatIfState::changeSettings(const WhatIfSettings& next, const QString& text, bool dragging) {
    if (!study_ || next == settings_) return;
    if (dragging && !dragging_) {
        dragging_ = true;
        ++dragSerial_;
    }
    // Merges into the open drag's command (one undo step per drag).
    document_.undoStack()->push(
        new WhatIfSettingsCommand(*this, settings_, next, text, dragging ? dragSerial_ : -1));
}

void WhatIfState::endDrag() {
    if (!dragging_) return;
    dragging_ = false;
    ++dragSerial_;  // the next change opens a new undo step
    // The fine profile grid, now that the hand is still.
    if (study_) recompute();
}

void WhatIfState::applySettings(const WhatIfSettings& next) {
    if (!study_) return;
    settings_ = next;
    recompute();
}

void WhatIfState::setProfilePoints(int fine, int coarse) {
    profileFine_ = std::max(fine, 2);
    profileCoarse_ = std::max(coarse, 2);
}

void WhatIfState::setContourPoints(int fine, int coarse) {
    contourFine_ = std::max(fine, 2);
    contourCoarse_ = std::max(coarse, 2);
    contourFull_ = false;
}

std::vector<WhatIfControl> WhatIfState::profiledControls() {
    return {WhatIfControl::speed, WhatIfControl::setpoint, WhatIfControl::maintenance_interval};
}

twinbench::Scenario WhatIfState::scenario(const QString& name, const QString& note) const {
    twinbench::Scenario s;
    s.name = toUtf8(name);
    s.note = toUtf8(note);
    s.horizon_h = horizon_h_;
    s.limits = limits_;
    const auto add = [&](twinbench::Control c, double v) {
        twinbench::ControlChange change;
        change.control = c;
        change.op = twinbench::ChangeOp::set;
        change.value = v;
        s.changes.push_back(change);
    };
    const auto& b = baselineSettings_;
    const auto& v = settings_;
    if (differs(v.speed_m_per_min, b.speed_m_per_min))
        add(twinbench::Control::speed, v.speed_m_per_min);
    if (differs(v.setpoint_degC, b.setpoint_degC))
        add(twinbench::Control::setpoint, v.setpoint_degC);
    if (differs(v.maintenance_interval_h, b.maintenance_interval_h) &&
        std::isfinite(v.maintenance_interval_h))
        add(twinbench::Control::maintenance_interval, v.maintenance_interval_h);
    if (differs(v.check_interval_h, b.check_interval_h))
        add(twinbench::Control::check_interval, v.check_interval_h);
    if (!v.material_mix.empty()) {
        twinbench::ControlChange change;
        change.control = twinbench::Control::material;
        change.mix = v.material_mix;
        s.changes.push_back(change);
    }
    if (study_ && (differs(v.peak_price_per_kwh, b.peak_price_per_kwh) ||
                   differs(v.offpeak_price_per_kwh, b.offpeak_price_per_kwh))) {
        auto tariff = study_->tariff.settings();
        tariff.peak_price_per_kwh = v.peak_price_per_kwh;
        tariff.offpeak_price_per_kwh = v.offpeak_price_per_kwh;
        s.tariff = tariff;
    }
    return s;
}

WhatIfSettings WhatIfState::settingsOf(const twinbench::Scenario& s) const {
    WhatIfSettings out = baselineSettings_;
    if (!study_) return out;
    // Constant changes read back exactly; a change on a daily window reads as its mean.
    const auto in = inputsOf(s);
    out.speed_m_per_min = twinbench::current_control_value(in, twinbench::Control::speed);
    out.setpoint_degC = twinbench::current_control_value(in, twinbench::Control::setpoint);
    out.maintenance_interval_h = in.maintenance_interval_running_min / 60.0;
    out.check_interval_h = in.check_interval_h;
    for (const auto& c : s.changes)
        if (c.control == twinbench::Control::material) out.material_mix = c.mix;
    if (s.tariff) {
        out.peak_price_per_kwh = s.tariff->peak_price_per_kwh;
        out.offpeak_price_per_kwh = s.tariff->offpeak_price_per_kwh;
    }
    return out;
}

twinbench::SimulationInputs WhatIfState::inputsOf(const twinbench::Scenario& s) const {
    twinbench::SimulationInputs in = window_.inputs;
    if (study_) twinbench::apply_scenario(s, study_->twin, study_->tariff, in);
    return in;
}

void WhatIfState::cacheTariffPeaks() {
    const auto& time = window_.inputs.time_s;
    peakStep_.resize(time.size());
    for (std::size_t i = 0; i < time.size(); ++i)
        peakStep_[i] = study_->tariff.is_peak(time[i]) ? 1 : 0;
    // About ten minutes a step while dragging: the KPIs of a week stay within about 1 %.
    const double step = window_.inputs.step_min;
    coarseFactor_ = step > 0.0 ? std::max(1, static_cast<int>(std::lround(10.0 / step))) : 1;
    coarseMix_.reset();
}

twinbench::SimulationInputs WhatIfState::currentInputs(bool coarse) {
    coarse = coarse && coarseFactor_ > 1;
    twinbench::Scenario s = scenario();
    // A changed tariff here only ever changes the two prices (scenario() copies the
    // study's window, days and zone): the prices come from the cached peak flags.
    std::optional<twinbench::TariffSettings> tariff;
    const auto& own = study_->tariff.settings();
    if (s.tariff && s.tariff->time_zone == own.time_zone &&
        s.tariff->peak_start_min == own.peak_start_min &&
        s.tariff->peak_end_min == own.peak_end_min && s.tariff->peak_days == own.peak_days &&
        peakStep_.size() == window_.inputs.steps()) {
        tariff = s.tariff;
        s.tariff.reset();
    }
    twinbench::SimulationInputs in;
    if (coarse) {
        // The mix first, on the fine grid, then coarsened (cached while the mix stays).
        if (!coarseMix_ || *coarseMix_ != settings_.material_mix) {
            twinbench::Scenario mixOnly;
            for (const auto& c : s.changes)
                if (c.control == twinbench::Control::material) mixOnly.changes.push_back(c);
            coarseWindow_ = twinbench::coarsen_inputs(inputsOf(mixOnly), coarseFactor_);
            coarseMix_ = settings_.material_mix;
        }
        std::erase_if(s.changes, [](const twinbench::ControlChange& c) {
            return c.control == twinbench::Control::material;
        });
        in = coarseWindow_;
        twinbench::apply_scenario(s, study_->twin, study_->tariff, in);
    } else {
        in = inputsOf(s);
    }
    if (tariff) {
        const double peak = tariff->peak_price_per_kwh, offpeak = tariff->offpeak_price_per_kwh;
        // As TimeOfUseTariff::price_at; on the coarse grid the mean of the merged steps,
        // as coarsen_inputs takes it.
        const std::size_t f = coarse ? static_cast<std::size_t>(coarseFactor_) : 1;
        for (std::size_t j = 0; j < in.steps(); ++j) {
            double sum = 0.0;
            for (std::size_t i = j * f; i < (j + 1) * f; ++i) sum += peakStep_[i] ? peak : offpeak;
            in.price_per_kwh[j] = f == 1 ? sum : sum / static_cast<double>(f);
        }
    }
    return in;
}

// Equal in everything the deterministic simulation reads.
bool WhatIfState::sameButCheckInterval(WhatIfSettings a, const WhatIfSettings& b) {
    a.check_interval_h = b.check_interval_h;
    return a == b;
}

void WhatIfState::recompute() {
    if (!study_) return;
    const auto& twin = study_->twin;
    auto t0 = std::chrono::steady_clock::now();
    const auto lap = [&t0] {
        const auto t1 = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        t0 = t1;
        return ms;
    };
    timings_ = {};
    // While a drag runs, the profiles and the map (about 200 horizon simulations at
    // rest) run on the coarse grid; the horizon itself (time chart, tiles) stays fine.
    twinbench::SimulationInputs coarseInputs;
    try {
        scenarioInputs_ = currentInputs(false);
        if (dragging_) coarseInputs = currentInputs(true);
    } catch (const std::exception&) {
        // Values the engine refuses (a mix of unknown grades) keep the baseline inputs.
        scenarioInputs_ = window_.inputs;
        if (dragging_) coarseInputs = twinbench::coarsen_inputs(window_.inputs, coarseFactor_);
    }
    const auto& gridInputs = dragging_ ? coarseInputs : scenarioInputs_;
    timings_.inputs_ms = lap();
    twinbench::SimulationOptions so;
    so.keep_series = true;
    result_ = twinbench::simulate(twin, scenarioInputs_, so);
    crossings_ = twinbench::find_limit_crossings(limits_, scenarioInputs_, result_.series);
    extrapolation_ = twinbench::extrapolation_flags(window_, scenarioInputs_);
    timings_.simulate_ms = lap();

    // Profile traces: coarse while a drag runs, fine otherwise. Only Monte Carlo reads the
    // check interval (it redraws the soft sensor's error at each check), so when nothing
    // else moved the traces stay as they are.
    const int points = dragging_ ? profileCoarse_ : profileFine_;
    const bool profilesValid = !profiles_.empty() && points == profilePoints_ &&
                               gridInputs.step_min == profileStepMin_ &&
                               sameButCheckInterval(settings_, profileSettings_);
    if (!profilesValid) {
        profilePoints_ = points;
        std::vector<twinbench::ProfileAxis> axes;
        for (auto c : profiledControls()) {
            const auto r = range(c);
            const auto engine = c == WhatIfControl::speed ? twinbench::Control::speed
                                : c == WhatIfControl::setpoint
                                    ? twinbench::Control::setpoint
                                    : twinbench::Control::maintenance_interval;
            axes.push_back({engine, r.low, r.high});
        }
        profiles_ = twinbench::profile_traces(twin, gridInputs, axes, profilePoints_, 2);
        profileStepMin_ = gridInputs.step_min;
        profileSettings_ = settings_;
        ++profileRevision_;
    }
    timings_.profiles_ms = lap();

    recomputeContour(gridInputs);
    timings_.contour_ms = lap();
    band_.reset();
    baselineMedian_.reset();
    retire_job(mcJob_, this);
    mcTimer_.start();
    emit resultChanged();
}

void WhatIfState::recomputeContour(const twinbench::SimulationInputs& base) {
    // The map does not depend on speed and setpoint themselves (it spans them), so a
    // drag of either only moves the current point.
    WhatIfSettings key = settings_;
    key.speed_m_per_min = contourSettings_.speed_m_per_min;
    key.setpoint_degC = contourSettings_.setpoint_degC;
    const bool same = contour_.n > 0 && sameButCheckInterval(key, contourSettings_);
    if (same && (contourFull_ || dragging_)) return;
    const int n = dragging_ ? contourCoarse_ : contourFine_;
    const auto rs = range(WhatIfControl::speed), rt = range(WhatIfControl::setpoint);
    ContourGrid g;
    g.n = n;
    g.speed_low = rs.low, g.speed_high = rs.high, g.setpoint_low = rt.low,
    g.setpoint_high = rt.high;
    g.step_min = base.step_min;
    g.kpis.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
    const auto& twin = study_->twin;
    // Two threads at most: the GUI thread is one of the machine's few cores.
    twinbench::run_parallel_jobs(n, n < 8 ? 1 : 2, [&] { return [&](int row) {
        twinbench::SimulationInputs work = base;
        const double setpoint =
            g.setpoint_low + (g.setpoint_high - g.setpoint_low) * row / double(n - 1);
        twinbench::set_control(work, twinbench::Control::setpoint, setpoint);
        for (int col = 0; col < n; ++col) {
            twinbench::set_control(
                work, twinbench::Control::speed,
                g.speed_low + (g.speed_high - g.speed_low) * col / double(n - 1));
            g.kpis[static_cast<std::size_t>(row) * static_cast<std::size_t>(n) +
                   static_cast<std::size_t>(col)] = twinbench::simulate(twin, work).kpis;
        }
    }; });
    contour_ = std::move(g);
    ++contourRevision_;
    contourSettings_ = settings_;
    contourFull_ = !dragging_;
}

void WhatIfState::startMonteCarlo() {
    if (!study_ || mcRuns_ < 2) return;
    retire_job(mcJob_, this);
    auto out = std::make_shared<twinbench::MonteCarloResult>();
    auto baseOut = std::make_shared<std::vector<twinbench::Kpis>>();
    auto study = study_;
    auto inputs = std::make_shared<twinbench::SimulationInputs>(scenarioInputs_);
    auto baseInputs = std::make_shared<twinbench::SimulationInputs>(window_.inputs);
    const int runs = mcRuns_;
    mcJob_ = new BackgroundJob(
        tr("Monte Carlo (%1 runs)").arg(runs),
        [out, baseOut, study, inputs, baseInputs, runs](const twinbench::ProgressCallback& progress) {
            // In chunks, so that cancel (or a newer setting) stops it within a few ms;
            // each chunk has its own seed, the result is still reproducible.
            constexpr int chunk = 25;
            for (int done = 0, c = 0; done < runs; done += chunk, ++c) {
                if (!progress(static_cast<double>(done) / runs, "Monte Carlo"))
                    throw twinbench::Cancelled();
                twinbench::MonteCarloOptions mc;
                mc.runs = std::min(chunk, runs - done);
                mc.seed = 1 + static_cast<std::uint64_t>(c);
                mc.threads = 1;  // the other core keeps the window responsive
                auto part = twinbench::run_monte_carlo(study->twin, *inputs, mc);
                out->runs.insert(out->runs.end(), part.runs.begin(), part.runs.end());
                // The baseline over the same draws: the medians' difference is the change.
                auto base = twinbench::run_monte_carlo(study->twin, *baseInputs, mc);
                baseOut->insert(baseOut->end(), base.runs.begin(), base.runs.end());
            }
            out->p10 = twinbench::kpi_quantile(out->runs, 0.10);
            out->p50 = twinbench::kpi_quantile(out->runs, 0.50);
            out->p90 = twinbench::kpi_quantile(out->runs, 0.90);
        },
        this);
    connect(mcJob_.data(), &BackgroundJob::succeeded, this, [this, out, baseOut] {
        baselineMedian_ = twinbench::kpi_quantile(*baseOut, 0.50);
        band_ = std::move(*out);
        emit bandChanged();
    });
    connect(mcJob_.data(), &BackgroundJob::finished, this, [this] {
        mcJob_->deleteLater();
        mcJob_ = nullptr;
    });
    mcJob_->start();
    emit monteCarloStarted(mcJob_.data());
}

QString WhatIfState::currency() const {
    return study_ ? toQString(study_->tariff.settings().currency) : QString();
}

bool WhatIfState::saveScenario(const QString& name, const QString& note, QString* error) {
    if (!study_) return false;
    if (name.trimmed().isEmpty()) {
        if (error) *error = tr("Give the scenario a name.");
        return false;
    }
    try {
        twinbench::Project project(toPath(document_.projectPath()),
                                   twinbench::Project::Mode::open_existing);
        twinbench::save_scenario(project, study_->dataset, scenario(name.trimmed(), note));
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return false;
    }
    emit scenariosChanged();
    return true;
}

std::vector<twinbench::Scenario> WhatIfState::storedScenarios(QString* error) const {
    if (!study_) return {};
    try {
        const twinbench::Project project(toPath(document_.projectPath()),
                                         twinbench::Project::Mode::read_only);
        return twinbench::stored_scenarios(project, study_->dataset);
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return {};
    }
}

bool WhatIfState::deleteScenario(const QString& name, QString* error) {
    if (!study_) return false;
    try {
        twinbench::Project project(toPath(document_.projectPath()),
                                   twinbench::Project::Mode::open_existing);
        if (!twinbench::delete_scenario(project, study_->dataset, toUtf8(name))) {
            if (error) *error = tr("No scenario is named '%1'.").arg(name);
            return false;
        }
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return false;
    }
    emit scenariosChanged();
    return true;
}

void WhatIfState::setLimits(const std::vector<twinbench::SeriesLimit>& limits) {
    limits_ = limits;
    if (study_)
        crossings_ = twinbench::find_limit_crossings(limits_, scenarioInputs_, result_.series);
    emit limitsChanged();
}

}  // namespace twinbench::ui
