#include "sim/direct_scrap.h"

#include <cmath>

#include <fmt/format.h>

#include "common/error.h"
#include "models/furnace_without_checks.h"
#include "models/signal_frame.h"
#include "models/static_output_model.h"

namespace twinbench {

void direct_scrap_probability(const PlantTwin& twin, const SimulationInputs& in, const Eigen::ArrayXd& furnace_degC,
                              const Eigen::ArrayXd& wear_pct, Eigen::ArrayXd& p) {
    const DefectTwin& d = twin.defect;
    const std::size_t n = in.steps();
    // The frame a step of this model sees; the frame is small (a handful of signals), so
    // it is built per simulation rather than kept.
    thread_local SignalFrame frame;
    frame.series.clear();
    frame.step_min = in.step_min;
    frame.time_s = in.time_s;
    const auto add = [&](const std::string& name, ColumnType type = ColumnType::numeric) -> FrameSignal& {
        FrameSignal s;
        s.name = name;
        s.type = type;
        s.values.resize(n);
        return frame.add(std::move(s));
    };
    for (const auto& name : d.direct->inputs()) {
        if (name == d.furnace_column) {
            auto& s = add(name);
            std::copy(furnace_degC.data(), furnace_degC.data() + n, s.values.begin());
        } else if (name == core_proxy_signal_name) {
            const std::vector<double> furnace(furnace_degC.data(), furnace_degC.data() + n);
            add(name).values = core_temperature_from_physics(furnace, in.ambient_degC, in.speed_m_per_min,
                                                             d.proxy_heating.theta_per_row(in.grade, twin.core.grade_labels));
        } else if (is_residence_signal(name)) {
            auto& s = add(name);
            for (std::size_t k = 0; k < n; ++k) s.values[k] = residence_signal_value(name, in.speed_m_per_min[k]);
        } else if (name == d.humidity_column) {
            add(name).values = in.humidity_pct;
        } else if (name == d.wear_column) {
            auto& s = add(name);
            std::copy(wear_pct.data(), wear_pct.data() + n, s.values.begin());
        } else if (name == d.material_column) {
            auto& s = add(name, ColumnType::categorical);
            s.levels = twin.core.grade_labels;
            for (std::size_t k = 0; k < n; ++k) s.values[k] = in.grade[k] >= 0 ? in.grade[k] : std::nan("");
        } else if (name == d.direct->total_signal()) {
            add(name).values.assign(n, 1.0);
        } else {
            std::size_t f = 0;
            while (f < d.factor_columns.size() && d.factor_columns[f] != name) ++f;
            if (f == d.factor_columns.size() || f >= in.factors.size())
                throw ModelError(fmt::format("the scrap model reads '{}', which the simulation does not have; run fit again",
                                             name));
            add(name).values = in.factors[f];
        }
    }
    std::vector<double> out(n);
    // The template's simulation starts from the line as it was at the window's first step
    // (the recorded furnace temperature and wear, or the first step's steady state), so the
    // furnace temperature a dead time before it is taken as that step's (without it, the
    // first minutes of every window had no scrap, and the window's scrap rate none).
    if (const auto* fitted = dynamic_cast<const StaticOutputModel*>(d.direct.get()))
        fitted->simulate_from_window_start(frame, out);
    else
        d.direct->simulate(frame, out);
    p = Eigen::Map<const Eigen::ArrayXd>(out.data(), static_cast<Eigen::Index>(n));
}

}  // namespace twinbench
