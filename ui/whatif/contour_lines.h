// Contour lines of a KPI over a regular grid by marching squares: the map's colours say
// roughly where a KPI is high, a labelled line says where it equals 3 % (as JMP's Contour
// Profiler draws them). Plain C++, so the geometry can be checked without a window.
#pragma once

#include <vector>

namespace twinbench::ui {

// A piece of a contour line in grid coordinates: x the column, y the row (fractional
// between grid points, where the line crosses a cell edge).
struct ContourSegment {
    double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
};

// values: row-major, nx columns x ny rows; NaN cells are skipped. A corner counts as
// above when value >= level. Saddle cells are resolved by the cell's mean.
std::vector<ContourSegment> contour_segments(const std::vector<double>& values, int nx, int ny,
                                             double level);

// About `target` round levels (1, 2, 2.5 or 5 times a power of ten apart) strictly inside
// (low, high); empty when the range is empty or not finite.
std::vector<double> nice_levels(double low, double high, int target);

}  // namespace twinbench::ui
