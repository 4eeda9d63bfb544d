// Other plants of the same kind: the reference furnace line's constants drawn within
// plausible ranges (a plant "we did not design the models for"), and the direct scrap law
// fitted to a plant's own physics. Both feed the sample variants (plant_export.h).
//
// A physics seed fixes the plant: the data seed (SampleOptions::seed) then draws its
// weather, operators and noise as for the designed plant. Each constant is drawn
// uniformly in its stated range, rounded to the stated decimals, from its own counter
// draw keyed by its index in the table, so adding a constant does not move the others.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sample/plant_truth.h"

namespace twinbench {

struct PhysicsRange {
    std::string_view path;  // truth.json key, "furnace.tau_min"
    double low = 0.0;
    double high = 0.0;
    int decimals = 3;       // the drawn value is rounded to these
};

// The constants a physics seed draws and their ranges (the designed value lies inside
// each). Defect keys under "defect_window_form." are drawn in that form and converted to
// b0, b1, b2; keys under "direct_scrap." apply when the plant has the direct law
// ("direct_scrap.furnace_optimum_shift_degC" moves the optimum away from the one derived
// from the core physics).
std::span<const PhysicsRange> physics_ranges();

// {"seed": K, "ranges": {"furnace.tau_min": [15, 40], ...}, "note": ...}
nlohmann::json physics_json(std::uint64_t physics_seed);

// The designed constants with every ranged constant drawn (the scrap law, measurement
// noise and time zone stay as in `designed`).
PlantTruth perturbed_truth(const PlantTruth& designed, std::uint64_t physics_seed);

// The direct scrap law that matches the plant's core physics at the reference speed: the
// furnace air temperature that brings each grade's core to the middle of the target
// window after residence_ref = length / speed_ref with ambient at the furnace's ambient
// reference, rounded to 0.1 degC; shape constants (cure shift, width, rise, minimum) as
// designed. With a physics seed the shape constants and the optimum are drawn too.
DirectScrapTruth direct_scrap_for(const PlantTruth& truth,
                                  std::optional<std::uint64_t> physics_seed = std::nullopt);

}  // namespace twinbench
