// Keeps a small plot's words apart (issue 15 fault 8: at 1280x720 the profiler's axis
// labels ran together): after each layout every axis label is shortened (with "…") to
// its axis' length, an axis gets no more ticks than its widest tick label lets fit, and a
// grid cell keeps room on its right for the half tick label that reaches past its end,
// so neighbouring cells' labels do not touch. What changes is redrawn once more; the full
// texts are restored when the plot grows again.
#pragma once

class QCustomPlot;

namespace twinbench::ui {

void keepAxisWordsApart(QCustomPlot* plot);

}  // namespace twinbench::ui
