// The smaller files of the sample plant, each in the shape a plant would export it:
// sparse manual core-temperature checks, the maintenance log (Windows-1252), the batch
// list and the hidden truth series. The historian and its planted defects are in
// plant_export.cpp.
#pragma once

#include <cstdint>
#include <filesystem>

#include "sample/historian_style.h"
#include "sample/plant_inputs.h"
#include "sample/plant_truth.h"
#include "sample/reference_plant.h"
#include "sample/sample_clock.h"

namespace twinbench::sample {

struct WrittenFile {
    std::int64_t rows = 0;  // data rows, header excluded
    std::uintmax_t bytes = 0;
};

// manual_checks.csv: `Time,Core temperature (degC),Operator,Comment`; comma, UTF-8
// without BOM, LF, ISO 8601 with offset. About one check a day at a random time in the
// day shift (06:00-14:00 local) while the line runs; value = true core temperature +
// N(0, manual_check_noise_sd), one decimal.
WrittenFile write_manual_checks(const std::filesystem::path& path, const PlantTruth& truth,
                                const PlantRun& run, const LocalClock& clock, int days,
                                std::uint64_t seed);

// maintenance_log.csv: `Start;Ende;Art;Bemerkung`; semicolon, Windows-1252, CRLF,
// dd.mm.yyyy HH:MM local. Every maintenance (Art "Wartung") and every unplanned stop
// of 20 minutes or more (Art "Störung"); shorter stops are not logged, as on the shop
// floor.
WrittenFile write_maintenance_log(const std::filesystem::path& path, const PlantRun& run,
                                  const LocalClock& clock, std::uint64_t seed);

// batches.csv: `Batch start,Batch,Material grade`; comma, UTF-8, LF, local time
// "yyyy-mm-dd HH:MM" without offset. German style (chargen.csv):
// `Chargenbeginn;Charge;Materialsorte`; semicolon, CRLF, "dd.mm.yyyy HH:MM" local.
WrittenFile write_batches(const std::filesystem::path& path, const PlantRun& run,
                          const LocalClock& clock, ExportStyle style = ExportStyle::standard);

// truth_series.csv: `Time (UTC),Furnace temperature true (degC),Core temperature true
// (degC),Defect probability,Conveyor wear (%),Line state`; comma, decimal point, LF.
WrittenFile write_truth_series(const std::filesystem::path& path, const PlantRun& run);

}  // namespace twinbench::sample
