// The engine's series as QCustomPlot takes them.
#pragma once

#include <vector>

#include <QVector>

namespace twinbench::ui {

inline QVector<double> toQVector(const std::vector<double>& values) {
    return QVector<double>(values.begin(), values.end());
}

}  // namespace twinbench::ui
