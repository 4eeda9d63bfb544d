#include "ui/whatif/kpi_tiles.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

#include "sim/kpis.h"
#include "ui/app/background_job.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

bool isShare(int kpi) {
    return twinbench::kpi_keys[static_cast<std::size_t>(kpi)] == "scrap_rate" ||
           twinbench::kpi_keys[static_cast<std::size_t>(kpi)] == "availability";
}

// A tile lays its lines out itself, one under the other. With a QLayout every new
// number of a slider drag had the whole page laid out again (its word-wrapped labels
// cost milliseconds a pass); here a new text only repaints its label, and the page is
// asked for a new layout only when the tile's size hints change (another line, a wider
// number).
class TileFrame : public QFrame {
  public:
    explicit TileFrame(QWidget* parent) : QFrame(parent) {}

    void addLine(QLabel* label) { lines_.push_back(label); }

    QSize sizeHint() const override { return hints().first; }
    QSize minimumSizeHint() const override { return hints().second; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override {
        const int inner = std::max(1, width - pad_.left() - pad_.right() - 2 * frameWidth());
        int h = pad_.top() + pad_.bottom() + 2 * frameWidth() +
                spacing_ * (static_cast<int>(lines_.size()) - 1);
        for (auto* l : lines_)
            h += l->hasHeightForWidth() ? l->heightForWidth(inner) : l->sizeHint().height();
        return h;
    }

  protected:
    void resizeEvent(QResizeEvent* event) override {
        QFrame::resizeEvent(event);
        place();
    }
    bool event(QEvent* event) override {
        // A label's text changed (labels without a layout post this to their parent).
        if (event->type() == QEvent::LayoutRequest) {
            place();
            const auto now = std::make_tuple(hints(), heightForWidth(width()));
            if (now != reported_) {
                reported_ = now;
                updateGeometry();
            }
            return true;
        }
        return QFrame::event(event);
    }

  private:
    // (size hint, minimum size hint): as the vertical box layout gave them.
    std::pair<QSize, QSize> hints() const {
        int hint = 0, least = 0;
        for (auto* l : lines_) {
            hint = std::max(hint, l->sizeHint().width());
            least = std::max(least, l->minimumSizeHint().width());
        }
        const int extra = pad_.left() + pad_.right() + 2 * frameWidth();
        return {QSize(hint + extra, heightForWidth(hint + extra)),
                QSize(least + extra, heightForWidth(least + extra))};
    }
    void place() {
        const QRect r = contentsRect().marginsRemoved(pad_);
        int y = r.top();
        for (auto* l : lines_) {
            const int h =
                l->hasHeightForWidth() ? l->heightForWidth(r.width()) : l->sizeHint().height();
            l->setGeometry(r.left(), y, r.width(), h);
            y += h + spacing_;
        }
    }

    std::vector<QLabel*> lines_;
    QMargins pad_{10, 6, 10, 6};
    int spacing_ = 1;
    std::tuple<std::pair<QSize, QSize>, int> reported_;
};

// The grey of "= baseline" and the colours of better and worse.
const QColor neutral_colour(0x80, 0x80, 0x80);
const QColor better_colour(0x2e, 0x7d, 0x32);
const QColor worse_colour(0xc6, 0x28, 0x28);

}  // namespace

std::vector<int> KpiTiles::kpiIndices() {
    return {twinbench::kpi_index("throughput_per_h"), twinbench::kpi_index("scrap_rate"),
            twinbench::kpi_index("energy_kwh_per_part"), twinbench::kpi_index("energy_cost"),
            twinbench::kpi_index("availability")};
}

QString KpiTiles::title(int kpi) {
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    if (key == "throughput_per_h") return tr("Throughput");
    if (key == "scrap_rate") return tr("Scrap rate");
    if (key == "energy_kwh") return tr("Energy");
    if (key == "energy_kwh_per_part") return tr("Energy per good part");
    if (key == "energy_cost") return tr("Energy cost");
    if (key == "core_temp_c") return tr("Core temperature");
    if (key == "availability") return tr("Availability");
    return toQString(key);
}

QString KpiTiles::unit(int kpi, const QString& currency) {
    if (isShare(kpi)) return QStringLiteral("%");
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    if (key == "throughput_per_h") return tr("good parts/h");
    return toQString(twinbench::kpi_unit(static_cast<std::size_t>(kpi), toUtf8(currency)));
}

int KpiTiles::goodDirection(int kpi) {
    const auto key = twinbench::kpi_keys[static_cast<std::size_t>(kpi)];
    return key == "throughput_per_h" || key == "availability" ? +1 : -1;
}

QString KpiTiles::format(int kpi, double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    if (isShare(kpi)) return QStringLiteral("%1 %").arg(100.0 * v, 0, 'f', 2);
    const double a = std::abs(v);
    return QString::number(v, 'f', a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : 4);
}

KpiTiles::KpiTiles(WhatIfState& state, QWidget* parent) : QWidget(parent), state_(state) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    for (int kpi : kpiIndices()) {
        Tile t;
        auto* frame = new TileFrame(this);
        t.frame = frame;
        t.frame->setFrameShape(QFrame::StyledPanel);
        t.frame->setAutoFillBackground(true);
        t.frame->setBackgroundRole(QPalette::Base);
        t.title = new QLabel(t.frame);
        t.value = new QLabel(QStringLiteral("–"), t.frame);
        QFont big = t.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.9);
        big.setBold(true);
        t.value->setFont(big);
        t.delta = new QLabel(t.frame);
        t.delta->setTextFormat(Qt::PlainText);  // coloured through the palette
        t.band = new QLabel(t.frame);
        t.band->setToolTip(
            tr("10th to 90th percentile over Monte Carlo runs of the model uncertainty"));
        for (auto* label : {t.title, t.value, t.delta, t.band}) frame->addLine(label);
        // Long texts wrap rather than widen the window.
        for (auto* label : {t.title, t.delta, t.band}) label->setWordWrap(true);
        t.value->setObjectName(QStringLiteral("kpi_%1").arg(
            toQString(twinbench::kpi_keys[static_cast<std::size_t>(kpi)])));
        layout->addWidget(t.frame, 1);
        tiles_.push_back(t);
    }
    // The energy cost's unit is the study's currency: titles follow each study loaded.
    const auto setTitles = [this] {
        const auto kpis = kpiIndices();
        for (std::size_t i = 0; i < tiles_.size(); ++i)
            tiles_[i].title->setText(QStringLiteral("%1 <span style='color:gray'>%2</span>")
                                         .arg(title(kpis[i]), unit(kpis[i], state_.currency())));
    };
    setTitles();
    connect(&state_, &WhatIfState::loaded, this, setTitles);
    connect(&state_, &WhatIfState::resultChanged, this, &KpiTiles::refresh);
    connect(&state_, &WhatIfState::bandChanged, this, &KpiTiles::refreshBand);
    connect(&state_, &WhatIfState::unloaded, this, &KpiTiles::clear);
}

void KpiTiles::clear() {
    for (auto& t : tiles_) {
        t.shown = NAN;
        t.value->setText(QStringLiteral("–"));
        t.delta->clear();
        t.band->clear();
    }
}

QString KpiTiles::formatChange(int kpi, double v, double b) {
    if (!std::isfinite(v) || !std::isfinite(b)) return {};
    const double d = v - b;
    const double rel = b != 0.0 ? 100.0 * d / std::abs(b) : 0.0;
    if (std::abs(rel) < 0.05) return {};
    const QString sign = d > 0 ? QStringLiteral("+") : QString();
    // A share's change in percentage points: -0.08 pp, not -5.1 % of 1.6 %.
    return isShare(kpi) ? QStringLiteral("%1%2 pp").arg(sign).arg(100.0 * d, 0, 'f', 2)
                        : QStringLiteral("%1%2 %").arg(sign).arg(rel, 0, 'f', 1);
}

void KpiTiles::showValue(std::size_t i, int kpi, double v, double b) {
    auto& t = tiles_[i];
    t.shown = v;
    t.value->setText(format(kpi, v));
    QString delta;
    QColor colour = neutral_colour;
    if (std::isfinite(v) && std::isfinite(b)) {
        const QString change = formatChange(kpi, v, b);
        if (change.isEmpty()) {
            delta = tr("= baseline");
        } else {
            delta = tr("%1 vs baseline").arg(change);
            colour = (v - b) * goodDirection(kpi) > 0 ? better_colour : worse_colour;
        }
    }
    if (t.delta->palette().color(QPalette::WindowText) != colour) {
        QPalette palette = t.delta->palette();
        palette.setColor(QPalette::WindowText, colour);
        t.delta->setPalette(palette);
    }
    t.delta->setText(delta);
}

void KpiTiles::refresh() {
    const auto indices = kpiIndices();
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        const auto k = static_cast<std::size_t>(indices[i]);
        // The single run at the parameter estimates until the Monte Carlo is back.
        showValue(i, indices[i], twinbench::kpi_value(state_.result().kpis, k),
                  twinbench::kpi_value(state_.baseline().kpis, k));
        tiles_[i].value->setToolTip(tr("The twin at its fitted parameters; the median of the Monte Carlo runs "
                                       "replaces it when they are back"));
        tiles_[i].band->setText(state_.band() ? QString() : tr("P10–P90: simulating…"));
    }
    refreshBand();
}

void KpiTiles::refreshBand() {
    if (!state_.band()) return;
    const auto indices = kpiIndices();
    const auto& band = *state_.band();
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        const auto k = static_cast<std::size_t>(indices[i]);
        const double lo = twinbench::kpi_value(band.p10, k), hi = twinbench::kpi_value(band.p90, k);
        // With runs drawn the headline is their median (inside its own P10-P90), against
        // the baseline's median over the same draws: as `simulate --runs` and the report.
        if (state_.baselineMedian()) {
            showValue(i, indices[i], twinbench::kpi_value(band.p50, k),
                      twinbench::kpi_value(*state_.baselineMedian(), k));
            tiles_[i].value->setToolTip(
                tr("Median of %1 Monte Carlo runs of the model uncertainty").arg(band.runs.size()));
        }
        tiles_[i].band->setText(
            tr("P10–P90: %1 … %2").arg(format(indices[i], lo), format(indices[i], hi)));
    }
}

}  // namespace twinbench::ui
