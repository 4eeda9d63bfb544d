#include "sim/coarse_inputs.h"

#include <algorithm>
#include <map>

namespace twinbench {
namespace {

template <typename T>
T most_common(const std::vector<T>& v, std::size_t a, std::size_t b) {
    std::map<T, std::size_t> count;
    for (std::size_t i = a; i < b; ++i) ++count[v[i]];
    return std::max_element(count.begin(), count.end(),
                            [](const auto& x, const auto& y) { return x.second < y.second; })
        ->first;
}

double mean_of(const std::vector<double>& v, std::size_t a, std::size_t b) {
    double s = 0.0;
    for (std::size_t i = a; i < b; ++i) s += v[i];
    return s / static_cast<double>(b - a);
}

}  // namespace

SimulationInputs coarsen_inputs(const SimulationInputs& in, int factor) {
    if (factor <= 1 || in.steps() == 0) return in;
    const auto f = static_cast<std::size_t>(factor);
    SimulationInputs out = in;
    out.step_min = in.step_min * factor;
    for (auto* v : {&out.time_s, &out.ambient_degC, &out.humidity_pct, &out.setpoint_degC,
                    &out.speed_m_per_min, &out.price_per_kwh})
        v->clear();
    out.grade.clear();
    out.stop.clear();
    out.maintenance_recorded.clear();
    for (auto& v : out.factors) v.clear();
    // Whole coarse steps only: the tail shorter than one is dropped, as the horizon is a
    // whole number of hours in practice.
    for (std::size_t a = 0; a + f <= in.steps(); a += f) {
        const std::size_t b = a + f;
        out.time_s.push_back(in.time_s[a]);
        out.ambient_degC.push_back(mean_of(in.ambient_degC, a, b));
        out.humidity_pct.push_back(mean_of(in.humidity_pct, a, b));
        out.setpoint_degC.push_back(mean_of(in.setpoint_degC, a, b));
        out.speed_m_per_min.push_back(mean_of(in.speed_m_per_min, a, b));
        out.price_per_kwh.push_back(mean_of(in.price_per_kwh, a, b));
        out.grade.push_back(most_common(in.grade, a, b));
        out.stop.push_back(most_common(in.stop, a, b));
        if (!in.maintenance_recorded.empty())
            out.maintenance_recorded.push_back(most_common(in.maintenance_recorded, a, b));
        for (std::size_t k = 0; k < in.factors.size(); ++k)
            out.factors[k].push_back(mean_of(in.factors[k], a, b));
    }
    return out;
}

}  // namespace twinbench
