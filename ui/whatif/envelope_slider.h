// A slider over a control's value range that shows, under its groove, where the plant
// has operated: the data's min-max as a light band, p01-p99 darker, the median as a tick.
// A value outside the band is an extrapolation of the models, which the row around it
// says in words; the band lets the eye see it before reading.
#pragma once

#include <QSlider>

namespace twinbench::ui {

class EnvelopeSlider : public QSlider {
    Q_OBJECT

  public:
    static constexpr int steps = 1000;  // integer slider positions over [low, high]

    explicit EnvelopeSlider(QWidget* parent = nullptr);

    void setValueRange(double low, double high);
    double low() const { return low_; }
    double high() const { return high_; }
    // NaN values: no band (no record of this control in the data).
    void setEnvelope(double min, double p01, double median, double p99, double max);
    bool hasEnvelope() const;

    double physicalValue() const;
    // Moves the handle without emitting valueChanged.
    void setPhysicalValue(double v);
    int positionOf(double v) const;
    double valueAt(int position) const;
    // Pixel x of a value along the groove (for tests and the band).
    int pixelOf(double v) const;

    QSize sizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    double low_ = 0.0, high_ = 1.0;
    double min_, p01_, median_, p99_, max_;
};

}  // namespace twinbench::ui
