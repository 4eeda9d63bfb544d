// Turns the bytes of an export file into UTF-8 text: gzip is inflated, BOMs are removed,
// UTF-16 (with or without BOM) and Windows-1252 are converted. Binary files are refused
// with the byte offset of the evidence, so the engineer knows it is not a text export.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "common/progress.h"

namespace twinbench {

class MappedText;

struct DecodedText {
    std::string text;      // UTF-8, without BOM; empty when `mapped` holds the bytes
    std::string encoding;  // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252"
    bool gzip = false;
    bool bom_missing = false;  // UTF-16 recognised from its NUL bytes, without a BOM
    // A large plain UTF-8 file is not copied into memory but mapped from disk (a
    // 10,000,000-row export is most of a gigabyte of text).
    std::shared_ptr<MappedText> mapped;

    // The UTF-8 text, wherever it lives.
    std::string_view view() const;
    // The caller is done with the bytes before `offset` of view() for now: a mapped file's
    // pages there leave this process's memory (read again from disk if a later pass needs
    // them). No effect on text held in `text`.
    void release_before(std::size_t offset) const;
};

// Reads and decodes a whole file. Throws BadInputError naming the file when it cannot be
// opened, is empty, is a truncated/corrupt gzip or is binary. Plain UTF-8 files (with or
// without BOM) of map_threshold_bytes and more are mapped, not read into memory.
inline constexpr std::size_t map_threshold_bytes = std::size_t{64} << 20;
// `progress` (optional) is asked between the blocks of a large file's UTF-8 check, with
// fraction 0: returning false throws Cancelled, so a GUI cancel lands before parsing.
// `encoding` (--encoding) replaces the detection: any name iconv knows ("windows-1255",
// "cp1255", "ISO-8859-8", "UTF-16LE", "UTF-8"...); an unknown name throws UsageError, bytes
// that are not valid in it throw BadInputError with their line and byte offset.
DecodedText read_text_file(const std::filesystem::path& path,
                           const ProgressCallback& progress = {},
                           const std::string& encoding = {});

// Decoding of bytes already in memory (used by read_text_file and the fuzz targets).
DecodedText decode_text(std::string bytes, const std::string& file_name);
// The same in the encoding the engineer named (see read_text_file).
DecodedText decode_text_as(std::string bytes, const std::string& file_name, const std::string& encoding);

bool is_valid_utf8(std::string_view bytes);
std::string windows1252_to_utf8(std::string_view bytes);

}  // namespace twinbench
