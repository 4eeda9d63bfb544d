// Number and CSV text helpers for the sample writer. Hand-rolled instead of
// printf/iostreams because the output must not depend on the C locale (decimal comma
// is chosen explicitly) and because about two million cells are written per sample.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace twinbench::sample {

// Fixed-point with the given decimals and decimal separator; rounds half away from
// zero on the binary value; never prints "-0,00". NaN appends nothing (an empty cell).
void append_fixed(std::string& out, double value, int decimals, char decimal_point);
void append_int(std::string& out, std::int64_t value);

// RFC 4180 quoting when the field holds the delimiter, a quote or a line break.
void append_csv_field(std::string& out, std::string_view field, char delimiter);

// Writes the bytes exactly (binary mode). Throws twinbench::ProjectError on failure.
void write_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace twinbench::sample
