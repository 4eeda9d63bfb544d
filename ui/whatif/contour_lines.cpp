#include "ui/whatif/contour_lines.h"

#include <cmath>

namespace twinbench::ui {

std::vector<ContourSegment> contour_segments(const std::vector<double>& values, int nx, int ny,
                                             double level) {
    std::vector<ContourSegment> out;
    if (nx < 2 || ny < 2 || values.size() < static_cast<std::size_t>(nx) * ny) return out;
    const auto at = [&](int col, int row) {
        return values[static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) +
                      static_cast<std::size_t>(col)];
    };
    // Where the level crosses the edge from (xa, ya) to (xb, yb), linearly.
    struct Point {
        double x, y;
    };
    const auto cross = [&](double xa, double ya, double va, double xb, double yb, double vb) {
        const double t = (level - va) / (vb - va);
        return Point{xa + t * (xb - xa), ya + t * (yb - ya)};
    };
    for (int row = 0; row + 1 < ny; ++row)
        for (int col = 0; col + 1 < nx; ++col) {
            const double v00 = at(col, row), v10 = at(col + 1, row);
            const double v01 = at(col, row + 1), v11 = at(col + 1, row + 1);
            if (!std::isfinite(v00) || !std::isfinite(v10) || !std::isfinite(v01) ||
                !std::isfinite(v11))
                continue;
            const bool a00 = v00 >= level, a10 = v10 >= level, a01 = v01 >= level,
                       a11 = v11 >= level;
            const double x = col, y = row;
            // Edges: bottom (00-10), right (10-11), top (01-11), left (00-01).
            Point p[4] = {};
            const bool has[4] = {a00 != a10, a10 != a11, a01 != a11, a00 != a01};
            if (has[0]) p[0] = cross(x, y, v00, x + 1, y, v10);
            if (has[1]) p[1] = cross(x + 1, y, v10, x + 1, y + 1, v11);
            if (has[2]) p[2] = cross(x, y + 1, v01, x + 1, y + 1, v11);
            if (has[3]) p[3] = cross(x, y, v00, x, y + 1, v01);
            const auto add = [&](int e, int f) { out.push_back({p[e].x, p[e].y, p[f].x, p[f].y}); };
            const int n = has[0] + has[1] + has[2] + has[3];
            if (n == 2) {
                int e[2] = {0, 0}, k = 0;
                for (int i = 0; i < 4; ++i)
                    if (has[i]) e[k++] = i;
                add(e[0], e[1]);
            } else if (n == 4) {
                // Saddle: the centre joins the corners on its side.
                const bool centre = 0.25 * (v00 + v10 + v01 + v11) >= level;
                if (centre == a00) {
                    add(0, 1);
                    add(2, 3);
                } else {
                    add(0, 3);
                    add(1, 2);
                }
            }
        }
    return out;
}

std::vector<double> nice_levels(double low, double high, int target) {
    std::vector<double> out;
    if (!std::isfinite(low) || !std::isfinite(high) || !(high > low) || target < 1) return out;
    const double raw = (high - low) / (target + 1);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    for (double v = std::ceil(low / step) * step; v < high; v += step) {
        // Exact multiples: 0.30000000000000004 would label as such.
        const double level = std::round(v / step) * step;
        if (level > low && level < high) out.push_back(level);
    }
    return out;
}

}  // namespace twinbench::ui
