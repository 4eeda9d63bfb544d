// Files the corpus test builds at run time (tests/data/README.md "Generated files"), the
// SHA-256 that checks them against make_corpus.py's, and the SQLite page arithmetic behind
// the damaged-project recipes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twinbench::test {

// SHA-256 (FIPS 180-4), for an informative check that a generated file equals make_corpus.py's.

class Sha256 {
  public:
    static std::string hex(std::string_view data) {
        Sha256 h;
        h.update(data);
        return h.finish();
    }

  private:
    static constexpr std::array<std::uint32_t, 64> k = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t used_ = 0;
    std::uint64_t length_ = 0;

    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress(const unsigned char* p) {
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 |
                   std::uint32_t(p[4 * i + 2]) << 8 | std::uint32_t(p[4 * i + 3]);
        for (int i = 16; i < 64; ++i) {
            const auto s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const auto s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = h_;
        for (int i = 0; i < 64; ++i) {
            const auto t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            const auto t2 =
                (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g,
            h_[7] += h;
    }

    void update(std::string_view data) {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data());
        std::size_t n = data.size();
        length_ += n;
        if (used_ > 0) {
            const std::size_t take = std::min(n, 64 - used_);
            std::memcpy(block_.data() + used_, p, take);
            used_ += take, p += take, n -= take;
            if (used_ < 64) return;
            compress(block_.data());
            used_ = 0;
        }
        for (; n >= 64; p += 64, n -= 64) compress(p);
        std::memcpy(block_.data(), p, n);
        used_ = n;
    }

    std::string finish() {
        const std::uint64_t bits = length_ * 8;
        const unsigned char pad = 0x80;
        update(std::string_view(reinterpret_cast<const char*>(&pad), 1));
        const unsigned char zero = 0;
        while (used_ != 56) update(std::string_view(reinterpret_cast<const char*>(&zero), 1));
        std::array<unsigned char, 8> len{};
        for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
        update(std::string_view(reinterpret_cast<const char*>(len.data()), 8));
        std::string out;
        char buffer[9];
        for (const auto v : h_) {
            std::snprintf(buffer, sizeof buffer, "%08x", v);
            out += buffer;
        }
        return out;
    }
};

// The bytes of a generated corpus file, from its manifest "generate" object.
std::string generate_csv(const nlohmann::json& generate);

struct PageInfo {
    std::size_t page_size = 0;
    std::size_t page_count = 0;
};
// Page size and count from an SQLite file's header.
PageInfo read_page_info(const std::string& bytes);
// "ok" or what PRAGMA quick_check (or opening) reported; read-only.
std::string quick_check(const std::filesystem::path& file);

// Runs SQL on a project file with the plain SQLite API (no Twinbench checks), as somebody
// editing the file by hand would; "" or SQLite's error. -wal/-shm are checkpointed away.
std::string run_sql_on_file(const std::filesystem::path& file, const std::string& sql);

}  // namespace twinbench::test
