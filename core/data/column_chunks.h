// Column values as stored in the project: contiguous little-endian arrays, one blob per
// chunk of rows, so reading back is a memcpy per chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace twinbench {

inline constexpr std::size_t rows_per_chunk = 65536;

std::string encode_chunk(std::span<const double> values);
std::string encode_chunk(std::span<const std::int32_t> codes);
// Append the decoded values of a blob; the blob's size must be a multiple of the value size.
void append_chunk(const void* blob, std::size_t bytes, std::vector<double>& out);
void append_chunk(const void* blob, std::size_t bytes, std::vector<std::int32_t>& out);

}  // namespace twinbench
