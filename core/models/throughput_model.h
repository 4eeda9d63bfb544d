// Throughput and availability model (issue 4, model 4), fitted from a plant table:
//
//   parts per running minute  = v / pitch                      (PRODUCT.md section 1)
//   wear rate %/min           = w0 * (v / v_ref)^alpha          (while running)
//   running time per cycle    = (wear limit - wear after maintenance) / rate(v)
//   availability(v)           = T_run / (T_run / (1 - f) + M)
//   throughput_per_h(v)       = 60 * v / pitch * availability(v)   (good and bad parts)
//
// with M the maintenance duration and f the share of non-maintenance time lost to
// unplanned stops. Stops happen in calendar time, so the non-maintenance time needed
// for T_run of running is T_run / (1 - f); this is why f enters the denominator rather
// than multiplying the whole ratio (the two differ by f * M / T_run, under 0.1 % here).
//
// Estimators, each chosen because the plant's data make it nearly exact:
// - pitch: ratio estimator sum(v dt) / sum(produced) over running rows. The counters
//   carry part fractions from row to row, so the sums are exact while single rows are
//   quantised; the standard error uses the per-row residuals (conservative).
// - wear: increments of the wear signal from a running row to the next row, summed per
//   speed bin and divided by the bin's running minutes (the averaged increments absorb
//   the rounding of the exported wear), then weighted least squares of log rate on
//   log(v / v_ref) with the bins' running minutes as weights.
// - wear limit: median over maintenance stretches of the highest wear in the half hour
//   before (and the first row of) the stretch; wear after maintenance: median first wear
//   after it. Maintenance duration: median length of uncensored maintenance stretches.
// - unplanned stops: count and mean length of stop stretches per non-maintenance hour.
//
// Time-ordered hold-out: rows before first + train_fraction * span fit; the rest test.
// The test compares, per hourly window, the parts per hour predicted from the recorded
// speed and running time (the conveyor law) with the counted parts, and the availability
// predicted for the test's running speeds with the running share actually seen.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/table.h"
#include "models/model_diagnostics.h"
#include "models/throughput_states.h"

namespace twinbench {

struct ThroughputFitOptions {
    double train_fraction = 0.8;
    StateRules states;
    std::string wear_column;           // "" = a factor (or any numeric) column named like wear
    double speed_ref_m_per_min = 0.0;  // v_ref of the wear law; 0 = median running speed
    double speed_bin_m_per_min = 0.05;
    double min_bin_running_min = 60.0;  // bins with less running time are not fitted
    double wear_lookaround_min = 30.0;  // window before/after maintenance for the limit
    double window_s = 3600.0;           // hold-out windows (aligned to UTC)
    std::size_t min_running_rows = 100; // in the training part
};

struct ThroughputTerm {
    std::string name;
    std::string unit;
    double estimate = 0.0;
    double std_error = 0.0;
};

struct ThroughputModel {
    double pitch_m = 0.0;
    double pitch_se_m = 0.0;

    bool has_wear = false;           // a wear signal was fitted
    bool alpha_assumed = false;      // one speed only: alpha = 1 (wear per metre travelled)
    double speed_ref_m_per_min = 0.0;
    double wear_w0_pct_per_min = 0.0;
    double wear_w0_se = 0.0;
    double wear_alpha = 0.0;
    double wear_alpha_se = 0.0;
    double wear_limit_pct = 0.0;
    double wear_limit_se = 0.0;
    double wear_after_pct = 0.0;

    std::size_t maintenance_count = 0;  // uncensored maintenance stretches
    double maintenance_min = 0.0;       // median duration
    double maintenance_se_min = 0.0;
    // Without a wear signal: running minutes per maintenance seen in the data (the
    // cycle then does not depend on speed); 0 = no maintenance seen.
    double running_min_per_maintenance = 0.0;

    double stops_per_h = 0.0;     // unplanned stops per non-maintenance hour
    double stop_mean_min = 0.0;
    double stop_fraction = 0.0;   // f: share of non-maintenance time stopped

    double parts_per_h_running(double speed_m_per_min) const;
    double wear_rate_pct_per_min(double speed_m_per_min) const;
    // Running minutes from maintenance to maintenance at a constant speed (infinite
    // when no maintenance is expected).
    double running_min_per_cycle(double speed_m_per_min) const;
    double availability_at(double speed_m_per_min) const;
    // Availability for a mix of running speeds (one value per running row): the mean
    // wear rate sets the cycle, because wear adds up over the rows.
    double availability_for(const std::vector<double>& running_speeds) const;
    double throughput_per_h(double speed_m_per_min) const;
    std::vector<ThroughputTerm> terms() const;
};

struct ThroughputMetrics {
    std::size_t n = 0;  // hourly windows
    double rmse = 0.0;  // parts per hour
    double mae = 0.0;
    double r2 = 0.0;
};

struct ThroughputFit {
    ThroughputModel model;
    std::string speed_column, produced_column, state_column, wear_column;
    std::string running_label, maintenance_label, maintenance_column;
    MaintenanceSource maintenance_source = MaintenanceSource::long_stops;
    std::size_t rows = 0, train_rows = 0, test_rows = 0;
    std::size_t running_rows_train = 0;
    std::size_t speed_bins = 0;       // bins in the wear fit
    double step_min = 0.0;
    double first_time_s = 0.0, split_time_s = 0.0, last_time_s = 0.0;
    double speed_min = 0.0, speed_max = 0.0, speed_median = 0.0;  // running, training
    ThroughputMetrics test;           // hourly parts per hour on the hold-out
    HoldoutDiagnostics holdout;       // the same windows: predicted and counted parts per hour
    double availability_actual_test = 0.0;
    double availability_predicted_test = 0.0;
    double availability_actual_train = 0.0;
    std::vector<std::string> warnings;
};

// Throws ModelError (exit 4) naming what to map when speed, produced or state is
// missing, when the table has no time axis, and when the training part has fewer than
// min_running_rows running rows.
ThroughputFit fit_throughput_model(const Table& table, const ThroughputFitOptions& options = {});

}  // namespace twinbench
