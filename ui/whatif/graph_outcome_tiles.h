// The What-if answer of any process, one tile per output, count rate and KPI: the
// scenario's value over the horizon (with its unit), its change against the baseline,
// the Monte Carlo P10-P90 once it is in, and the trust verdict of the model it comes from.
#pragma once

#include <vector>

#include <QWidget>

class QFrame;
class QGridLayout;
class QLabel;

namespace twinbench::ui {

class GraphWhatIfState;
struct GraphFigure;

class GraphOutcomeTiles : public QWidget {
    Q_OBJECT

  public:
    explicit GraphOutcomeTiles(GraphWhatIfState& state, QWidget* parent = nullptr);

    // Tiles follow GraphWhatIfState::figures().
    int tileCount() const { return static_cast<int>(tiles_.size()); }
    QLabel* titleLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].title; }
    QLabel* valueLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].value; }
    QLabel* deltaLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].delta; }
    QLabel* bandLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].band; }
    QLabel* trustLabel(int tile) const { return tiles_[static_cast<std::size_t>(tile)].trust; }
    // The number a tile shows: the single run at the estimates, the Monte Carlo median
    // once the runs are back.
    double shownValue(int tile) const { return tiles_[static_cast<std::size_t>(tile)].shown; }

    // How a tile writes a number: four significant digits, no exponent.
    static QString formatValue(double value);
    static QString formatChange(double change);
    // A figure as its tile shows it: a count's rate in percent ("1.653 %"), others as they are.
    static QString formatFigure(const GraphFigure& f, double value);

  private:
    void rebuild();
    void refresh();
    void refreshBand();
    static void setText(QLabel* label, const QString& text);

    struct Tile {
        QFrame* frame = nullptr;
        QLabel* title = nullptr;
        QLabel* value = nullptr;
        QLabel* delta = nullptr;
        QLabel* band = nullptr;
        QLabel* trust = nullptr;
        double shown = 0.0;
    };
    void showValue(Tile& t, const GraphFigure& f, double value, double base);
    GraphWhatIfState& state_;
    QGridLayout* grid_;
    std::vector<Tile> tiles_;
};

}  // namespace twinbench::ui
