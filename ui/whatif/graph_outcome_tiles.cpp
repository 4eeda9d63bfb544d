#include "ui/whatif/graph_outcome_tiles.h"

#include <algorithm>
#include <cmath>

#include <QFrame>
#include <QGridLayout>
#include <QLabel>

#include "models/trust_verdict.h"
#include "ui/app/graph_what_if_state.h"
#include "ui/app/qt_strings.h"
#include "ui/whatif/stacked_lines_frame.h"

namespace twinbench::ui {
namespace {

constexpr int columns = 4;

const QColor trusted_colour(0x2e, 0x7d, 0x32);
const QColor caution_colour(0xb2, 0x6a, 0x00);
const QColor untrusted_colour(0xc6, 0x28, 0x28);

int decimalsFor(double v) {
    if (!(std::abs(v) > 0.0)) return 2;
    return std::clamp(3 - static_cast<int>(std::floor(std::log10(std::abs(v)))), 0, 6);
}

// The verdict behind a figure: its output's model's (none for a KPI).
const twinbench::TrustVerdict* verdictOf(const GraphWhatIfState& state, const GraphFigure& f) {
    const auto& trust = state.result().trust;
    if (!f.output.empty()) {
        const auto it = trust.find(f.output);
        return it == trust.end() ? nullptr : &it->second;
    }
    return nullptr;
}

}  // namespace

GraphOutcomeTiles::GraphOutcomeTiles(GraphWhatIfState& state, QWidget* parent)
    : QWidget(parent), state_(state), grid_(new QGridLayout(this)) {
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(8);
    connect(&state_, &GraphWhatIfState::loaded, this, &GraphOutcomeTiles::rebuild);
    connect(&state_, &GraphWhatIfState::unloaded, this, &GraphOutcomeTiles::rebuild);
    connect(&state_, &GraphWhatIfState::resultChanged, this, &GraphOutcomeTiles::refresh);
    connect(&state_, &GraphWhatIfState::bandChanged, this, &GraphOutcomeTiles::refreshBand);
}

QString GraphOutcomeTiles::formatValue(double value) {
    if (!std::isfinite(value)) return QStringLiteral("–");
    return QString::number(value, 'f', decimalsFor(value));
}

QString GraphOutcomeTiles::formatChange(double change) {
    if (!std::isfinite(change)) return QStringLiteral("–");
    const QString text = QString::number(change, 'f', decimalsFor(change));
    return change > 0.0 ? QStringLiteral("+") + text : text;
}

void GraphOutcomeTiles::setText(QLabel* label, const QString& text) {
    // A drag sets every tile every frame: only a new text is laid out and repainted.
    if (label->text() != text) label->setText(text);
}

void GraphOutcomeTiles::rebuild() {
    for (auto& t : tiles_) delete t.frame;
    tiles_.clear();
    const auto& figures = state_.figures();
    for (std::size_t i = 0; i < figures.size(); ++i) {
        const auto& f = figures[i];
        Tile t;
        auto* frame = new StackedLinesFrame(this);
        t.frame = frame;
        t.frame->setFrameShape(QFrame::StyledPanel);
        t.frame->setObjectName(QStringLiteral("graphTile_%1").arg(static_cast<int>(i)));
        t.title = new QLabel(f.unit.isEmpty() ? f.title : QStringLiteral("%1 [%2]").arg(f.title, f.unit), t.frame);
        t.value = new QLabel(t.frame);
        QFont big = t.value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        t.value->setFont(big);
        t.delta = new QLabel(t.frame);
        t.band = new QLabel(t.frame);
        t.trust = new QLabel(t.frame);
        QFont small = t.band->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        for (auto* l : {t.delta, t.band, t.trust}) l->setFont(small);
        t.band->setForegroundRole(QPalette::PlaceholderText);
        for (auto* l : {t.title, t.value, t.delta, t.band, t.trust}) {
            // A long band or verdict line is cut at the tile's edge rather than widening the page.
            l->setMinimumWidth(1);
            frame->addLine(l);
        }
        grid_->addWidget(t.frame, static_cast<int>(i) / columns, static_cast<int>(i) % columns);
        tiles_.push_back(t);
    }
    refresh();
}

void GraphOutcomeTiles::refresh() {
    if (!state_.isLoaded()) return;
    const auto& figures = state_.figures();
    const auto& r = state_.result();
    for (std::size_t i = 0; i < tiles_.size() && i < figures.size(); ++i) {
        const auto& f = figures[i];
        Tile& t = tiles_[i];
        showValue(t, f, GraphWhatIfState::valueOf(r.result, f), GraphWhatIfState::valueOf(r.baseline, f));
        const auto* verdict = verdictOf(state_, f);
        const QString level = !verdict ? QString()
                              : verdict->level == twinbench::TrustVerdict::Level::trusted   ? tr("trusted")
                              : verdict->level == twinbench::TrustVerdict::Level::caution   ? tr("use with care")
                              : verdict->level == twinbench::TrustVerdict::Level::not_trusted ? tr("not trusted")
                                                                                              : tr("not judged");
        const QString trustText = verdict ? tr("Model: %1").arg(level) : tr("KPI over the simulated outputs");
        if (t.trust->text() != trustText) {
            t.trust->setText(trustText);
            t.trust->setToolTip(verdict ? toQString(verdict->message) : QString());
            QPalette p = t.trust->palette();
            const QColor colour = !verdict ? p.color(QPalette::PlaceholderText)
                                  : verdict->level == twinbench::TrustVerdict::Level::trusted ? trusted_colour
                                  : verdict->level == twinbench::TrustVerdict::Level::caution ? caution_colour
                                  : verdict->level == twinbench::TrustVerdict::Level::not_trusted
                                      ? untrusted_colour
                                      : p.color(QPalette::PlaceholderText);
            p.setColor(QPalette::WindowText, colour);
            t.trust->setPalette(p);
        }
    }
    refreshBand();
}

QString GraphOutcomeTiles::formatFigure(const GraphFigure& f, double value) {
    // A count's rate is a share: shown in percent, as the furnace tiles and the report do.
    return f.kind == GraphFigure::Kind::rate ? formatValue(100.0 * value) + QStringLiteral(" %") : formatValue(value);
}

void GraphOutcomeTiles::showValue(Tile& t, const GraphFigure& f, double value, double base) {
    t.shown = value;
    setText(t.value, formatFigure(f, value));
    const bool rate = f.kind == GraphFigure::Kind::rate;
    const QString unit = rate ? QStringLiteral(" pp") : f.unit.isEmpty() ? QString() : QStringLiteral(" ") + f.unit;
    const double change = rate ? 100.0 * (value - base) : value - base;
    setText(t.delta, std::abs(value - base) <= 1e-12 * std::max(1.0, std::abs(base))
                         ? tr("= baseline")
                         : tr("%1%2 vs baseline %3").arg(formatChange(change), unit, formatFigure(f, base)));
}

void GraphOutcomeTiles::refreshBand() {
    const auto& figures = state_.figures();
    const auto& band = state_.band();
    for (std::size_t i = 0; i < tiles_.size() && i < figures.size(); ++i) {
        QString text;
        // With runs drawn the headline is their median (inside P10-P90) against the
        // baseline's median over the same draws, as `simulate --runs` and the report.
        if (band && state_.baselineMedian())
            showValue(tiles_[i], figures[i], GraphWhatIfState::valueOf(band->p50, figures[i]),
                      GraphWhatIfState::valueOf(*state_.baselineMedian(), figures[i]));
        if (band)
            text = tr("P10–P90 %1 – %2 (%3 runs)")
                       .arg(formatFigure(figures[i], GraphWhatIfState::valueOf(band->p10, figures[i])),
                            formatFigure(figures[i], GraphWhatIfState::valueOf(band->p90, figures[i])))
                       .arg(state_.monteCarloRuns());
        else
            text = state_.monteCarloRuns() > 1 ? tr("P10–P90: Monte Carlo when the controls rest") : QString();
        setText(tiles_[i].band, text);
    }
}

}  // namespace twinbench::ui
