// The audit score as a large number with a traffic-light colour: the first thing an
// engineer reads before trusting a dataset.
#pragma once

#include <QWidget>

namespace twinbench::ui {

class ScoreBadge : public QWidget {
    Q_OBJECT

public:
    explicit ScoreBadge(QWidget* parent = nullptr);

    // NaN clears the badge.
    void setScore(double score);
    double score() const { return score_; }
    QString text() const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double score_;
};

}  // namespace twinbench::ui
