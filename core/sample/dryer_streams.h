// Random stream ids of the reference spray dryer (see sample_random.h for the two kinds
// of source). Fixed forever, because changing one changes every generated file; kept
// apart from the furnace's ids (0x1xx-0x4xx) so neither template moves the other.
#pragma once

#include <cstdint>

namespace twinbench::sample::dryer_streams {

// Sequential streams for the exogenous inputs.
inline constexpr std::uint64_t ambient = 0x601;
inline constexpr std::uint64_t humidity = 0x602;
inline constexpr std::uint64_t feed_tanks = 0x603;
inline constexpr std::uint64_t controls = 0x604;
inline constexpr std::uint64_t lab_schedule = 0x605;

// Counter-based streams of the simulation, keyed by step (sensors), bagging interval
// and bag (off-spec draws) or lab sample index: common random numbers across what-ifs.
inline constexpr std::uint64_t outlet_sensor = 0x701;
inline constexpr std::uint64_t solids_sensor = 0x702;
inline constexpr std::uint64_t humidity_sensor = 0x703;
inline constexpr std::uint64_t ambient_sensor = 0x704;
inline constexpr std::uint64_t gas_meter = 0x705;
inline constexpr std::uint64_t bag_offspec = 0x706;
inline constexpr std::uint64_t lab_moisture = 0x707;

// The export.
inline constexpr std::uint64_t defects = 0x801;

}  // namespace twinbench::sample::dryer_streams
