// Conversion to UTF-8 from an encoding the engineer names (--encoding), for the exports the
// detection cannot tell apart: a Hebrew cp1255 file is valid Windows-1252 byte for byte.
// iconv does the converting (glibc's on Linux, GNU libiconv from vcpkg on Windows).
#pragma once

#include <string>
#include <string_view>

namespace twinbench {

// Throws UsageError (exit 2) when iconv does not know the name.
void check_encoding_name(const std::string& encoding);

// The bytes as UTF-8. Throws UsageError for an unknown name and BadInputError naming the
// file, the line and the byte offset of the first byte that is not valid in the encoding.
std::string convert_to_utf8(std::string_view bytes, const std::string& encoding,
                            const std::string& file_name);

// Byte offset of the first byte that is not UTF-8, bytes.size() when all of it is.
std::size_t first_invalid_utf8(std::string_view bytes);

}  // namespace twinbench
