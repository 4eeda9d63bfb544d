#include "sim/replay.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common/error.h"
#include "common/missing_value.h"
#include "data/robust_stats.h"
#include "models/model_inputs.h"

namespace twinbench {
namespace {

const Column& required_numeric(const Table& table, Role role, std::string_view what) {
    const Column& c = require_role(table, role, "the simulation", what);
    if (c.type != ColumnType::numeric)
        throw ModelError(
            fmt::format("the simulation needs '{}' ({}) to be numeric", c.name, role_name(role)));
    return c;
}

std::string state_label(const Column& state, std::size_t row) {
    return std::string(state.label(row));
}

double value_at(const Column* c, std::size_t row) {
    return c == nullptr ? nan : c->values[row];
}

std::vector<std::size_t> time_order(const Table& table) {
    std::vector<std::size_t> order(table.row_count());
    std::iota(order.begin(), order.end(), 0);
    if (!std::is_sorted(table.time_s.begin(), table.time_s.end()))
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return table.time_s[a] < table.time_s[b];
        });
    return order;
}

ControlEnvelope envelope_of(const std::string& control, const Column& c,
                            const std::vector<std::uint8_t>& use) {
    std::vector<double> v;
    v.reserve(c.values.size());
    for (std::size_t r = 0; r < c.values.size(); ++r)
        if (use[r] != 0 && std::isfinite(c.values[r])) v.push_back(c.values[r]);
    ControlEnvelope e{control, c.name, c.unit};
    const FivePoints f = five_points_inplace(v);
    e.min = f.min;
    e.p01 = f.p01;
    e.median = f.median;
    e.p99 = f.p99;
    e.max = f.max;
    return e;
}

}  // namespace

double median_step_min(const Table& table) {
    if (!table.has_time() || table.row_count() < 2)
        throw ModelError(
            "the simulation needs a time axis with at least two rows (map --map time=COLUMN)");
    std::vector<double> d;
    d.reserve(table.time_s.size());
    const auto order = time_order(table);
    for (std::size_t k = 1; k < order.size(); ++k) {
        const double gap = table.time_s[order[k]] - table.time_s[order[k - 1]];
        if (gap > 0.0) d.push_back(gap);
    }
    const double step_s = median(d);
    if (!(step_s > 0.0)) throw ModelError("the simulation needs distinct row times");
    return step_s / 60.0;
}

std::vector<double> learn_maintenance_setpoint(const Table& table, const PlantTwin& twin,
                                               double bin_min) {
    const Column* state = table.find_role(Role::state);
    const Column* setpoint = table.find_numeric_role(Role::setpoint);
    if (state == nullptr || setpoint == nullptr || twin.maintenance_label.empty() ||
        !table.has_time())
        return {};
    const auto order = time_order(table);
    struct Sample {
        std::size_t bin;
        double absolute, relative;
    };
    std::vector<Sample> samples;
    double before = nan;  // operator setpoint before the stretch
    double stretch_start = nan;
    std::vector<double> lengths;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t r = order[k];
        const bool maintenance = state_label(*state, r) == twin.maintenance_label;
        if (!maintenance) {
            if (std::isfinite(stretch_start)) lengths.push_back(table.time_s[r] - stretch_start);
            stretch_start = nan;
            if (std::isfinite(setpoint->values[r])) before = setpoint->values[r];
            continue;
        }
        if (!std::isfinite(stretch_start)) stretch_start = table.time_s[r];
        const double elapsed_min = (table.time_s[r] - stretch_start) / 60.0;
        if (std::isfinite(setpoint->values[r]) && std::isfinite(before))
            samples.push_back({static_cast<std::size_t>(elapsed_min / bin_min), setpoint->values[r],
                               setpoint->values[r] - before});
    }
    if (samples.empty() || lengths.empty()) return {};
    const double typical_min = median(lengths) / 60.0;
    const auto bins = static_cast<std::size_t>(std::ceil(typical_min / bin_min));
    std::vector<double> out(std::max<std::size_t>(bins, 1), nan);
    for (std::size_t b = 0; b < out.size(); ++b) {
        std::vector<double> a, rel;
        for (const auto& s : samples)
            if (s.bin == b) {
                a.push_back(s.absolute);
                rel.push_back(s.relative);
            }
        if (a.size() < 3) continue;
        // Standby is a fixed temperature; warm-up returns to the operator's value.
        // Whichever varies less across maintenances describes the bin.
        if (mad(a) < mad(rel)) out[b] = median(a);
    }
    return out;
}

ReplayWindow replay_latest_window(const Table& table, const PlantTwin& twin, double horizon_h,
                                  ReplayControls controls, const TimeOfUseTariff& tariff) {
    if (!(horizon_h > 0.0)) throw UsageError("the horizon must be positive (e.g. --horizon 7d)");
    const double step_min = median_step_min(table);
    const double step_s = step_min * 60.0;
    const Column& speed = required_numeric(table, Role::speed, "the line speed (a control)");
    const Column& setpoint =
        required_numeric(table, Role::setpoint, "the furnace setpoint (a control)");
    const Column& ambient =
        required_numeric(table, Role::ambient_temp, "the ambient temperature (a disturbance)");
    const Column& state = require_role(table, Role::state, "the simulation", "the line state");
    if (state.type != ColumnType::categorical)
        throw ModelError("the simulation needs a categorical line state column");
    const Column* humidity = table.find_numeric_role(Role::humidity);
    const Column* material = table.find_role(Role::material);
    const Column* furnace = table.find_numeric_role(Role::furnace_temp);
    const Column* produced = table.find_numeric_role(Role::produced);
    const Column* scrap = table.find_numeric_role(Role::scrap);
    const Column* energy = table.find_numeric_role(Role::energy);
    const Column* checks = table.find_numeric_role(Role::core_temp_check);
    const Column* wear = twin.wear_column.empty() ? nullptr : table.find(twin.wear_column);
    std::vector<const Column*> factors;
    for (const auto& name : twin.defect.factor_columns) {
        const Column* c = table.find(name);
        if (c == nullptr || c->type != ColumnType::numeric)
            throw ModelError(fmt::format(
                "the defect model uses column '{}', which is not in the dataset; run `fit` again",
                name));
        factors.push_back(c);
    }

    const auto order = time_order(table);
    const double first_s = table.time_s[order.front()];
    const double last_s = table.time_s[order.back()];
    const auto n = static_cast<std::size_t>(std::llround(horizon_h * 60.0 / step_min));
    if (static_cast<double>(n) * step_s > last_s - first_s + step_s * 1.5)
        throw UsageError(fmt::format(
            "the horizon ({} h) is longer than the data ({:.1f} h); choose a shorter --horizon",
            horizon_h, (last_s - first_s) / 3600.0));

    ReplayWindow w;
    SimulationInputs& in = w.inputs;
    in.step_min = step_min;
    w.end_s = last_s + step_s;
    w.start_s = w.end_s - static_cast<double>(n) * step_s;
    in.time_s.resize(n);
    for (auto* v : {&in.ambient_degC, &in.humidity_pct, &in.setpoint_degC, &in.speed_m_per_min,
                    &in.price_per_kwh})
        v->resize(n);
    in.grade.assign(n, -1);
    in.stop.assign(n, -1);
    in.maintenance_recorded.assign(n, 0);
    in.factors.assign(factors.size(), std::vector<double>(n, nan));
    w.has_data.assign(n, 0);

    // Most common grade in the window stands in where the material is unknown.
    std::vector<std::size_t> grade_count(twin.core.grade_labels.size(), 0);

    // First row at or after the window start.
    auto row_k = static_cast<std::size_t>(
        std::lower_bound(order.begin(), order.end(), w.start_s - step_s / 2,
                         [&](std::size_t r, double t) { return table.time_s[r] < t; }) -
        order.begin());

    double last_ambient = nan, last_humidity = nan, last_setpoint = nan, last_speed = nan;
    std::int16_t last_grade = -1;
    std::vector<double> last_factor(factors.size(), nan);
    std::vector<double> window_speeds, window_setpoints, window_checks;
    double produced_sum = 0.0, scrap_sum = 0.0, energy_sum = 0.0, cost_sum = 0.0;
    std::size_t data_steps = 0, running_steps = 0, carried = 0;
    bool have_scrap = scrap != nullptr, have_energy = energy != nullptr;

    for (std::size_t i = 0; i < n; ++i) {
        const double t = w.start_s + static_cast<double>(i) * step_s;
        in.time_s[i] = t;
        in.price_per_kwh[i] = tariff.price_at(t);
        std::size_t row = table.row_count();
        // The row on this grid point (within half a step); later duplicates win.
        while (row_k < order.size() && table.time_s[order[row_k]] < t + step_s / 2)
            row = order[row_k++];
        if (row < table.row_count()) {
            w.has_data[i] = 1;
            ++data_steps;
            if (std::isfinite(ambient.values[row])) last_ambient = ambient.values[row];
            if (humidity != nullptr && std::isfinite(humidity->values[row]))
                last_humidity = humidity->values[row];
            if (std::isfinite(setpoint.values[row])) last_setpoint = setpoint.values[row];
            if (std::isfinite(speed.values[row])) last_speed = speed.values[row];
            for (std::size_t f = 0; f < factors.size(); ++f)
                if (std::isfinite(factors[f]->values[row]))
                    last_factor[f] = factors[f]->values[row];
            if (material != nullptr && !material->is_missing(row)) {
                const std::string label = material->type == ColumnType::categorical
                                              ? std::string(material->label(row))
                                              : fmt::format("{}", material->values[row]);
                last_grade = static_cast<std::int16_t>(twin.core.grade_index(label));
            }
            const std::string label = state_label(state, row);
            const bool maintenance =
                !twin.maintenance_label.empty() && label == twin.maintenance_label;
            const bool running = label == twin.running_label;
            in.maintenance_recorded[i] = maintenance ? 1 : 0;
            if (!running && !maintenance) {
                auto it = std::find(in.stop_labels.begin(), in.stop_labels.end(), label);
                if (it == in.stop_labels.end())
                    it = in.stop_labels.insert(in.stop_labels.end(), label);
                in.stop[i] = static_cast<std::int16_t>(it - in.stop_labels.begin());
            }
            if (running) {
                ++running_steps;
                if (std::isfinite(speed.values[row])) window_speeds.push_back(speed.values[row]);
            }
            if (!maintenance && std::isfinite(setpoint.values[row]))
                window_setpoints.push_back(setpoint.values[row]);
            const double p = value_at(produced, row), s = value_at(scrap, row),
                         e = value_at(energy, row);
            if (std::isfinite(p)) produced_sum += p;
            if (std::isfinite(s)) scrap_sum += s;
            if (std::isfinite(e)) {
                energy_sum += e;
                cost_sum += e * in.price_per_kwh[i];
            }
            if (checks != nullptr && std::isfinite(checks->values[row]))
                window_checks.push_back(checks->values[row]);
            if (i == 0) {
                in.initial_furnace_degC = value_at(furnace, row);
                in.initial_wear_pct = std::isfinite(value_at(wear, row)) ? wear->values[row] : 0.0;
            }
        } else {
            ++carried;
        }
        in.ambient_degC[i] = last_ambient;
        in.humidity_pct[i] = last_humidity;
        in.setpoint_degC[i] = last_setpoint;
        in.speed_m_per_min[i] = last_speed;
        in.grade[i] = last_grade;
        for (std::size_t f = 0; f < factors.size(); ++f) in.factors[f][i] = last_factor[f];
        if (last_grade >= 0) ++grade_count[static_cast<std::size_t>(last_grade)];
    }
    // Leading steps before the first value in the window take the first value seen.
    const auto backfill = [](std::vector<double>& v) {
        const auto it = std::find_if(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
        if (it != v.end()) std::fill(v.begin(), it, *it);
    };
    for (auto* v : {&in.ambient_degC, &in.humidity_pct, &in.setpoint_degC, &in.speed_m_per_min})
        backfill(*v);
    for (auto& v : in.factors) backfill(v);
    if (!grade_count.empty()) {
        const auto common = static_cast<std::int16_t>(
            std::max_element(grade_count.begin(), grade_count.end()) - grade_count.begin());
        for (auto& g : in.grade)
            if (g < 0) g = common;
    }
    if (data_steps == 0)
        throw ModelError("the latest window of the data has no rows; choose a shorter --horizon");
    if (!std::isfinite(in.ambient_degC.front()))
        throw ModelError("the ambient temperature is missing throughout the window");

    // State at the window start: running minutes since the last maintenance before it,
    // and a maintenance already under way.
    if (!twin.maintenance_label.empty()) {
        double since = 0.0;
        double stretch = 0.0;
        const auto start_k = static_cast<std::size_t>(
            std::lower_bound(order.begin(), order.end(), w.start_s - step_s / 2,
                             [&](std::size_t r, double t) { return table.time_s[r] < t; }) -
            order.begin());
        for (std::size_t k = start_k; k-- > 0;) {
            const std::string label = state_label(state, order[k]);
            if (label == twin.maintenance_label) break;
            if (label == twin.running_label) since += step_min;
        }
        for (std::size_t k = start_k; k-- > 0;) {
            if (state_label(state, order[k]) != twin.maintenance_label) break;
            stretch += step_min;
        }
        in.initial_running_min_since_maintenance = since;
        if (in.maintenance_recorded.front() != 0) in.initial_maintenance_elapsed_min = stretch;
    }

    w.baseline_speed_m_per_min = median(window_speeds);
    w.baseline_setpoint_degC = median(window_setpoints);
    if (!std::isfinite(w.baseline_speed_m_per_min) || !std::isfinite(w.baseline_setpoint_degC))
        throw ModelError(
            "the latest window has no running rows with speed and setpoint; choose a longer "
            "--horizon");
    if (controls == ReplayControls::median) {
        std::fill(in.speed_m_per_min.begin(), in.speed_m_per_min.end(), w.baseline_speed_m_per_min);
        std::fill(in.setpoint_degC.begin(), in.setpoint_degC.end(), w.baseline_setpoint_degC);
    } else {
        in.maintenance_as_recorded = true;
        // Standby during recorded maintenance is in the recorded setpoint already.
    }

    Kpis& a = w.actual;
    a.hours = static_cast<double>(data_steps) * step_min / 60.0;
    a.produced = produced_sum;
    a.availability = static_cast<double>(running_steps) / static_cast<double>(data_steps);
    if (produced != nullptr) {
        const double good = have_scrap ? produced_sum - scrap_sum : produced_sum;
        a.throughput_per_h = good / a.hours;
        if (have_scrap && produced_sum > 0.0) {
            a.scrap = scrap_sum;
            a.scrap_rate = scrap_sum / produced_sum;
        }
        if (have_energy && good > 0.0) a.energy_kwh_per_part = energy_sum / good;
    }
    if (have_energy) {
        a.energy_kwh = energy_sum;
        a.energy_cost = cost_sum;
    }
    a.core_temp_c = mean(window_checks);

    std::vector<std::uint8_t> running_rows(table.row_count(), 0),
        setpoint_rows(table.row_count(), 0);
    for (std::size_t r = 0; r < table.row_count(); ++r) {
        const std::string label = state_label(state, r);
        running_rows[r] = label == twin.running_label ? 1 : 0;
        setpoint_rows[r] = label != twin.maintenance_label ? 1 : 0;
    }
    w.envelope.push_back(envelope_of("speed", speed, running_rows));
    w.envelope.push_back(envelope_of("setpoint", setpoint, setpoint_rows));
    if (carried > 0)
        w.notes.push_back(fmt::format(
            "{} of {} steps had no data row and carry the last values forward", carried, n));
    return w;
}

}  // namespace twinbench
