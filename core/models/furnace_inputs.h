// Input series of a furnace temperature simulation (first- or second-order model), one
// value per step, all the same length.
#pragma once

#include <cstddef>
#include <vector>

namespace twinbench {

struct FurnaceInputs {
    std::vector<double> setpoint_degC;
    std::vector<double> load_parts_per_min;
    std::vector<double> ambient_degC;

    std::size_t size() const { return setpoint_degC.size(); }
};

}  // namespace twinbench
