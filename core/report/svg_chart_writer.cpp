#include "report/svg_chart_writer.h"

#include <fmt/format.h>

#include "report/chart_layout.h"

namespace twinbench::report {
namespace {

std::string rgb(Rgb c) {
    return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

void append_points(std::string& out, const std::vector<Point>& points) {
    for (std::size_t i = 0; i < points.size(); ++i)
        fmt::format_to(std::back_inserter(out), "{}{:.1f},{:.1f}", i ? " " : "", points[i].x,
                       points[i].y);
}

struct ShapeWriter {
    std::string& out;
    void operator()(const RectShape& r) const {
        fmt::format_to(std::back_inserter(out),
                       R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}")",
                       r.x, r.y, r.width, r.height, r.filled ? rgb(r.fill) : "none");
        if (r.stroke_width > 0.0)
            fmt::format_to(std::back_inserter(out), R"( stroke="{}" stroke-width="{:.2f}")",
                           rgb(r.stroke), r.stroke_width);
        out += "/>\n";
    }
    void operator()(const PolygonShape& p) const {
        out += "<polygon points=\"";
        append_points(out, p.points);
        fmt::format_to(std::back_inserter(out), R"(" fill="{}" fill-opacity="{:.2f}"/>)",
                       rgb(p.fill), p.opacity);
        out += '\n';
    }
    void operator()(const PolylineShape& l) const {
        out += "<polyline points=\"";
        append_points(out, l.points);
        fmt::format_to(std::back_inserter(out),
                       R"(" fill="none" stroke="{}" stroke-width="{:.2f}")", rgb(l.color), l.width);
        if (l.dashed) out += R"( stroke-dasharray="4 3")";
        out += " stroke-linejoin=\"round\"/>\n";
    }
    void operator()(const CircleShape& c) const {
        fmt::format_to(
            std::back_inserter(out),
            R"(<circle cx="{:.1f}" cy="{:.1f}" r="{:.1f}" fill="{}" fill-opacity="{:.2f}"/>)",
            c.center.x, c.center.y, c.radius, rgb(c.fill), c.opacity);
        out += '\n';
    }
    void operator()(const TextShape& t) const {
        if (t.text.empty()) return;
        const char* anchor = t.anchor == TextAnchor::start    ? "start"
                             : t.anchor == TextAnchor::middle ? "middle"
                                                              : "end";
        fmt::format_to(
            std::back_inserter(out),
            R"(<text x="{:.1f}" y="{:.1f}" font-size="{:.1f}" text-anchor="{}" fill="{}")", t.at.x,
            t.at.y, t.size, anchor, rgb(t.color));
        if (t.bold) out += R"( font-weight="bold")";
        if (t.vertical)
            fmt::format_to(std::back_inserter(out), R"x( transform="rotate(-90 {:.1f} {:.1f})")x",
                           t.at.x, t.at.y);
        out += '>' + xml_escape(t.text) + "</text>\n";
    }
};

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    out += "\xEF\xBF\xBD";
                else
                    out += c;
        }
    }
    return out;
}

std::string chart_svg(const Chart& chart, double width, double height) {
    const auto scene = layout_chart(chart, width, height);
    std::string out = fmt::format(
        R"(<svg class="chart" viewBox="0 0 {:.0f} {:.0f}" role="img" aria-label="{}" font-family="Helvetica, Arial, sans-serif">)",
        width, height, xml_escape(chart.title));
    out += '\n';
    const ShapeWriter writer{out};
    for (const auto& shape : scene.shapes) std::visit(writer, shape);
    out += "</svg>";
    return out;
}

std::string chart_svg_file(const Chart& chart, double width, double height) {
    std::string svg = chart_svg(chart, width, height);
    svg.insert(4, " xmlns=\"http://www.w3.org/2000/svg\"");  // after "<svg"
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n";
}

}  // namespace twinbench::report
