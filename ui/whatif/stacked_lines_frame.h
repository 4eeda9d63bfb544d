// A tile that lays its labels out itself, one under the other, so that a new number in a
// label repaints only that label: with a QLayout every new text of a slider drag asked the
// whole page for a new layout (its word-wrapped labels cost milliseconds a pass). The page
// is asked only when the tile's size hints change (another line, a wider number). The
// furnace tiles (kpi_tiles.cpp) do the same with a private copy of this class.
#pragma once

#include <tuple>
#include <utility>
#include <vector>

#include <QFrame>

class QLabel;

namespace twinbench::ui {

class StackedLinesFrame : public QFrame {
  public:
    explicit StackedLinesFrame(QWidget* parent = nullptr) : QFrame(parent) {}

    void addLine(QLabel* label);

    QSize sizeHint() const override { return hints().first; }
    QSize minimumSizeHint() const override { return hints().second; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

  protected:
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

  private:
    // (size hint, minimum size hint), as a vertical box layout would give them.
    std::pair<QSize, QSize> hints() const;
    void place();

    std::vector<QLabel*> lines_;
    QMargins pad_{10, 6, 10, 6};
    int spacing_ = 1;
    std::tuple<std::pair<QSize, QSize>, int> reported_;
};

}  // namespace twinbench::ui
