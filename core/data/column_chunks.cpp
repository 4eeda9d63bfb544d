#include "data/column_chunks.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/error.h"

namespace twinbench {
namespace {

template <typename T>
std::string encode(std::span<const T> values) {
    std::string bytes(values.size_bytes(), '\0');
    std::memcpy(bytes.data(), values.data(), values.size_bytes());
    if constexpr (std::endian::native == std::endian::big) {
        for (std::size_t i = 0; i < bytes.size(); i += sizeof(T))
            std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                         bytes.begin() + static_cast<std::ptrdiff_t>(i + sizeof(T)));
    }
    return bytes;
}

template <typename T>
void append(const void* blob, std::size_t bytes, std::vector<T>& out) {
    if (bytes % sizeof(T) != 0)
        throw ProjectError("project file: a column chunk has a broken length; the file is damaged");
    const std::size_t count = bytes / sizeof(T);
    const std::size_t old_size = out.size();
    out.resize(old_size + count);
    if (count == 0) return;
    std::memcpy(out.data() + old_size, blob, bytes);
    if constexpr (std::endian::native == std::endian::big) {
        auto* raw = reinterpret_cast<unsigned char*>(out.data() + old_size);
        for (std::size_t i = 0; i < bytes; i += sizeof(T)) std::reverse(raw + i, raw + i + sizeof(T));
    }
}

}  // namespace

std::string encode_chunk(std::span<const double> values) { return encode(values); }
std::string encode_chunk(std::span<const std::int32_t> codes) { return encode(codes); }
void append_chunk(const void* blob, std::size_t bytes, std::vector<double>& out) { append(blob, bytes, out); }
void append_chunk(const void* blob, std::size_t bytes, std::vector<std::int32_t>& out) { append(blob, bytes, out); }

}  // namespace twinbench
