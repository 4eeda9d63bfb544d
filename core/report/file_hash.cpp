#include "report/file_hash.h"

#include <array>
#include <fstream>
#include <memory>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "common/error.h"
#include "common/utf8_path.h"

namespace twinbench::report {
namespace {

struct DigestContext {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    DigestContext() {
        if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
            throw ProjectError("SHA-256 is not available from libcrypto");
    }
    void update(const void* data, std::size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
    std::string hex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        unsigned int length = 0;
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
        std::string out;
        for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
        return out;
    }
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    DigestContext d;
    d.update(bytes.data(), bytes.size());
    return d.hex();
}

std::string sha256_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ProjectError("cannot read " + utf8_path_string(path) + " to hash it");
    DigestContext d;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        if (in.gcount() > 0) d.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw ProjectError("cannot read " + utf8_path_string(path) + " to hash it");
    return d.hex();
}

}  // namespace twinbench::report
