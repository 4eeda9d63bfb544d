#include "ui/processmap/process_map_scene.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

constexpr double text_padding = 10.0;

QString caption(MapNodeKind kind, const twinbench::GraphSignal* signal, const NodeHealth* health) {
    QStringList parts;
    if (signal != nullptr && !signal->unit.empty()) parts << toQString(signal->unit);
    switch (kind) {
        case MapNodeKind::control: parts << QObject::tr("control"); break;
        case MapNodeKind::disturbance: parts << QObject::tr("disturbance"); break;
        case MapNodeKind::kpi: parts << QObject::tr("KPI"); break;
        case MapNodeKind::output:
            if (health == nullptr) break;
            parts << verdictName(health->verdict);
            if (std::isfinite(health->skill))
                parts << QObject::tr("skill %1").arg(QLocale().toString(health->skill, 'f', 2));
            if (health->stale) parts << QObject::tr("refit");
            break;
    }
    return parts.join(QStringLiteral(" · "));
}

}  // namespace

MapNodeItem::MapNodeItem(const QString& name, MapNodeKind kind, NodeVerdict verdict, const QRectF& rect)
    : QGraphicsRectItem(rect), name_(name), kind_(kind), verdict_(verdict) {
    setBrush(verdictColour(verdict));
    setPen(QPen(QColor(0x3a, 0x3a, 0x3a), 1.2));
    setZValue(1.0);  // above the edges that end under its border
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
}

void MapNodeItem::setHighlighted(bool on) {
    highlighted_ = on;
    update();
}

void MapNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    QPen outline = pen();
    if (highlighted_) outline = QPen(QColor(0x15, 0x65, 0xc0), 3.0);
    painter->setPen(outline);
    painter->setBrush(brush());
    const double radius = kind_ == MapNodeKind::kpi ? 2.0 : 9.0;
    painter->drawRoundedRect(rect(), radius, radius);
    // Name on the first line, the caption (unit, verdict, skill) under it; both elided to
    // the box, the full text is in the tooltip and the side panel.
    const QRectF text = rect().adjusted(text_padding, 4.0, -text_padding, -4.0);
    QFont font = painter->font();
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(Qt::black);
    const QFontMetricsF bold(font);
    painter->drawText(QRectF(text.left(), text.top(), text.width(), text.height() / 2.0),
                      Qt::AlignLeft | Qt::AlignVCenter, bold.elidedText(name_, Qt::ElideRight, text.width()));
    font.setBold(false);
    painter->setFont(font);
    const QFontMetricsF plain(font);
    painter->setPen(QColor(0x30, 0x30, 0x30));
    painter->drawText(QRectF(text.left(), text.center().y(), text.width(), text.height() / 2.0),
                      Qt::AlignLeft | Qt::AlignVCenter, plain.elidedText(caption_, Qt::ElideRight, text.width()));
}

MapEdgeItem::MapEdgeItem(const QString& from, const QString& to, bool kpiLink, const QPainterPath& path)
    : QGraphicsPathItem(path), from_(from), to_(to), kpiLink_(kpiLink) {
    setFlag(QGraphicsItem::ItemIsSelectable, !kpiLink);
    setZValue(0.0);
    if (!kpiLink) setCursor(Qt::PointingHandCursor);
}

QPainterPath MapEdgeItem::shape() const {
    QPainterPathStroker stroker;
    stroker.setWidth(std::max(8.0, pen().widthF() + 4.0));
    return stroker.createStroke(path());
}

void MapEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) {
    painter->setRenderHint(QPainter::Antialiasing);
    QPen line = pen();
    if (isSelected()) {
        // A halo under the line: the colour still tells the model's verdict.
        QPen halo(QColor(0x15, 0x65, 0xc0, 110), line.widthF() + 6.0);
        halo.setCapStyle(Qt::RoundCap);
        painter->setPen(halo);
        painter->drawPath(path());
    }
    painter->setPen(line);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());
    // Arrow head at the end, along the curve's last direction.
    const QPointF tip = path().pointAtPercent(1.0);
    const QPointF back = path().pointAtPercent(0.97);
    const double angle = std::atan2(tip.y() - back.y(), tip.x() - back.x());
    const double size = 7.0 + line.widthF();
    QPolygonF head;
    head << tip << tip - QPointF(std::cos(angle - 0.4) * size, std::sin(angle - 0.4) * size)
         << tip - QPointF(std::cos(angle + 0.4) * size, std::sin(angle + 0.4) * size);
    painter->setPen(Qt::NoPen);
    painter->setBrush(line.color());
    painter->drawPolygon(head);
}

ProcessMapScene::ProcessMapScene(QObject* parent) : QGraphicsScene(parent) {}

void ProcessMapScene::showMap(const twinbench::ProcessGraph& graph, const ProcessMapLayout& layout,
                              const std::map<std::string, NodeHealth>& health) {
    clear();
    nodes_.clear();
    edges_.clear();
    kpiLinks_.clear();
    int tallest = 1;
    for (int layer = 0; layer < layout.layer_count; ++layer) tallest = std::max(tallest, layout.rows_in(layer));
    const auto rect_of = [&](const MapNode& n) {
        // Each layer centred on the tallest one.
        const double offset = (tallest - layout.rows_in(n.layer)) * row_spacing / 2.0;
        return QRectF(n.layer * layer_spacing, offset + n.row * row_spacing, node_width, node_height);
    };
    for (const auto& n : layout.nodes) {
        const auto* signal = graph.find(n.name);
        const auto h = health.find(n.name);
        const NodeHealth* nodeHealth = h == health.end() ? nullptr : &h->second;
        NodeVerdict verdict = NodeVerdict::input;
        if (n.kind == MapNodeKind::kpi) verdict = NodeVerdict::kpi;
        else if (n.kind == MapNodeKind::output) verdict = nodeHealth ? nodeHealth->verdict : NodeVerdict::no_model;
        const QString name = toQString(n.name);
        auto* item = new MapNodeItem(name, n.kind, verdict, rect_of(n));
        item->setCaption(caption(n.kind, signal, nodeHealth));
        QString tip = name + QLatin1Char('\n') + item->caption();
        if (nodeHealth && !nodeHealth->trustMessage.isEmpty()) tip += QLatin1Char('\n') + nodeHealth->trustMessage;
        item->setToolTip(tip);
        addItem(item);
        nodes_[name] = item;
    }
    // An edge that skips layers passes each layer in between through the gap between two
    // boxes nearest its straight line, so it never runs behind a box it does not enter.
    const auto gap_y = [&](int layer, double wanted) {
        const int rows = layout.rows_in(layer);
        const double offset = (tallest - rows) * row_spacing / 2.0;
        double best = offset - (row_spacing - node_height) / 2.0;
        for (int k = 1; k <= rows; ++k) {
            const double y = offset + k * row_spacing - (row_spacing - node_height) / 2.0;
            if (std::abs(y - wanted) < std::abs(best - wanted)) best = y;
        }
        return best;
    };
    const auto add_path = [&](const QString& from, const QString& to, double end_offset, bool kpi) -> MapEdgeItem* {
        const MapNodeItem* a = node(from);
        const MapNodeItem* b = node(to);
        const MapNode* na = layout.find(toUtf8(from));
        const MapNode* nb = layout.find(toUtf8(to));
        if (a == nullptr || b == nullptr || na == nullptr || nb == nullptr) return nullptr;
        const QPointF start(a->rect().right(), a->rect().center().y());
        const QPointF end(b->rect().left() - 1.0, b->rect().center().y() + end_offset);
        std::vector<QPointF> points{start};
        for (int layer = na->layer + 1; layer < nb->layer; ++layer) {
            const double left = layer * layer_spacing;
            const double t = (left - start.x()) / (end.x() - start.x());
            const double y = gap_y(layer, start.y() + t * (end.y() - start.y()));
            points.emplace_back(left - 12.0, y);
            points.emplace_back(left + node_width + 12.0, y);
        }
        points.push_back(end);
        // Curves between layers (horizontal at both ends), straight through a gap.
        QPainterPath path(start);
        for (std::size_t i = 1; i < points.size(); ++i) {
            const QPointF p = points[i - 1], q = points[i];
            if (i % 2 == 0 && i + 1 < points.size()) {
                path.lineTo(q);
                continue;
            }
            const double dx = std::max(30.0, (q.x() - p.x()) / 2.0);
            path.cubicTo(p + QPointF(dx, 0.0), q - QPointF(dx, 0.0), q);
        }
        auto* edge = new MapEdgeItem(from, to, kpi, path);
        addItem(edge);
        return edge;
    };
    for (const auto& output : graph.outputs()) {
        const auto inputs = graph.inputs_of(output);
        const auto h = health.find(output);
        const NodeVerdict verdict = h == health.end() ? NodeVerdict::no_model : h->second.verdict;
        const double skill = h == health.end() || !std::isfinite(h->second.skill) ? 0.0 : std::clamp(h->second.skill, 0.0, 1.0);
        // Edges into one box end side by side, not on one point.
        const auto count = static_cast<double>(inputs.size());
        const double spread = std::min(7.0, (node_height - 12.0) / std::max(1.0, count));
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const double offset = (static_cast<double>(i) - (count - 1.0) / 2.0) * spread;
            auto* edge = add_path(toQString(inputs[i]), toQString(output), offset, false);
            if (!edge) continue;
            edge->setPen(QPen(verdictColour(verdict).darker(135), 1.2 + 3.0 * skill, Qt::SolidLine, Qt::RoundCap));
            edge->setToolTip(QObject::tr("%1 → %2: an input of the model of %2 (%3)")
                                 .arg(toQString(inputs[i]), toQString(output), verdictName(verdict)));
            edges_ << edge;
        }
    }
    for (const auto& link : layout.kpi_links) {
        auto* edge = add_path(toQString(link.signal), toQString(link.kpi), 0.0, true);
        if (!edge) continue;
        edge->setPen(QPen(QColor(0x80, 0x80, 0x80), 1.0, Qt::DashLine));
        edge->setToolTip(QObject::tr("KPI %1 reads %2").arg(toQString(link.kpi), toQString(link.signal)));
        kpiLinks_ << edge;
    }
    setSceneRect(itemsBoundingRect().adjusted(-24.0, -24.0, 24.0, 24.0));
}

MapNodeItem* ProcessMapScene::node(const QString& name) const {
    const auto it = nodes_.find(name);
    return it == nodes_.end() ? nullptr : it->second;
}

QList<MapNodeItem*> ProcessMapScene::nodes() const {
    QList<MapNodeItem*> out;
    for (const auto& [name, item] : nodes_) out << item;
    return out;
}

QList<MapEdgeItem*> ProcessMapScene::graphEdges() const { return edges_; }

QList<MapEdgeItem*> ProcessMapScene::kpiLinks() const { return kpiLinks_; }

MapEdgeItem* ProcessMapScene::selectedEdge() const {
    for (auto* item : selectedItems())
        if (auto* edge = dynamic_cast<MapEdgeItem*>(item); edge && !edge->isKpiLink()) return edge;
    return nullptr;
}

void ProcessMapScene::highlightNode(const QString& name) {
    for (const auto& [n, item] : nodes_) item->setHighlighted(n == name);
}

}  // namespace twinbench::ui
