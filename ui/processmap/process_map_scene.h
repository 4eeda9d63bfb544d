// The Process map drawn with Qt's Graphics View: a rounded box per signal, filled with the
// colour of its model's trust verdict, and an arrow per edge of the process graph, in the
// colour of the model it feeds and as wide as that model's hold-out skill (a thin line:
// a model hardly better than the mean). KPIs sit on the right, linked by dashed lines to
// the signals they read. The scene only draws; the page decides what an edit means.
#pragma once

#include <map>
#include <string>

#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QList>
#include <QString>

#include "sim/process_graph.h"
#include "ui/processmap/node_health.h"
#include "ui/processmap/process_map_layout.h"

namespace twinbench::ui {

class MapNodeItem : public QGraphicsRectItem {
public:
    MapNodeItem(const QString& name, MapNodeKind kind, NodeVerdict verdict, const QRectF& rect);

    QString name() const { return name_; }
    MapNodeKind kind() const { return kind_; }
    NodeVerdict verdict() const { return verdict_; }
    void setHighlighted(bool on);
    // The second line in the box: unit, kind or verdict, skill.
    QString caption() const { return caption_; }
    void setCaption(const QString& caption) { caption_ = caption; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString name_;
    MapNodeKind kind_;
    NodeVerdict verdict_;
    QString caption_;
    bool highlighted_ = false;
};

class MapEdgeItem : public QGraphicsPathItem {
public:
    // kpiLink: a KPI reading a signal, not an edge of the graph (not selectable).
    MapEdgeItem(const QString& from, const QString& to, bool kpiLink, const QPainterPath& path);

    QString from() const { return from_; }
    QString to() const { return to_; }
    bool isKpiLink() const { return kpiLink_; }

    // A band around the line, so a thin curve can be clicked.
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString from_, to_;
    bool kpiLink_;
};

class ProcessMapScene : public QGraphicsScene {
    Q_OBJECT

public:
    static constexpr double node_width = 220.0;
    static constexpr double node_height = 48.0;
    static constexpr double layer_spacing = 320.0;  // left edge to left edge
    static constexpr double row_spacing = 66.0;

    explicit ProcessMapScene(QObject* parent = nullptr);

    // health: by output, as judge_nodes gives it.
    void showMap(const twinbench::ProcessGraph& graph, const ProcessMapLayout& layout,
                 const std::map<std::string, NodeHealth>& health);

    MapNodeItem* node(const QString& name) const;
    QList<MapNodeItem*> nodes() const;
    // The drawn edges of the process graph (KPI links left out).
    QList<MapEdgeItem*> graphEdges() const;
    QList<MapEdgeItem*> kpiLinks() const;
    // The selected graph edge, if one is selected.
    MapEdgeItem* selectedEdge() const;
    void highlightNode(const QString& name);

private:
    std::map<QString, MapNodeItem*> nodes_;
    QList<MapEdgeItem*> edges_;
    QList<MapEdgeItem*> kpiLinks_;
};

}  // namespace twinbench::ui
