// The What-if study of any process (PRODUCT.md section 4) behind the What-if page when the
// dataset is not the furnace template: a thin adapter over core's generic session
// (sim/twin_what_if.h). It holds the twin (open_twin_study, on a worker thread), the
// engineer's setting of each control of the process graph, and what core answers for
// them: the horizon simulated against the baseline (outputs, rates, KPIs, limits, trust,
// extrapolation), the profile of every output and KPI along every control, and the Monte
// Carlo band step by step. Nothing is simulated here; views read it and call it.
//
// Why the work is split as it is: one horizon of the gas turbine's graph takes well under
// a millisecond, so a slider drag asks core again on every value; the profiles are swept
// on fewer points while a drag runs; Monte Carlo (hundreds of runs) runs in a background
// job once the controls have been still for a moment, retired when they move again.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>

#include "data/table.h"
#include "sim/graph_monte_carlo.h"
#include "sim/graph_window.h"
#include "sim/kpi_set.h"
#include "sim/twin_study.h"
#include "sim/twin_what_if.h"
#include "ui/app/background_job.h"

namespace twinbench::ui {

class WorkbenchDocument;

// Control name -> value (constant over the horizon).
using GraphSettings = std::map<std::string, double>;

// A slider's range and what the data say about the control. A categorical control (a load
// type, a product) is set to one of its levels: its setting is the level's code, 0 to
// levels.size() - 1, and the page offers the levels by name.
struct GraphControlRange {
    std::string name;
    QString unit;
    bool categorical = false;
    QStringList levels;            // categorical: the label of each code
    double low = 0.0, high = 0.0;  // slider ends: the data's range (categorical: the codes)
    double min = 0.0, p01 = 0.0, median = 0.0, p99 = 0.0, max = 0.0;
    double baseline = 0.0;  // the horizon's median
    int decimals = 1;
};

// One number a tile and a profiler row show: an output's mean over the horizon, a count
// output's rate (hits / total) or an engineer's KPI.
struct GraphFigure {
    enum class Kind { output, rate, kpi };
    Kind kind = Kind::output;
    std::string name;  // the output or KPI
    QString title;     // "NOX", "CO (rate)", "gas_per_bag"
    QString unit;      // the output's unit ("" for rates and KPIs)
    std::string output;  // the output the number comes from (its trust); "" for a KPI
};

// One control swept over its range with the others as set: each figure along it.
struct GraphProfile {
    std::string control;
    std::vector<double> x;
    std::vector<std::vector<double>> values;  // [figure][point]
};

class GraphWhatIfState : public QObject {
    Q_OBJECT

  public:
    explicit GraphWhatIfState(WorkbenchDocument& document, QObject* parent = nullptr);
    ~GraphWhatIfState() override;

    // Whether a dataset is for this page rather than the furnace one: generic roles
    // (a control or an output) and none of the furnace template's controls.
    static bool appliesTo(const twinbench::Table& table);

    // Opens the twin of the current dataset on a worker thread (fitting the models for
    // this session when the project holds none). Returns the job (nullptr when loaded,
    // loading, or no data: then *error may say why); loaded() follows on success.
    BackgroundJob* load(QString* error = nullptr);
    bool isLoaded() const { return study_ != nullptr; }
    bool isLoading() const { return !loadJob_.isNull(); }
    BackgroundJob* loadJob() const { return loadJob_.data(); }
    QString loadError() const { return loadError_; }

    const twinbench::TwinStudy* study() const { return study_.get(); }
    // Shared with background work (Monte Carlo, the optimiser) that may outlive a reload.
    std::shared_ptr<const twinbench::TwinStudy> sharedStudy() const { return study_; }
    std::shared_ptr<const twinbench::KpiSet> sharedKpis() const { return kpis_; }
    // The horizon: hours with a time axis, rows without (then horizonHours() is 0).
    double horizonHours() const { return horizon_h_; }
    std::size_t horizonRows() const { return window_.baseline.steps(); }
    bool hasTimeAxis() const { return window_.baseline.has_time(); }

    // --- Settings -------------------------------------------------------------------
    const std::vector<GraphControlRange>& controls() const { return controls_; }
    const GraphControlRange* control(const std::string& name) const;
    const GraphSettings& settings() const { return settings_; }
    const GraphSettings& baselineSettings() const { return baselineSettings_; }
    // Through the undo stack; a drag (dragging = true) is one undo step until endDrag().
    void changeControl(const std::string& name, double value, bool dragging = false);
    void endDrag();
    // Several controls at once as one undo step (a stored scenario or the optimiser's
    // answer applied); each value clamped to its slider's range, unknown names ignored.
    void changeControls(const GraphSettings& values, const QString& undoText);
    bool isDragging() const { return dragging_; }
    // Applies without an undo step (the undo command).
    void applySettings(const GraphSettings& settings);
    // The current settings as core's scenario: NAME=VALUE for every control moved off
    // its baseline, and the limits.
    twinbench::Scenario scenario() const;
    // Stores the current settings as a scenario of the dataset (a second connection to the
    // project file), as `simulate --save-scenario` does: the CLI's --scenario NAME and the
    // report read it. False + *error when the name is empty or the project refuses.
    bool saveScenario(const QString& name, const QString& note, QString* error = nullptr);
    // The dataset's stored scenarios (a read-only connection); empty + *error on failure.
    std::vector<twinbench::Scenario> storedScenarios(QString* error = nullptr) const;
    // The controls' values a scenario sets over the baseline (each change applied to the
    // control's baseline value; changes of unknown or categorical controls skipped).
    GraphSettings settingsOf(const twinbench::Scenario& scenario) const;
    // One deterministic horizon on the baseline frame with the controls at these values
    // (the others at their baseline): what a contour map evaluates cell by cell, on another
    // thread (with the shared study and KPIs, and a copy of baselineFrame()).
    static twinbench::GraphOutcome outcomeAt(const twinbench::TwinStudy& study, const twinbench::KpiSet* kpis,
                                             const twinbench::SignalFrame& baseline, const twinbench::Scenario& scenario);
    // The scenario that sets these controls to these values (categorical ones to their level).
    twinbench::Scenario scenarioOf(const GraphSettings& values) const;
    const twinbench::SignalFrame& baselineFrame() const { return window_.baseline; }
    // The figure's name as core's optimiser and constraints address it ("rate(CO)" for a
    // count's rate).
    static std::string figureKey(const GraphFigure& figure);

    // The engineer's KPIs (`name = expression` over the horizon, PRODUCT.md section 4), one
    // tile and profiler row each: checked against the twin's signals, then stored in the
    // project (the CLI and the report read them); the page reloads with them. False +
    // *error (the engine's message, with the spot) when one does not compile.
    bool setKpis(const std::vector<twinbench::KpiDefinition>& kpis, QString* error = nullptr);
    const std::vector<twinbench::KpiDefinition>& kpiDefinitions() const;

    // --- Results (valid once loaded) --------------------------------------------------
    const std::vector<GraphFigure>& figures() const { return figures_; }
    const twinbench::TwinWhatIfResult& result() const { return result_; }
    // A figure of an outcome (NaN when absent).
    static double valueOf(const twinbench::GraphOutcome& outcome, const GraphFigure& figure);
    static double valueOf(const twinbench::OutcomeBand& band, const GraphFigure& figure);
    const std::vector<GraphProfile>& profiles() const { return profiles_; }
    int profileRevision() const { return profileRevision_; }
    void setProfilePoints(int fine, int coarse);
    int profilePoints() const { return profilePoints_; }

    // Monte Carlo of the current settings (figures' P10/P90 and the outputs' band step by
    // step); empty while it runs or after a change.
    const std::optional<twinbench::GraphMonteCarloResult>& band() const { return band_; }
    // The baseline's Monte Carlo median over the same draws, set with band(): the tiles
    // then show medians and their difference (twinbench::use_median_as_headline).
    const std::optional<twinbench::OutcomeBand>& baselineMedian() const { return baselineMedian_; }
    void setMonteCarloRuns(int runs) { mcRuns_ = runs; }
    int monteCarloRuns() const { return mcRuns_; }
    void setMonteCarloDelayMs(int ms) { mcTimer_.setInterval(ms); }
    BackgroundJob* monteCarloJob() const { return mcJob_.data(); }

    // The limits the time chart marks; by default each output's 99th percentile over the
    // data (the plant's usual ceiling). Crossings come with the next result.
    const std::vector<twinbench::SeriesLimit>& limits() const { return limits_; }
    void setLimits(const std::vector<twinbench::SeriesLimit>& limits);

    // Wall clock of the last recompute's parts (ms), for the interactive benchmark.
    struct RecomputeTimings {
        double simulate_ms = 0.0;  // the generic session: baseline and scenario
        double profiles_ms = 0.0;
    };
    const RecomputeTimings& lastTimings() const { return timings_; }

  signals:
    void loaded();
    void loadFailed(const QString& message);
    void unloaded();
    void resultChanged();
    void bandChanged();
    void monteCarloStarted(twinbench::ui::BackgroundJob* job);
    void limitsChanged();
    void scenarioSaved(const QString& name);

  private:
    void unload();
    void recompute();
    void recomputeProfiles();
    void startMonteCarlo();
    void changeSettings(const GraphSettings& settings, const QString& text, bool dragging);
    // The scenario change that sets a control to a value (a categorical one to the level
    // of that code).
    twinbench::ControlChange setTo(const std::string& control, double value) const;

    WorkbenchDocument& document_;
    QPointer<BackgroundJob> loadJob_;
    QString loadError_;
    std::shared_ptr<const twinbench::TwinStudy> study_;
    std::shared_ptr<const twinbench::KpiSet> kpis_;
    twinbench::GraphWindow window_;  // the baseline the profiles sweep on
    double horizon_h_ = 0.0;
    std::size_t horizon_rows_ = 0;

    std::vector<GraphControlRange> controls_;
    GraphSettings settings_, baselineSettings_;
    bool dragging_ = false;
    int dragSerial_ = 0;

    std::vector<GraphFigure> figures_;
    twinbench::TwinWhatIfResult result_;
    std::vector<GraphProfile> profiles_;
    GraphSettings profileSettings_;
    int profileFine_ = 25, profileCoarse_ = 9, profilePoints_ = 0, profileRevision_ = 0;
    std::vector<twinbench::SeriesLimit> limits_;
    RecomputeTimings timings_;

    std::optional<twinbench::GraphMonteCarloResult> band_;
    std::optional<twinbench::OutcomeBand> baselineMedian_;
    QPointer<BackgroundJob> mcJob_;
    QTimer mcTimer_;
    int mcRuns_ = 200;
};

}  // namespace twinbench::ui
