#include "ui/processmap/process_map_view.h"

#include <algorithm>

#include <QApplication>
#include <QContextMenuEvent>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>

#include "ui/processmap/process_map_scene.h"

namespace twinbench::ui {

ProcessMapView::ProcessMapView(ProcessMapScene* scene, QWidget* parent) : QGraphicsView(scene, parent), scene_(scene) {
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::NoDrag);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(360, 240);
}

void ProcessMapView::fitMap() {
    const QRectF map = scene_->sceneRect();
    if (map.isEmpty()) return;
    const QSizeF room = viewport()->size();
    const double scale = std::min({1.0, room.width() / map.width(), room.height() / map.height()});
    setTransform(QTransform::fromScale(scale, scale));
    centerOn(map.center());
}

MapNodeItem* ProcessMapView::nodeAt(const QPoint& viewPos) const {
    for (QGraphicsItem* item : items(viewPos))
        if (auto* node = dynamic_cast<MapNodeItem*>(item)) return node;
    return nullptr;
}

void ProcessMapView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        if (MapNodeItem* node = nodeAt(event->position().toPoint())) {
            dragFrom_ = node->name();
            pressPos_ = event->position().toPoint();
            dragging_ = false;
            scene_->clearSelection();
            event->accept();
            return;
        }
    }
    QGraphicsView::mousePressEvent(event);  // an edge: selected by the scene
}

void ProcessMapView::mouseMoveEvent(QMouseEvent* event) {
    if (dragFrom_.isEmpty()) {
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPoint at = event->position().toPoint();
    if (!dragging_ && (at - pressPos_).manhattanLength() < QApplication::startDragDistance()) return;
    dragging_ = true;
    const MapNodeItem* from = scene_->node(dragFrom_);
    if (!from) return;
    if (!dragLine_) {
        dragLine_ = new QGraphicsLineItem;
        dragLine_->setPen(QPen(QColor(0x15, 0x65, 0xc0), 2.0, Qt::DashLine));
        dragLine_->setZValue(2.0);
        scene_->addItem(dragLine_);
    }
    dragLine_->setLine(QLineF(from->rect().center(), mapToScene(at)));
    event->accept();
}

void ProcessMapView::mouseReleaseEvent(QMouseEvent* event) {
    if (dragFrom_.isEmpty()) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    const QString from = dragFrom_;
    const bool dragged = dragging_;
    const MapNodeItem* target = nodeAt(event->position().toPoint());
    endDrag();
    event->accept();
    if (!dragged) emit nodeClicked(from);
    else if (target && target->name() != from) emit edgeDragged(from, target->name());
}

void ProcessMapView::cancelDrag() { endDrag(); }

void ProcessMapView::endDrag() {
    delete dragLine_;
    dragLine_ = nullptr;
    dragFrom_.clear();
    dragging_ = false;
}

void ProcessMapView::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) {
        emit deleteRequested();
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void ProcessMapView::contextMenuEvent(QContextMenuEvent* event) {
    for (QGraphicsItem* item : items(event->pos())) {
        auto* edge = dynamic_cast<MapEdgeItem*>(item);
        if (!edge || edge->isKpiLink()) continue;
        QMenu menu(this);
        const QString from = edge->from(), to = edge->to();
        menu.addAction(tr("Drop %1 as an input of %2").arg(from, to), this,
                       [this, from, to] { emit dropRequested(from, to); });
        menu.exec(event->globalPos());
        return;
    }
    QGraphicsView::contextMenuEvent(event);
}

void ProcessMapView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    fitMap();
}

}  // namespace twinbench::ui
