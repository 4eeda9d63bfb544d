#include "models/soft_sensor_series.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "common/error.h"
#include "common/missing_value.h"
#include "models/model_inputs.h"

namespace twinbench {
namespace {

const Column& require_numeric_role(const Table& table, Role role) {
    const Column* c = &twinbench::require_role(table, role, "core temperature soft sensor");
    if (c->type == ColumnType::categorical) {
        throw ModelError("core temperature soft sensor needs a numeric " + std::string(role_name(role)) +
                         " column, but '" + c->name + "' is categorical: map another column");
    }
    return *c;
}

// A thermocouple with noise never repeats its value many samples in a row: such runs are
// a stuck sensor and would pin the physics prediction to a stale temperature.
std::vector<double> without_stuck_runs(const std::vector<double>& raw, std::size_t min_run,
                                       std::size_t& stuck) {
    std::vector<double> out = raw;
    std::size_t i = 0;
    while (i < raw.size()) {
        std::size_t j = i + 1;
        while (j < raw.size() && !std::isnan(raw[i]) && raw[j] == raw[i]) ++j;
        if (!std::isnan(raw[i]) && min_run > 0 && j - i >= min_run) {
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                      out.begin() + static_cast<std::ptrdiff_t>(j), nan);
            stuck += j - i;
        }
        i = j;
    }
    return out;
}

// Centred moving mean over the valid readings within +-half rows. The furnace air moves
// with a time constant of tens of minutes, so a window of a few minutes adds no lag but
// cuts the thermocouple noise that would otherwise pass 1:1 into the core estimate.
std::vector<double> centred_mean(const std::vector<double>& x, std::size_t half) {
    const std::size_t n = x.size();
    std::vector<double> sum(n + 1, 0.0);
    std::vector<std::size_t> count(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const bool ok = !std::isnan(x[i]);
        sum[i + 1] = sum[i] + (ok ? x[i] : 0.0);
        count[i + 1] = count[i] + (ok ? 1 : 0);
    }
    std::vector<double> out(n, nan);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t lo = i >= half ? i - half : 0;
        const std::size_t hi = std::min(n, i + half + 1);
        const std::size_t c = count[hi] - count[lo];
        if (c > 0) out[i] = (sum[hi] - sum[lo]) / static_cast<double>(c);
    }
    return out;
}

// Robust thermocouple noise variance from first differences (the air changes little in
// one step, so the differences are noise with twice the variance).
double noise_variance(const std::vector<double>& x) {
    std::vector<double> d;
    d.reserve(x.size());
    for (std::size_t i = 1; i < x.size(); ++i)
        if (!std::isnan(x[i]) && !std::isnan(x[i - 1])) d.push_back(std::abs(x[i] - x[i - 1]));
    if (d.empty()) return 0.0;
    auto mid = d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2);
    std::nth_element(d.begin(), mid, d.end());
    const double sd_diff = 1.4826 * *mid;
    return sd_diff * sd_diff / 2.0;
}

std::vector<double> carried_forward(const std::vector<double>& x) {
    std::vector<double> out = x;
    double last = nan;
    for (double& v : out) {
        if (std::isnan(v)) v = last;
        else last = v;
    }
    // Rows before the first reading take the first reading.
    const auto first = std::find_if(out.begin(), out.end(), [](double v) { return !std::isnan(v); });
    if (first != out.end()) std::fill(out.begin(), first, *first);
    return out;
}

}  // namespace

SoftSensorSeries soft_sensor_series(const Table& table, std::size_t smoothing_rows,
                                    std::size_t stuck_min_run, CoreChecks checks) {
    if (!table.has_time()) {
        throw ModelError("core temperature soft sensor needs a time axis: map a column to time with "
                         "--map time=COLUMN");
    }
    const Column& furnace = require_numeric_role(table, Role::furnace_temp);
    const Column& speed = require_numeric_role(table, Role::speed);
    const Column& ambient = require_numeric_role(table, Role::ambient_temp);
    const Column* check = checks == CoreChecks::required ? &require_numeric_role(table, Role::core_temp_check)
                                                         : table.find_numeric_role(Role::core_temp_check);
    const Column* material = table.find_role(Role::material);

    SoftSensorSeries s;
    const std::size_t n = table.row_count();
    s.time_s = table.time_s;
    s.furnace_column = furnace.name;
    s.speed_column = speed.name;
    s.ambient_column = ambient.name;
    if (check != nullptr) s.check_column = check->name;

    const std::vector<double> cleaned = without_stuck_runs(furnace.values, stuck_min_run, s.stuck_rows);
    const std::size_t half = smoothing_rows / 2;
    s.furnace_degC = centred_mean(cleaned, half);
    s.furnace_noise_var = noise_variance(cleaned) / static_cast<double>(2 * half + 1);
    s.ambient_degC = carried_forward(ambient.values);
    s.check_degC = check != nullptr ? check->values : std::vector<double>(n, nan);

    // While the line stands there is no residence time; the part that would leave next
    // is the one of the last running speed (what the operator will restart with).
    s.speed_m_per_min.assign(n, nan);
    double last_running = nan;
    for (std::size_t i = 0; i < n; ++i) {
        const double v = speed.values[i];
        if (!std::isnan(v) && v > 0.0) last_running = v;
        s.speed_m_per_min[i] = last_running;
    }
    const auto first_run = std::find_if(s.speed_m_per_min.begin(), s.speed_m_per_min.end(),
                                        [](double v) { return !std::isnan(v); });
    if (first_run != s.speed_m_per_min.end()) std::fill(s.speed_m_per_min.begin(), first_run, *first_run);

    // Material: a batch list aligned onto the rows is missing between its entries, and a
    // batch lasts until the next one starts, so the last grade is carried forward.
    s.grade.assign(n, -1);
    if (material == nullptr) {
        s.grade_labels = {"all"};
        std::fill(s.grade.begin(), s.grade.end(), 0);
        return s;
    }
    s.material_column = material->name;
    std::int32_t last = -1;
    if (material->type == ColumnType::categorical) {
        s.grade_labels = material->levels;
        for (std::size_t i = 0; i < n; ++i) {
            if (material->codes[i] != missing_code) last = material->codes[i];
            s.grade[i] = last;
        }
    } else {
        // A numeric grade code: each distinct value is a grade.
        for (std::size_t i = 0; i < n; ++i) {
            const double v = material->values[i];
            if (!std::isnan(v)) {
                std::string label = std::to_string(static_cast<long long>(std::llround(v)));
                auto it = std::find(s.grade_labels.begin(), s.grade_labels.end(), label);
                if (it == s.grade_labels.end()) {
                    s.grade_labels.push_back(label);
                    it = s.grade_labels.end() - 1;
                }
                last = static_cast<std::int32_t>(it - s.grade_labels.begin());
            }
            s.grade[i] = last;
        }
    }
    // Rows before the first batch entry take the first grade seen.
    const auto first_grade = std::find_if(s.grade.begin(), s.grade.end(), [](std::int32_t g) { return g >= 0; });
    if (first_grade != s.grade.end()) {
        std::fill(s.grade.begin(), first_grade, *first_grade);
    } else {
        // A mapped but empty material column says nothing: one grade for all rows.
        s.grade_labels = {"all"};
        std::fill(s.grade.begin(), s.grade.end(), 0);
        s.material_column.clear();
    }
    return s;
}

}  // namespace twinbench
