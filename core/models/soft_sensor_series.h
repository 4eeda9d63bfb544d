// The signals the core-temperature soft sensor works on, taken from a dataset table by
// role and cleaned for the physics relation: furnace temperature (stuck runs removed,
// thermocouple noise smoothed), ambient, effective line speed (the last running speed
// while the line stands), material grade (batch list carried forward) and the sparse
// manual core-temperature checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/table.h"

namespace twinbench {

struct SoftSensorSeries {
    std::vector<double> time_s;
    std::vector<double> furnace_degC;      // smoothed; NaN where no reading is near
    std::vector<double> ambient_degC;      // last valid reading carried forward
    std::vector<double> speed_m_per_min;   // > 0, or NaN before the line first ran
    std::vector<std::int32_t> grade;       // index into grade_labels, -1 unknown
    std::vector<std::string> grade_labels;
    std::vector<double> check_degC;        // NaN except at the manual checks
    // Variance of the smoothed furnace reading relative to the true air temperature
    // (thermocouple noise over the smoothing window), estimated from the data.
    double furnace_noise_var = 0.0;
    std::size_t stuck_rows = 0;
    std::string furnace_column, ambient_column, speed_column, material_column, check_column;

    std::size_t size() const { return time_s.size(); }
};

// Whether the manual checks must be mapped: the soft sensor needs them; the physics of
// the core temperature without checks (furnace_without_checks.h) uses the same cleaned
// furnace, speed and grade series.
enum class CoreChecks { required, optional };

// Throws ModelError naming the role to map when the table has no time axis or lacks
// furnace_temp, speed, ambient_temp or (when required) core_temp_check. material is
// optional: without it every row belongs to one grade.
SoftSensorSeries soft_sensor_series(const Table& table, std::size_t smoothing_rows,
                                    std::size_t stuck_min_run, CoreChecks checks = CoreChecks::required);

}  // namespace twinbench
