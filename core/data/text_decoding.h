// Turns the bytes of an export file into UTF-8 text: gzip is inflated, BOMs are removed,
// UTF-16 (with or without BOM) and Windows-1252 are converted. Binary files are refused
// with the byte offset of the evidence, so the engineer knows it is not a text export.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace twinbench {

struct DecodedText {
    std::string text;      // UTF-8, without BOM
    std::string encoding;  // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252"
    bool gzip = false;
    bool bom_missing = false;  // UTF-16 recognised from its NUL bytes, without a BOM
};

// Reads and decodes a whole file. Throws BadInputError naming the file when it cannot be
// opened, is empty, is a truncated/corrupt gzip or is binary.
DecodedText read_text_file(const std::filesystem::path& path);

// Decoding of bytes already in memory (used by read_text_file and the fuzz targets).
DecodedText decode_text(std::string bytes, const std::string& file_name);

bool is_valid_utf8(std::string_view bytes);
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace twinbench
