#include "sample/sample_random.h"

#include <cmath>
#include <numbers>

namespace twinbench::sample {

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream_id) {
    // Two rounds so that neighbouring seeds and neighbouring stream ids land far apart.
    return mix64(mix64(seed) ^ (stream_id * 0xD1B54A32D192ED03ULL));
}

double to_unit(std::uint64_t word) {
    return static_cast<double>(word >> 11) * 0x1.0p-53;
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t stream_id)
    : engine_(derive_seed(seed, stream_id)) {}

std::int64_t RandomStream::uniform_int(std::int64_t low, std::int64_t high) {
    if (high <= low) {
        return low;
    }
    const double span = static_cast<double>(high - low + 1);
    auto offset = static_cast<std::int64_t>(std::floor(uniform() * span));
    if (offset > high - low) {
        offset = high - low;
    }
    return low + offset;
}

double RandomStream::normal() {
    const double u1 = uniform_positive();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomStream::exponential(double mean) {
    return -mean * std::log(uniform_positive());
}

double RandomStream::lognormal(double median, double sigma) {
    return median * std::exp(sigma * normal());
}

int RandomStream::categorical(const double* weights, int count) {
    double total = 0.0;
    for (int i = 0; i < count; ++i) {
        total += weights[i];
    }
    double u = uniform() * total;
    for (int i = 0; i < count; ++i) {
        if (u < weights[i]) {
            return i;
        }
        u -= weights[i];
    }
    return count - 1;
}

std::uint64_t counter_word(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                           std::uint64_t sub) {
    std::uint64_t h = derive_seed(seed, stream);
    h = mix64(h ^ (index * 0x9E3779B97F4A7C15ULL));
    h = mix64(h ^ (sub * 0xC2B2AE3D27D4EB4FULL + 0x165667B19E3779F9ULL));
    return h;
}

double counter_uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                       std::uint64_t sub) {
    return to_unit(counter_word(seed, stream, index, sub));
}

double counter_normal(std::uint64_t seed, std::uint64_t stream, std::uint64_t index,
                      std::uint64_t sub) {
    const double u1 = 1.0 - counter_uniform(seed, stream, index, 2 * sub);
    const double u2 = counter_uniform(seed, stream, index, 2 * sub + 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace twinbench::sample
