// Draws a laid-out chart (report/chart_layout.h) with QPainter: vector paths in the PDF
// report, pixels in a PNG. The same shapes as the HTML report's SVG.
#pragma once

#include <filesystem>

#include <QFont>
#include <QPainter>

#include "report/chart_layout.h"

namespace twinbench::report {

// The report's sans-serif font (Helvetica, Arial, Liberation Sans or DejaVu Sans).
QFont report_font(double size_pt, bool bold = false, bool italic = false);

// Draws the scene in the painter's current coordinates (one unit = one scene point).
// font_scale = 72 / (device dots per inch x the painter's scale), so that text keeps the
// scene's size whatever the device (1 / k for the PDF at 300 dpi scaled by k).
void paint_chart_scene(QPainter& painter, const ChartScene& scene, double font_scale);

// The chart alone as a PNG of width_pt x height_pt points at `scale` pixels per point.
// Throws ProjectError when the file cannot be written.
void write_chart_png(const Chart& chart, const std::filesystem::path& path, double width_pt = 640.0,
                     double height_pt = 300.0, double scale = 2.0);

// The chart alone as a one-page vector PDF of width_pt x height_pt points (the same shapes
// as in the PDF report). Throws ProjectError when the file cannot be written.
void write_chart_pdf(const Chart& chart, const std::filesystem::path& path, double width_pt = 640.0,
                     double height_pt = 300.0);

}  // namespace twinbench::report
