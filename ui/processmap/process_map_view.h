// The view of the Process map. A click on a box selects that signal; dragging from one box
// to another asks for an edge between them (a dashed line follows the mouse meanwhile); a
// click on an arrow selects that edge, and Delete asks to drop it. The view only reports
// what the engineer did; the page checks and applies it.
#pragma once

#include <QGraphicsView>
#include <QPoint>
#include <QString>

class QGraphicsLineItem;

namespace twinbench::ui {

class MapNodeItem;
class ProcessMapScene;

class ProcessMapView : public QGraphicsView {
    Q_OBJECT

public:
    explicit ProcessMapView(ProcessMapScene* scene, QWidget* parent = nullptr);

    // Scales the map down to fit the view (never up: small graphs keep a readable size).
    void fitMap();
    // Drops a drag in progress; called before the scene is redrawn (its items go).
    void cancelDrag();

signals:
    void nodeClicked(const QString& name);
    void edgeDragged(const QString& from, const QString& to);
    void deleteRequested();
    // The context menu of an arrow.
    void dropRequested(const QString& from, const QString& to);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    MapNodeItem* nodeAt(const QPoint& viewPos) const;
    void endDrag();

    ProcessMapScene* scene_;
    QString dragFrom_;
    QPoint pressPos_;
    bool dragging_ = false;
    QGraphicsLineItem* dragLine_ = nullptr;
};

}  // namespace twinbench::ui
