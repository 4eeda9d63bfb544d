#include "ui/whatif/envelope_slider.h"

#include <algorithm>
#include <cmath>

#include <QPainter>
#include <QSignalBlocker>
#include <QStyle>
#include <QStyleOptionSlider>

namespace twinbench::ui {
namespace {
constexpr int band_height = 5;
}

EnvelopeSlider::EnvelopeSlider(QWidget* parent)
    : QSlider(Qt::Horizontal, parent), min_(NAN), p01_(NAN), median_(NAN), p99_(NAN), max_(NAN) {
    setRange(0, steps);
    setSingleStep(5);
    setPageStep(50);
    setFocusPolicy(Qt::StrongFocus);
}

void EnvelopeSlider::setValueRange(double low, double high) {
    low_ = low;
    high_ = high > low ? high : low + 1.0;
    update();
}

void EnvelopeSlider::setEnvelope(double min, double p01, double median, double p99, double max) {
    min_ = min, p01_ = p01, median_ = median, p99_ = p99, max_ = max;
    update();
}

bool EnvelopeSlider::hasEnvelope() const {
    return std::isfinite(min_) && std::isfinite(max_);
}

double EnvelopeSlider::valueAt(int position) const {
    return low_ + (high_ - low_) * position / double(steps);
}

int EnvelopeSlider::positionOf(double v) const {
    if (!std::isfinite(v)) return steps;
    return std::clamp(static_cast<int>(std::lround((v - low_) / (high_ - low_) * steps)), 0, steps);
}

double EnvelopeSlider::physicalValue() const {
    return valueAt(value());
}

void EnvelopeSlider::setPhysicalValue(double v) {
    const QSignalBlocker block(this);
    setValue(positionOf(v));
}

int EnvelopeSlider::pixelOf(double v) const {
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove =
        style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const QRect handle =
        style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    const int span = groove.width() - handle.width();
    const double t = std::clamp((v - low_) / (high_ - low_), 0.0, 1.0);
    return groove.left() + handle.width() / 2 + static_cast<int>(std::lround(t * span));
}

QSize EnvelopeSlider::sizeHint() const {
    QSize s = QSlider::sizeHint();
    s.setHeight(s.height() + band_height + 3);
    return s;
}

void EnvelopeSlider::paintEvent(QPaintEvent* event) {
    QSlider::paintEvent(event);
    if (!hasEnvelope()) return;
    QPainter p(this);
    const int y = height() - band_height - 1;
    const QColor accent = palette().color(QPalette::Highlight);
    QColor light = accent;
    light.setAlpha(70);
    QColor dark = accent;
    dark.setAlpha(170);
    const auto band = [&](double a, double b, const QColor& colour) {
        if (!std::isfinite(a) || !std::isfinite(b)) return;
        const int x0 = pixelOf(a), x1 = pixelOf(b);
        p.fillRect(QRect(QPoint(x0, y), QPoint(std::max(x1, x0 + 1), y + band_height - 1)), colour);
    };
    band(min_, max_, light);
    band(p01_, p99_, dark);
    if (std::isfinite(median_)) {
        p.setPen(QPen(palette().color(QPalette::Text), 2));
        const int x = pixelOf(median_);
        p.drawLine(x, y - 2, x, y + band_height);
    }
}

}  // namespace twinbench::ui
