// The what-if study behind the What-if and Scenarios pages: the simulation study of the
// current dataset (twin, baseline replay, tariff), the engineer's control settings, and
// what follows from them (the simulated horizon against the baseline, profile traces,
// the speed x setpoint map, Monte Carlo bands). Pages read it and call it; none of them
// touches the project or the engine's inputs directly.
//
// Why the work is split as it is: one 7-day simulation takes well under a millisecond, so
// a slider drag re-simulates synchronously on every value change; the profile grid is
// recomputed on a coarse grid while a drag runs and on the full grid when it ends; Monte
// Carlo (hundreds of runs) runs in a background job, started once the controls have been
// still for a moment and retired when they move again.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include "opt/optimizer.h"
#include "sim/monte_carlo.h"
#include "sim/replay.h"
#include "sim/scenario.h"
#include "sim/sensitivity.h"
#include "sim/simulator.h"
#include "sim/study.h"
#include "sim/what_if.h"
#include "ui/app/background_job.h"
#include "ui/app/what_if_settings.h"

namespace twinbench::ui {

class WorkbenchDocument;

class WhatIfState : public QObject {
    Q_OBJECT

  public:
    explicit WhatIfState(WorkbenchDocument& document, QObject* parent = nullptr);
    ~WhatIfState() override;

    // Opens the study of the current dataset on a worker thread (fitting the models first
    // when the project holds none). Returns the job (nullptr when already loaded or no
    // data: then *error may say why). loaded() follows on success.
    BackgroundJob* load(QString* error = nullptr);
    bool isLoaded() const { return study_ != nullptr; }
    // Changes with every study loaded: undo steps remember it, so that none applies one
    // dataset's (or one set of roles') settings to another's study.
    int studySerial() const { return studySerial_; }
    bool isLoading() const { return !loadJob_.isNull(); }
    BackgroundJob* loadJob() const { return loadJob_.data(); }
    QString loadError() const { return loadError_; }

    const twinbench::Study* study() const { return study_.get(); }
    const twinbench::ReplayWindow& window() const { return window_; }
    double horizonHours() const { return horizon_h_; }

    // --- Settings -------------------------------------------------------------------
    const WhatIfSettings& settings() const { return settings_; }
    const WhatIfSettings& baselineSettings() const { return baselineSettings_; }
    ControlRange range(WhatIfControl control) const;
    // The tariff's currency (energy cost), empty before a study is loaded.
    QString currency() const;
    QStringList gradeLabels() const;

    // Through the undo stack. A drag (dragging = true) is one undo step until endDrag().
    void changeControl(WhatIfControl control, double value, bool dragging = false);
    void changeSettings(const WhatIfSettings& settings, const QString& text, bool dragging = false);
    void endDrag();
    bool isDragging() const { return dragging_; }
    // Applies without an undo step (used by the undo command).
    void applySettings(const WhatIfSettings& settings);

    // --- Results (valid once loaded) --------------------------------------------------
    const twinbench::SimulationInputs& scenarioInputs() const { return scenarioInputs_; }
    const twinbench::SimulationResult& baseline() const { return baseline_; }
    const twinbench::SimulationResult& result() const { return result_; }
    const std::vector<twinbench::LimitCrossing>& limitCrossings() const { return crossings_; }
    const std::vector<twinbench::ExtrapolationFlag>& extrapolation() const {
        return extrapolation_;
    }
    const std::vector<twinbench::ProfileTrace>& profiles() const { return profiles_; }
    // The profiled controls, in profiler column order.
    static std::vector<WhatIfControl> profiledControls();
    int profilePoints() const { return profilePoints_; }
    // The time step (minutes) of the inputs the profiles and the map were simulated on:
    // while a drag runs they use a coarse copy of the inputs (coarse_inputs.h, about 10
    // minutes a step; KPIs within about 1 % of the fine grid), then the replay's own.
    double profileStepMin() const { return profileStepMin_; }
    void setProfilePoints(int fine, int coarse);
    // Monte Carlo KPI band of the current settings; empty while it runs or after a change.
    const std::optional<twinbench::MonteCarloResult>& band() const { return band_; }
    // The baseline's Monte Carlo median over the same draws, set with band(): with runs
    // drawn the tiles show medians (inside their P10-P90) and their difference, as the
    // CLI and the report do (twinbench::use_median_as_headline).
    const std::optional<twinbench::Kpis>& baselineMedian() const { return baselineMedian_; }
    void setMonteCarloRuns(int runs) { mcRuns_ = runs; }
    int monteCarloRuns() const { return mcRuns_; }
    void setMonteCarloDelayMs(int ms) { mcTimer_.setInterval(ms); }
    BackgroundJob* monteCarloJob() const { return mcJob_.data(); }

    // Speed x setpoint map of one KPI, the other controls as set (row-major: setpoint
    // rows, speed columns).
    struct ContourGrid {
        int n = 0;
        double speed_low = 0, speed_high = 0, setpoint_low = 0, setpoint_high = 0;
        double step_min = 0;  // of the simulated inputs (coarse while a drag runs)
        std::vector<twinbench::Kpis> kpis;
    };
    const ContourGrid& contour() const { return contour_; }
    // Changes whenever the map was recomputed.
    int contourRevision() const { return contourRevision_; }
    // Changes whenever the profile traces were recomputed.
    int profileRevision() const { return profileRevision_; }
    void setContourPoints(int fine, int coarse);

    // What the last recompute spent on each part (wall clock, ms): the interactive
    // benchmark reports it, so that a slow drag points at its cause.
    struct RecomputeTimings {
        double inputs_ms = 0.0;    // the scenario's inputs (and their coarse copy)
        double simulate_ms = 0.0;  // the horizon at full resolution (time chart, tiles)
        double profiles_ms = 0.0;  // the profile grid
        double contour_ms = 0.0;   // the speed x setpoint map (0 when it was still valid)
    };
    const RecomputeTimings& lastTimings() const { return timings_; }

    // The limits the time chart marks (furnace_temp max, scrap_rate max...).
    const std::vector<twinbench::SeriesLimit>& limits() const { return limits_; }

    // The current settings as a scenario (changes against the baseline replay).
    twinbench::Scenario scenario(const QString& name = {}, const QString& note = {}) const;
    // Settings that reproduce a stored scenario's constant changes.
    WhatIfSettings settingsOf(const twinbench::Scenario& scenario) const;
    // The inputs a scenario gives on top of the baseline; UsageError for bad values.
    twinbench::SimulationInputs inputsOf(const twinbench::Scenario& scenario) const;

    // Stored scenarios of the dataset (second connection to the project file).
    bool saveScenario(const QString& name, const QString& note, QString* error = nullptr);
    std::vector<twinbench::Scenario> storedScenarios(QString* error = nullptr) const;
    bool deleteScenario(const QString& name, QString* error = nullptr);

    // Replaces the limits the time chart marks; the crossings follow at once (no undo
    // step: limits are the engineer's yardstick, not a setting of the plant).
    void setLimits(const std::vector<twinbench::SeriesLimit>& limits);

  signals:
    void loaded();
    void loadFailed(const QString& message);
    void unloaded();
    // Settings changed and the simulation, profiles and contour were recomputed.
    void resultChanged();
    void bandChanged();
    void monteCarloStarted(twinbench::ui::BackgroundJob* job);
    void scenariosChanged();
    void limitsChanged();

  private:
    void unload();
    void recompute();
    void recomputeContour(const twinbench::SimulationInputs& base);
    static bool sameButCheckInterval(WhatIfSettings a, const WhatIfSettings& b);
    // The inputs of the current settings, at full resolution or on the coarse grid.
    twinbench::SimulationInputs currentInputs(bool coarse);
    void cacheTariffPeaks();
    void startMonteCarlo();

    WorkbenchDocument& document_;
    QPointer<BackgroundJob> loadJob_;
    QString loadError_;
    std::shared_ptr<twinbench::Study> study_;
    int studySerial_ = 0;
    twinbench::ReplayWindow window_;
    double horizon_h_ = 168.0;

    WhatIfSettings settings_;
    WhatIfSettings baselineSettings_;
    bool dragging_ = false;
    int dragSerial_ = 0;

    twinbench::SimulationInputs scenarioInputs_;
    twinbench::SimulationResult baseline_;
    twinbench::SimulationResult result_;
    std::vector<twinbench::LimitCrossing> crossings_;
    std::vector<twinbench::ExtrapolationFlag> extrapolation_;
    std::vector<twinbench::ProfileTrace> profiles_;
    double profileStepMin_ = 0.0;
    std::vector<twinbench::SeriesLimit> limits_;

    // Drag-time inputs: the replay window on the coarse grid, cached per material mix
    // (the mix is applied before coarsening, as on the fine grid); the other controls
    // are set on a copy per change.
    int coarseFactor_ = 1;
    std::optional<std::map<std::string, double>> coarseMix_;
    twinbench::SimulationInputs coarseWindow_;
    // The study tariff's peak flag per replay step: a price change only changes the two
    // prices, never the window, and the zone conversions are the costly part.
    std::vector<std::uint8_t> peakStep_;
    int profileFine_ = 41, profileCoarse_ = 9, profilePoints_ = 0;
    WhatIfSettings profileSettings_;  // what the profile traces were computed for
    int profileRevision_ = 0;
    ContourGrid contour_;
    int contourRevision_ = 0;
    int contourFine_ = 25, contourCoarse_ = 7;
    WhatIfSettings contourSettings_;  // what the contour was computed for (speed/setpoint ignored)
    bool contourFull_ = false;

    RecomputeTimings timings_;

    std::optional<twinbench::MonteCarloResult> band_;
    std::optional<twinbench::Kpis> baselineMedian_;
    QPointer<BackgroundJob> mcJob_;
    QTimer mcTimer_;
    int mcRuns_ = 200;
};

}  // namespace twinbench::ui
