// A chart as data: typed series on two axes with units, reference limits and bands. The
// report builder fills it from the engine's numbers; chart_layout turns it into drawing
// primitives that the SVG writer (HTML report) and the Qt painter (PDF report) both draw,
// so the two formats show the same chart.
#pragma once

#include <string>
#include <vector>

namespace twinbench::report {

struct ChartAxis {
    std::string label;  // "Furnace temperature"
    std::string unit;   // "°C"; "" for counts and fractions without unit
    // Values are UTC seconds; ticks are dates/hours in time_zone (IANA, "" = UTC).
    bool time = false;
    std::string time_zone;
};

enum class SeriesKind { line, points, band };

struct ChartSeries {
    std::string name;
    SeriesKind kind = SeriesKind::line;
    std::vector<double> x;
    std::vector<double> y;       // the line, the points, or the band's lower edge
    std::vector<double> y_high;  // band only: upper edge (P90 of a P10-P90 band)
    int color = 0;               // index into the report palette
};

// A horizontal limit (y = value, e.g. a temperature limit) or a vertical marker
// (x = value, e.g. the time a limit is reached, the hold-out split).
struct ReferenceLine {
    std::string label;
    double value = 0.0;
    bool vertical = false;
    bool limit = true;  // drawn as a red dashed limit; false: a grey guide (identity, split)
};

struct Chart {
    std::string title;
    std::string caption;  // one sentence under the chart: what to look at
    ChartAxis x;
    ChartAxis y;
    std::vector<ChartSeries> series;
    std::vector<ReferenceLine> lines;
    bool identity_line = false;  // a grey y = x guide (predicted against actual)
    // Also written to the spreadsheet's "Time series" sheet.
    bool export_series = false;
};

}  // namespace twinbench::report
