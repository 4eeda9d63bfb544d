// Writes a laid-out chart as an inline <svg> element: vector, no scripts, no external
// references, every text from the data escaped.
#pragma once

#include <string>
#include <string_view>

#include "report/chart.h"

namespace twinbench::report {

// Text safe inside HTML/SVG element content and double-quoted attributes.
std::string xml_escape(std::string_view text);

// width/height in CSS pixels; the SVG scales with its container (viewBox).
// No xmlns: inline SVG in HTML5 needs none, and the report holds no URL at all.
std::string chart_svg(const Chart& chart, double width = 640.0, double height = 300.0);

// The chart as a standalone .svg file (XML declaration and the SVG namespace, which an
// inline SVG in HTML5 does without).
std::string chart_svg_file(const Chart& chart, double width = 640.0, double height = 300.0);

}  // namespace twinbench::report
