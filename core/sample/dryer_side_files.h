// The smaller files of the dryer sample, each in the shape a dairy's systems export it:
// the lab's moisture results, the bagging line's 15-minute counts, and the hidden truth
// series. The historian and its planted defects are in dryer_export.cpp.
#pragma once

#include <filesystem>
#include <string>

#include "sample/dryer_plant.h"
#include "sample/sample_clock.h"
#include "sample/sample_file_info.h"

namespace twinbench::sample {

// lab_moisture.csv: `Sample time,Residual moisture [%]`; comma, UTF-8 without BOM, LF,
// ISO 8601 local time with offset; value = true moisture + lab error, 2 decimals.
SampleFileInfo write_dryer_lab_file(const std::filesystem::path& dir, const DryerRun& run,
                                    const LocalClock& clock);

// bagging_15min.csv: `Interval start,Bags filled [count],Bags off-spec [count]`; comma,
// UTF-8, LF, ISO 8601 local time with offset of the interval's start (stamped_at_end:
// `Interval end,...` and the time of its end).
SampleFileInfo write_dryer_bagging_file(const std::filesystem::path& dir, const DryerRun& run,
                                        const LocalClock& clock, bool stamped_at_end = false);

// truth/truth_series.csv (per step) and truth/truth_bagging.csv (per bagging interval):
// comma, decimal point, LF, UTC times.
SampleFileInfo write_dryer_truth_series(const std::filesystem::path& dir, const DryerRun& run);
SampleFileInfo write_dryer_truth_bagging(const std::filesystem::path& dir, const DryerRun& run);

}  // namespace twinbench::sample
