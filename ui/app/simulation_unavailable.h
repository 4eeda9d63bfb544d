// Why the What-if and Scenarios pages have no simulation, and what to do about it, in the
// words of the pages (Project page, Models page), not of the command line: the engine's
// advice ("map a column to speed with --map speed=COLUMN") is for twinbench-cli users.
#pragma once

#include <QString>

namespace twinbench::ui {

// The engine's load error of `dataset` (empty when the load did not fail, e.g. it is still
// running or no dataset is open) as a message for the banner.
QString simulationUnavailable(const QString& dataset, const QString& engineMessage,
                              bool loading = false);

}  // namespace twinbench::ui
