#include "ui/app/graph_what_if_state.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <QUndoStack>

#include "common/error.h"
#include "common/missing_value.h"
#include "data/project.h"
#include "data/robust_stats.h"
#include "sim/graph_scenario.h"
#include "sim/scenario_store.h"
#include "ui/app/graph_what_if_command.h"
#include "ui/app/qt_strings.h"
#include "ui/app/workbench_document.h"

namespace twinbench::ui {
namespace {

constexpr double default_horizon_h = 168.0;

double elapsedMs(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// Enough decimals to move a slider step over the range (1000 steps), at most four.
int decimalsFor(double low, double high) {
    const double span = high - low;
    if (!(span > 0.0)) return 2;
    return std::clamp(static_cast<int>(std::ceil(-std::log10(span / 1000.0))), 0, 4);
}

// The names a KPI may aggregate: the frame's signals and the graph's outputs.
std::vector<std::string> kpiSignalNames(const twinbench::SignalFrame& frame, const twinbench::ProcessGraph& graph) {
    std::vector<std::string> known;
    for (const auto& s : frame.series) known.push_back(s.name);
    for (const auto& o : graph.outputs())
        if (std::find(known.begin(), known.end(), o) == known.end()) known.push_back(o);
    return known;
}

}  // namespace

twinbench::ControlChange GraphWhatIfState::setTo(const std::string& control, double value) const {
    twinbench::ControlChange c;
    c.control = twinbench::Control::signal;
    c.op = twinbench::ChangeOp::set;
    c.signal = control;
    c.value = value;
    if (const auto* range = this->control(control); range != nullptr && range->categorical) {
        const auto code = static_cast<qsizetype>(std::lround(value));
        if (code >= 0 && code < range->levels.size()) c.level = toUtf8(range->levels[code]);
    }
    return c;
}

GraphWhatIfState::GraphWhatIfState(WorkbenchDocument& document, QObject* parent)
    : QObject(parent), document_(document) {
    mcTimer_.setSingleShot(true);
    mcTimer_.setInterval(250);
    connect(&mcTimer_, &QTimer::timeout, this, &GraphWhatIfState::startMonteCarlo);
    // A twin of other data, or of other roles, would answer the wrong question.
    connect(&document_, &WorkbenchDocument::datasetChanged, this, &GraphWhatIfState::unload);
    connect(&document_, &WorkbenchDocument::rolesChanged, this, &GraphWhatIfState::unload);
    connect(&document_, &WorkbenchDocument::modelsStored, this, &GraphWhatIfState::unload);
    connect(&document_, &WorkbenchDocument::kpisChanged, this, &GraphWhatIfState::unload);
    connect(&document_, &WorkbenchDocument::projectClosed, this, &GraphWhatIfState::unload);
}

GraphWhatIfState::~GraphWhatIfState() {
    retire_job(mcJob_, this);
    retire_job(loadJob_, this);
}

bool GraphWhatIfState::appliesTo(const twinbench::Table& table) {
    bool generic = false;
    for (const auto& c : table.columns) {
        if (c.role == twinbench::Role::speed || c.role == twinbench::Role::setpoint) return false;
        if (c.role == twinbench::Role::control || c.role == twinbench::Role::output) generic = true;
    }
    return generic;
}

void GraphWhatIfState::unload() {
    retire_job(mcJob_, this);
    retire_job(loadJob_, this);
    mcTimer_.stop();
    const bool was = study_ != nullptr;
    study_.reset();
    kpis_.reset();
    window_ = {};
    controls_.clear();
    settings_.clear();
    baselineSettings_.clear();
    figures_.clear();
    result_ = {};
    profiles_.clear();
    profileSettings_.clear();
    limits_.clear();
    band_.reset();
    baselineMedian_.reset();
    loadError_.clear();
    dragging_ = false;
    if (was) emit unloaded();
}

BackgroundJob* GraphWhatIfState::load(QString* error) {
    if (study_ || loadJob_) return loadJob_.data();
    if (!document_.hasDataset()) {
        if (error) *error = tr("Open a project with data first.");
        return nullptr;
    }
    struct Loaded {
        std::shared_ptr<twinbench::TwinStudy> study;
        std::shared_ptr<twinbench::KpiSet> kpis;
        twinbench::GraphWindow window;
        double horizon_h = default_horizon_h;
        std::vector<twinbench::SeriesLimit> limits;
    };
    auto out = std::make_shared<Loaded>();
    const auto path = toPath(document_.projectPath());
    const std::string dataset = toUtf8(document_.datasetName());
    loadJob_ = new BackgroundJob(
        tr("Preparing the simulation"),
        [out, path, dataset](const twinbench::ProgressCallback&) {
            const twinbench::Project project(path, twinbench::Project::Mode::read_only);
            out->study = std::make_shared<twinbench::TwinStudy>(twinbench::open_twin_study(project, dataset));
            const auto& history = out->study->history;
            // A week, or all the data when it holds less; per-item rows: the last 20 %.
            if (history.has_time()) out->horizon_h = std::min(default_horizon_h, std::floor(history.hours()));
            twinbench::WindowSpec spec;
            spec.horizon_h = out->horizon_h;
            out->window = twinbench::graph_window(history, out->study->graph, spec);
            // The KPIs as the session compiles them: over the frame's signals and outputs.
            out->kpis = std::make_shared<twinbench::KpiSet>(out->study->kpis,
                                                            kpiSignalNames(out->window.baseline, out->study->graph));
            // Each continuous output's usual ceiling: its 99th percentile over the data.
            for (const auto& name : out->study->graph.outputs()) {
                const auto* g = out->study->graph.find(name);
                const auto* s = history.find(name);
                if (g == nullptr || s == nullptr || g->output_kind != twinbench::OutputKind::continuous) continue;
                std::vector<double> finite;
                twinbench::copy_finite(s->values, finite);
                if (finite.size() < 10) continue;
                const double q[1] = {0.99};
                double p99[1] = {nan};
                twinbench::quantiles_inplace(finite, q, p99);
                out->limits.push_back({name, std::nullopt, p99[0]});
            }
        },
        this);
    connect(loadJob_.data(), &BackgroundJob::succeeded, this, [this, out] {
        study_ = out->study;
        kpis_ = out->kpis;
        window_ = std::move(out->window);
        horizon_h_ = window_.baseline.has_time() ? out->horizon_h : 0.0;
        limits_ = std::move(out->limits);
        controls_.clear();
        for (const auto& r : window_.controls) {
            GraphControlRange c;
            c.name = r.name;
            c.unit = toQString(r.unit);
            if (r.categorical) {
                // One level only: nothing to choose.
                if (r.levels.size() < 2) continue;
                c.categorical = true;
                for (const auto& level : r.levels) c.levels << toQString(level);
                c.low = c.min = c.p01 = 0.0;
                c.high = c.max = c.p99 = static_cast<double>(r.levels.size() - 1);
                c.median = c.baseline = r.baseline;
                c.decimals = 0;
                controls_.push_back(c);
                baselineSettings_[c.name] = c.baseline;
                continue;
            }
            if (!std::isfinite(r.min) || !(r.max > r.min)) continue;
            c.low = r.min;
            c.high = r.max;
            c.min = r.min;
            c.p01 = r.p01;
            c.median = r.median;
            c.p99 = r.p99;
            c.max = r.max;
            c.baseline = r.baseline;
            c.decimals = decimalsFor(r.min, r.max);
            controls_.push_back(c);
            baselineSettings_[c.name] = c.baseline;
        }
        settings_ = baselineSettings_;
        profiles_.clear();
        profileSettings_.clear();
        recompute();
        // The tiles' figures, in the graph's order: outputs, the rates of counts, KPIs.
        figures_.clear();
        for (const auto& name : study_->graph.outputs()) {
            if (!result_.result.outputs.count(name)) continue;
            const auto* g = study_->graph.find(name);
            figures_.push_back({GraphFigure::Kind::output, name, toQString(name), toQString(g->unit), name});
        }
        for (const auto& name : study_->graph.outputs())
            if (result_.result.rates.count(name))
                figures_.push_back({GraphFigure::Kind::rate, name, tr("%1 (rate)").arg(toQString(name)), QString(), name});
        {
            // A KPI aggregates over the horizon: its tile says over how long ("per 7 days").
            const QString period = horizon_h_ > 0.0
                                       ? (std::fmod(horizon_h_, 24.0) == 0.0 ? tr("over %1 days").arg(horizon_h_ / 24.0)
                                                                            : tr("over %1 h").arg(horizon_h_))
                                       : tr("over %1 rows").arg(window_.baseline.steps());
            for (const auto& k : study_->kpis)
                figures_.push_back({GraphFigure::Kind::kpi, k.name,
                                    QStringLiteral("%1 (%2)").arg(toQString(k.name), period), QString(), std::string()});
        }
        recomputeProfiles();
        emit loaded();
        emit resultChanged();
    });
    connect(loadJob_.data(), &BackgroundJob::failed, this, [this](const QString& message) {
        // Nothing to simulate: said in the workbench's words (the engine's names the CLI).
        loadError_ = loadJob_ && loadJob_->errorCode() == static_cast<int>(twinbench::ExitCode::model_failure)
                         ? tr("no output has a model yet. Set the role of the signals to predict to Output and of "
                              "the settings to Control on the Project page, then fit them on the Models page.")
                         : message;
        emit loadFailed(loadError_);
    });
    connect(loadJob_.data(), &BackgroundJob::finished, this, [this] {
        loadJob_->deleteLater();
        loadJob_ = nullptr;
    });
    loadJob_->start();
    return loadJob_.data();
}

const GraphControlRange* GraphWhatIfState::control(const std::string& name) const {
    for (const auto& c : controls_)
        if (c.name == name) return &c;
    return nullptr;
}

void GraphWhatIfState::changeControl(const std::string& name, double value, bool dragging) {
    const auto* c = control(name);
    if (c == nullptr) return;
    GraphSettings next = settings_;
    next[name] = std::clamp(c->categorical ? std::round(value) : value, c->low, c->high);
    changeSettings(next, tr("Change %1").arg(toQString(name)), dragging);
}

void GraphWhatIfState::changeSettings(const GraphSettings& next, const QString& text, bool dragging) {
    if (!study_ || next == settings_) return;
    if (dragging && !dragging_) {
        dragging_ = true;
        ++dragSerial_;
    }
    // Merges into the open drag's command (one undo step per drag).
    document_.undoStack()->push(new GraphWhatIfCommand(*this, settings_, next, text, dragging ? dragSerial_ : -1));
}

void GraphWhatIfState::changeControls(const GraphSettings& values, const QString& undoText) {
    GraphSettings next = settings_;
    for (const auto& [name, value] : values)
        if (const auto* c = control(name)) next[name] = std::clamp(value, c->low, c->high);
    changeSettings(next, undoText, false);
}

void GraphWhatIfState::endDrag() {
    if (!dragging_) return;
    dragging_ = false;
    ++dragSerial_;
    // The fine profiles, now that the hand is still.
    if (study_) {
        recomputeProfiles();
        emit resultChanged();
    }
}

void GraphWhatIfState::applySettings(const GraphSettings& next) {
    // An undo step of another dataset's controls (the undo stack outlives a switch of
    // dataset) cannot apply here: it is ignored rather than set on the wrong twin.
    const bool sameControls =
        next.size() == baselineSettings_.size() &&
        std::all_of(next.begin(), next.end(), [&](const auto& s) { return baselineSettings_.count(s.first) != 0; });
    if (!study_ || !sameControls) return;
    settings_ = next;
    recompute();
    recomputeProfiles();
    emit resultChanged();
}

void GraphWhatIfState::setProfilePoints(int fine, int coarse) {
    profileFine_ = std::max(fine, 2);
    profileCoarse_ = std::max(coarse, 2);
    profileSettings_.clear();
}

twinbench::Scenario GraphWhatIfState::scenario() const {
    twinbench::Scenario s;
    s.name = "what-if";
    s.horizon_h = window_.baseline.has_time() ? horizon_h_ : default_horizon_h;
    s.limits = limits_;
    for (const auto& [name, value] : settings_)
        if (value != baselineSettings_.at(name)) s.changes.push_back(setTo(name, value));
    return s;
}

bool GraphWhatIfState::saveScenario(const QString& name, const QString& note, QString* error) {
    if (!study_) return false;
    if (name.trimmed().isEmpty()) {
        if (error) *error = tr("Give the scenario a name.");
        return false;
    }
    twinbench::Scenario s = scenario();
    s.name = toUtf8(name.trimmed());
    s.note = toUtf8(note);
    try {
        twinbench::Project project(toPath(document_.projectPath()), twinbench::Project::Mode::open_existing);
        twinbench::save_scenario(project, study_->dataset, s);
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return false;
    }
    emit scenarioSaved(name.trimmed());
    return true;
}

std::vector<twinbench::Scenario> GraphWhatIfState::storedScenarios(QString* error) const {
    if (!study_) return {};
    try {
        const twinbench::Project project(toPath(document_.projectPath()), twinbench::Project::Mode::read_only);
        return twinbench::stored_scenarios(project, study_->dataset);
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return {};
    }
}

GraphSettings GraphWhatIfState::settingsOf(const twinbench::Scenario& scenario) const {
    GraphSettings out = baselineSettings_;
    for (const auto& c : scenario.changes) {
        const auto it = out.find(c.signal);
        if (c.control != twinbench::Control::signal || it == out.end() || !c.level.empty()) continue;
        const double base = baselineSettings_.at(c.signal);
        it->second = c.op == twinbench::ChangeOp::set   ? c.value
                     : c.op == twinbench::ChangeOp::add ? base + c.value
                                                        : base * (1.0 + c.value / 100.0);
    }
    return out;
}

twinbench::GraphOutcome GraphWhatIfState::outcomeAt(const twinbench::TwinStudy& study, const twinbench::KpiSet* kpis,
                                                    const twinbench::SignalFrame& baseline, const twinbench::Scenario& scenario) {
    twinbench::SignalFrame frame = baseline;
    twinbench::apply_graph_scenario(scenario, study.graph, frame);
    twinbench::simulate_graph(study.twin, frame);
    return twinbench::graph_outcome(study, std::move(frame), kpis);
}

twinbench::Scenario GraphWhatIfState::scenarioOf(const GraphSettings& values) const {
    twinbench::Scenario s;
    for (const auto& [name, value] : values) s.changes.push_back(setTo(name, value));
    return s;
}

std::string GraphWhatIfState::figureKey(const GraphFigure& figure) {
    return figure.kind == GraphFigure::Kind::rate ? "rate(" + figure.name + ")" : figure.name;
}

const std::vector<twinbench::KpiDefinition>& GraphWhatIfState::kpiDefinitions() const {
    static const std::vector<twinbench::KpiDefinition> none;
    return study_ ? study_->kpis : none;
}

bool GraphWhatIfState::setKpis(const std::vector<twinbench::KpiDefinition>& kpis, QString* error) {
    if (!study_) return false;
    try {
        // Compiled as the session compiles them, over the same names, before anything is stored.
        const twinbench::KpiSet check(kpis, kpiSignalNames(window_.baseline, study_->graph));
    } catch (const std::exception& e) {
        if (error) *error = toQString(e.what());
        return false;
    }
    return document_.storeKpis(kpis, error);
}

void GraphWhatIfState::setLimits(const std::vector<twinbench::SeriesLimit>& limits) {
    limits_ = limits;
    if (study_) {
        recompute();
        emit resultChanged();
    }
    emit limitsChanged();
}

double GraphWhatIfState::valueOf(const twinbench::GraphOutcome& o, const GraphFigure& f) {
    const auto& map = f.kind == GraphFigure::Kind::output ? o.outputs : f.kind == GraphFigure::Kind::rate ? o.rates : o.kpis;
    const auto it = map.find(f.name);
    return it == map.end() ? nan : it->second;
}

double GraphWhatIfState::valueOf(const twinbench::OutcomeBand& b, const GraphFigure& f) {
    const auto& map = f.kind == GraphFigure::Kind::output ? b.outputs : f.kind == GraphFigure::Kind::rate ? b.rates : b.kpis;
    const auto it = map.find(f.name);
    return it == map.end() ? nan : it->second;
}

void GraphWhatIfState::recompute() {
    retire_job(mcJob_, this);
    band_.reset();
    baselineMedian_.reset();
    const auto start = std::chrono::steady_clock::now();
    twinbench::TwinWhatIfOptions options;
    options.runs = 1;
    try {
        result_ = twinbench::run_twin_what_if(*study_, scenario(), options);
    } catch (const std::exception& e) {
        // Settings come from the sliders' ranges and limits from setLimits(): a failure
        // here is the engine's, shown where load failures are.
        emit loadFailed(toQString(e.what()));
        return;
    }
    timings_.simulate_ms = elapsedMs(start);
    if (mcRuns_ > 1) mcTimer_.start();
}

void GraphWhatIfState::recomputeProfiles() {
    const auto start = std::chrono::steady_clock::now();
    const int points = dragging_ ? profileCoarse_ : profileFine_;
    const bool samePoints = points == profilePoints_ && profiles_.size() == controls_.size();
    profilePoints_ = points;
    profiles_.resize(controls_.size());
    bool changed = false;
    for (std::size_t c = 0; c < controls_.size(); ++c) {
        const auto& range = controls_[c];
        // A categorical control's profile: one point per level.
        const int count = range.categorical ? static_cast<int>(range.levels.size()) : points;
        // A column depends on the other controls only: moving this one leaves it as it is.
        const bool othersSame = samePoints && !profileSettings_.empty() &&
                                std::all_of(settings_.begin(), settings_.end(), [&](const auto& s) {
                                    return s.first == range.name || profileSettings_.at(s.first) == s.second;
                                });
        if (othersSame && profiles_[c].control == range.name) continue;
        changed = true;
        GraphProfile p;
        p.control = range.name;
        p.values.assign(figures_.size(), std::vector<double>(static_cast<std::size_t>(count), nan));
        twinbench::Scenario s;
        for (const auto& [name, value] : settings_)
            if (name != range.name) s.changes.push_back(setTo(name, value));
        s.changes.push_back(setTo(range.name, 0.0));
        for (int i = 0; i < count; ++i) {
            const double x = range.low + (range.high - range.low) * i / (count - 1);
            p.x.push_back(x);
            s.changes.back() = setTo(range.name, x);
            twinbench::SignalFrame frame = window_.baseline;
            twinbench::apply_graph_scenario(s, study_->graph, frame);
            twinbench::simulate_graph(study_->twin, frame);
            const auto outcome = twinbench::graph_outcome(*study_, std::move(frame), kpis_.get());
            for (std::size_t f = 0; f < figures_.size(); ++f)
                p.values[f][static_cast<std::size_t>(i)] = valueOf(outcome, figures_[f]);
        }
        profiles_[c] = std::move(p);
    }
    profileSettings_ = settings_;
    if (changed) ++profileRevision_;
    timings_.profiles_ms = elapsedMs(start);
}

void GraphWhatIfState::startMonteCarlo() {
    if (!study_ || mcRuns_ < 2 || study_->twin.models.empty()) return;
    retire_job(mcJob_, this);
    auto out = std::make_shared<twinbench::GraphMonteCarloResult>();
    auto study = study_;
    auto kpis = kpis_;
    auto inputs = std::make_shared<twinbench::SignalFrame>(result_.result.frame);
    auto baseInputs = std::make_shared<twinbench::SignalFrame>(result_.baseline.frame);
    auto baseOut = std::make_shared<twinbench::OutcomeBand>();
    const int runs = mcRuns_;
    mcJob_ = new BackgroundJob(
        tr("Monte Carlo (%1 runs)").arg(runs),
        [out, baseOut, study, kpis, inputs, baseInputs, runs](const twinbench::ProgressCallback& progress) {
            twinbench::GraphMonteCarloOptions mc;
            mc.runs = runs;
            mc.seed = 1;
            mc.threads = 1;  // the other core keeps the window responsive
            mc.progress = progress;
            mc.series_band = true;
            *out = twinbench::run_graph_monte_carlo(*study, *inputs, *kpis, mc);
            out->runs.clear();  // the bands are what the page shows
            // The baseline over the same draws: the medians' difference is the change.
            mc.progress = nullptr;
            mc.series_band = false;
            *baseOut = twinbench::run_graph_monte_carlo(*study, *baseInputs, *kpis, mc).p50;
        },
        this);
    connect(mcJob_.data(), &BackgroundJob::succeeded, this, [this, out, baseOut] {
        baselineMedian_ = std::move(*baseOut);
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

}  // namespace twinbench::ui
