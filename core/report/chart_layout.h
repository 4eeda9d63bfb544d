// Lays a Chart out on a canvas of the given size (in points): plot area, axes with nice
// ticks and units, series, limits, legend. The result is a list of simple shapes in
// drawing order that every renderer can draw one to one (SVG in the HTML report, QPainter
// paths in the PDF), so the charts of both formats are the same drawing.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "report/chart.h"

namespace twinbench::report {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

// The report palette: series colours by index (colour-blind safe, Okabe-Ito order).
Rgb series_color(int index);
Rgb limit_color();
Rgb grid_color();
Rgb text_color();

struct Point {
    double x = 0.0, y = 0.0;
};

struct PolylineShape {
    std::vector<Point> points;
    Rgb color;
    double width = 1.0;
    bool dashed = false;
};
struct PolygonShape {
    std::vector<Point> points;
    Rgb fill;
    double opacity = 0.25;
};
struct CircleShape {
    Point center;
    double radius = 1.5;
    Rgb fill;
    double opacity = 0.6;
};
struct RectShape {
    double x = 0.0, y = 0.0, width = 0.0, height = 0.0;
    Rgb stroke;
    double stroke_width = 0.0;  // 0: no outline
    bool filled = false;
    Rgb fill;
};
enum class TextAnchor { start, middle, end };
struct TextShape {
    Point at;  // baseline point
    std::string text;
    double size = 8.0;
    TextAnchor anchor = TextAnchor::start;
    bool bold = false;
    bool vertical = false;  // rotated 90 degrees counter-clockwise (y-axis title)
    Rgb color;
};

using Shape = std::variant<RectShape, PolygonShape, PolylineShape, CircleShape, TextShape>;

struct ChartScene {
    double width = 0.0, height = 0.0;
    std::vector<Shape> shapes;  // in drawing order
};

struct AxisTick {
    double value = 0.0;
    std::string label;
};

// 4-8 round ticks covering [lo, hi] (1, 2, 2.5, 5 x 10^k); for time axes hours, days or
// weeks labelled in the axis' zone.
std::vector<AxisTick> axis_ticks(const ChartAxis& axis, double lo, double hi);

// "Furnace temperature [°C]", or the label alone without unit; time axes name the zone.
std::string axis_title(const ChartAxis& axis);

// Rough text width in points for the report fonts (sans-serif), for legend layout.
double estimate_text_width(const std::string& text, double size);

ChartScene layout_chart(const Chart& chart, double width, double height);

}  // namespace twinbench::report
