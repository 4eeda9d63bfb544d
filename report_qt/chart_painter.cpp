#include "report_qt/chart_painter.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainterPath>
#include <QPdfWriter>

#include "common/error.h"
#include "common/utf8_path.h"

namespace twinbench::report {
namespace {

QString q(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
QColor qcolor(Rgb c, double alpha = 1.0) {
    return QColor(c.r, c.g, c.b, static_cast<int>(alpha * 255));
}

void draw(QPainter& painter, double /*font_scale*/, const RectShape& r) {
    painter.setPen(r.stroke_width > 0 ? QPen(qcolor(r.stroke), r.stroke_width) : QPen(Qt::NoPen));
    painter.setBrush(r.filled ? QBrush(qcolor(r.fill)) : QBrush(Qt::NoBrush));
    painter.drawRect(QRectF(r.x, r.y, r.width, r.height));
}
void draw(QPainter& painter, double /*font_scale*/, const PolygonShape& p) {
    QPainterPath path;
    path.moveTo(p.points.front().x, p.points.front().y);
    for (const auto& pt : p.points) path.lineTo(pt.x, pt.y);
    path.closeSubpath();
    painter.fillPath(path, qcolor(p.fill, p.opacity));
}
void draw(QPainter& painter, double /*font_scale*/, const PolylineShape& l) {
    if (l.points.size() < 2) return;
    QPen pen(qcolor(l.color), l.width);
    if (l.dashed) pen.setDashPattern({4.0 / l.width, 3.0 / l.width});
    pen.setJoinStyle(Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    QPainterPath path;
    path.moveTo(l.points.front().x, l.points.front().y);
    for (std::size_t i = 1; i < l.points.size(); ++i) path.lineTo(l.points[i].x, l.points[i].y);
    painter.drawPath(path);
}
void draw(QPainter& painter, double /*font_scale*/, const CircleShape& c) {
    painter.setPen(Qt::NoPen);
    painter.setBrush(qcolor(c.fill, c.opacity));
    painter.drawEllipse(QPointF(c.center.x, c.center.y), c.radius, c.radius);
}
void draw(QPainter& painter, double font_scale, const TextShape& t) {
    if (t.text.empty()) return;
    QFont f = report_font(t.size * font_scale, t.bold);
    painter.setFont(f);
    painter.setPen(qcolor(t.color));
    const QString text = q(t.text);
    const double w = QFontMetricsF(f, painter.device()).horizontalAdvance(text) / 1.0;
    const double shift = t.anchor == TextAnchor::start    ? 0.0
                         : t.anchor == TextAnchor::middle ? w / 2
                                                          : w;
    if (t.vertical) {
        painter.save();
        painter.translate(t.at.x, t.at.y);
        painter.rotate(-90);
        painter.drawText(QPointF(-shift, 0), text);
        painter.restore();
    } else {
        painter.drawText(QPointF(t.at.x - shift, t.at.y), text);
    }
}

}  // namespace

QFont report_font(double size_pt, bool bold, bool italic) {
    QFont f;
    f.setFamilies({QStringLiteral("Helvetica"), QStringLiteral("Arial"),
                   QStringLiteral("Liberation Sans"), QStringLiteral("DejaVu Sans")});
    f.setStyleHint(QFont::SansSerif);
    f.setPointSizeF(size_pt);
    f.setBold(bold);
    f.setItalic(italic);
    return f;
}

void paint_chart_scene(QPainter& painter, const ChartScene& scene, double font_scale) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const auto& shape : scene.shapes)
        std::visit([&](const auto& s) { draw(painter, font_scale, s); }, shape);
    painter.restore();
}

void write_chart_png(const Chart& chart, const std::filesystem::path& path, double width_pt,
                     double height_pt, double scale) {
    const auto scene = layout_chart(chart, width_pt, height_pt);
    QImage image(static_cast<int>(width_pt * scale), static_cast<int>(height_pt * scale),
                 QImage::Format_RGB32);
    image.fill(Qt::white);
    // 72 * scale dots per inch: one scene point is `scale` pixels, text included.
    const int dots_per_metre = static_cast<int>(72.0 * scale / 0.0254);
    image.setDotsPerMeterX(dots_per_metre);
    image.setDotsPerMeterY(dots_per_metre);
    {
        QPainter painter(&image);
        painter.scale(scale, scale);
        paint_chart_scene(painter, scene, 1.0 / scale);
    }
    if (!image.save(QString::fromStdU16String(path.u16string()), "PNG"))
        throw ProjectError("cannot write the chart " + utf8_path_string(path));
}

void write_chart_pdf(const Chart& chart, const std::filesystem::path& path, double width_pt,
                     double height_pt) {
    const auto scene = layout_chart(chart, width_pt, height_pt);
    // 720 dpi: one scene point is 10 device units, so coordinates keep their precision.
    constexpr double scale = 10.0;
    QPdfWriter writer(QString::fromStdU16String(path.u16string()));
    writer.setResolution(static_cast<int>(72.0 * scale));
    writer.setPageSize(QPageSize(QSizeF(width_pt, height_pt), QPageSize::Point));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setCreator(QStringLiteral("Twinbench"));
    {
        QPainter painter;
        if (!painter.begin(&writer))
            throw ProjectError("cannot write the chart " + utf8_path_string(path));
        painter.scale(scale, scale);
        paint_chart_scene(painter, scene, 1.0 / scale);
    }
    if (!std::filesystem::exists(path))
        throw ProjectError("cannot write the chart " + utf8_path_string(path));
}

}  // namespace twinbench::report
