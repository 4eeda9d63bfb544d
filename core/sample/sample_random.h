// Random numbers for the reference plant that give the same values on every platform.
//
// The standard engines (std::mt19937_64) are specified bit for bit, but the standard
// distributions (std::normal_distribution, std::uniform_real_distribution, ...) are not:
// libstdc++, libc++ and MSVC return different numbers for the same engine state. So the
// generator only takes raw 64-bit words from the engine and turns them into variates
// with the fixed formulas below (53-bit uniforms, Box-Muller normals, inverse-CDF
// exponentials, Bernoulli sums for binomials).
//
// Two kinds of source:
//  - RandomStream: a sequential std::mt19937_64 for the exogenous inputs and the export
//    (each purpose gets its own stream id, so adding draws to one purpose does not move
//    the numbers of another);
//  - counter_*(): a stateless hash of (seed, stream, index, sub) for the plant
//    simulation, so that the noise of step i and the uniform of part k in step i do not
//    depend on how many numbers earlier steps consumed. A what-if run with other
//    controls then sees the same noise (common random numbers) and differs only
//    through the physics.
//
// Remaining platform dependence: std::log/std::cos/std::exp may differ in the last ulp
// between C libraries, which can change a printed last digit with negligible probability.
#pragma once

#include <cstdint>
#include <random>

namespace twinbench::sample {

// SplitMix64 finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer.
std::uint64_t mix64(std::uint64_t x);

// Seed of an independent stream derived from the user seed and a purpose id.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream_id);

// Uniform double in [0, 1) from the top 53 bits of a word.
double to_unit(std::uint64_t word);

class RandomStream {
public:
    RandomStream(std::uint64_t seed, std::uint64_t stream_id);

    std::uint64_t next_word() { return engine_(); }
    // [0, 1)
    double uniform() { return to_unit(engine_()); }
    // (0, 1]: safe for log().
    double uniform_positive() { return 1.0 - uniform(); }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    // Integer in [low, high] (inclusive).
    std::int64_t uniform_int(std::int64_t low, std::int64_t high);
    bool bernoulli(double p) { return uniform() < p; }
    // Box-Muller; uses two uniforms and returns one variate (no cached state).
    double normal();
    double normal(double mean, double sd) { return mean + sd * normal(); }
    // Inverse CDF.
    double exponential(double mean);
    // exp(N(log(median), sigma)).
    double lognormal(double median, double sigma);
    // Index i with probability weights[i] / sum(weights).
    int categorical(const double* weights, int count);

private:
    std::mt19937_64 engine_;
};

// Stateless counter-based draws: the same (seed, stream, index, sub) always gives the
// same number, independent of any other draw.
std::uint64_t counter_word(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                           std::uint64_t sub);
double counter_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                       std::uint64_t sub);
// Standard normal via Box-Muller from the two uniforms (sub*2, sub*2+1).
double counter_normal(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                      std::uint64_t sub = 0);

// Stream ids: fixed forever, because changing one changes every generated file.
namespace streams {
inline constexpr std::uint64_t ambient = 0x101;
inline constexpr std::uint64_t humidity = 0x102;
inline constexpr std::uint64_t batches = 0x103;
inline constexpr std::uint64_t controls = 0x104;
inline constexpr std::uint64_t stops = 0x105;
inline constexpr std::uint64_t initial_state = 0x106;
inline constexpr std::uint64_t thermocouple = 0x201;
inline constexpr std::uint64_t ambient_sensor = 0x202;
inline constexpr std::uint64_t humidity_sensor = 0x203;
inline constexpr std::uint64_t part_defect = 0x204;
inline constexpr std::uint64_t energy_meter = 0x205;
inline constexpr std::uint64_t defects = 0x301;
inline constexpr std::uint64_t dropouts = 0x302;
inline constexpr std::uint64_t manual_checks = 0x303;
inline constexpr std::uint64_t maintenance_text = 0x304;
inline constexpr std::uint64_t physics = 0x401;  // the constants of a perturbed plant
}  // namespace streams

}  // namespace twinbench::sample
