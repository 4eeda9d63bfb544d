// Large plain UTF-8 exports are mapped from disk instead of copied into memory
// (text_decoding.h, map_threshold_bytes), with pages released behind the parser. The
// mapped path must read a file exactly as the in-memory path does: same encoding, same
// rows, values, rejected lines and notes, including a BOM, and a file that turns out not to
// be UTF-8 far past the start (then it is converted from Windows-1252 in memory).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "data/parsed_file.h"
#include "data/text_decoding.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

// Just over the threshold: a 1-minute historian with a few bad rows spread through it.
void write_export(const fs::path& file, const std::string& prefix,
                  const std::string& bad_byte_row) {
    std::ofstream out(file, std::ios::binary);
    out << prefix << "Zeit;Temperatur [°C];Zustand\n";
    char line[128];
    std::size_t bytes = 0;
    for (long i = 0; bytes < map_threshold_bytes + (1 << 20); ++i) {
        const long minute = i % 1440, day = 1 + (i / 1440) % 28, month = 1 + (i / (1440 * 28)) % 12;
        int n = 0;
        if (i % 250000 == 7)
            n = std::snprintf(line, sizeof line, "%02ld.%02ld.2024 %02ld:%02ld;kaputt;RUN\n", day,
                              month, minute / 60, minute % 60);
        else
            n = std::snprintf(line, sizeof line, "%02ld.%02ld.2024 %02ld:%02ld;%ld,%02ld;%s\n", day,
                              month, minute / 60, minute % 60, 150 + i % 40, i % 100,
                              i % 97 == 0 ? "STÖRUNG" : "RUN");
        out.write(line, n);
        bytes += static_cast<std::size_t>(n);
    }
    out << bad_byte_row;
}

void expect_same_parse(const fs::path& file) {
    ParseOptions options;
    options.time_zone = "Europe/Berlin";
    const DecodedText mapped_text = read_text_file(file);
    ASSERT_TRUE(mapped_text.mapped || mapped_text.encoding == "Windows-1252")
        << mapped_text.encoding;
    const ParsedFile mapped = parse_file(file, options);
    const ParsedFile in_memory = parse_decoded_text(
        decode_text(test::read_bytes(file), file.string()), file.string(), options);

    EXPECT_EQ(mapped.info.encoding, in_memory.info.encoding);
    EXPECT_EQ(mapped.info.delimiter, in_memory.info.delimiter);
    EXPECT_EQ(mapped.info.decimal_mark, in_memory.info.decimal_mark);
    ASSERT_EQ(mapped.table.row_count(), in_memory.table.row_count());
    EXPECT_GT(mapped.table.row_count(), 800000u);
    ASSERT_EQ(mapped.table.columns.size(), in_memory.table.columns.size());
    for (std::size_t c = 0; c < mapped.table.columns.size(); ++c) {
        const auto& a = mapped.table.columns[c];
        const auto& b = in_memory.table.columns[c];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.type, b.type);
        EXPECT_EQ(a.levels, b.levels);
        EXPECT_EQ(a.codes, b.codes);
        ASSERT_EQ(a.values.size(), b.values.size());
        for (std::size_t r = 0; r < a.values.size(); ++r)
            if (!(a.values[r] == b.values[r] ||
                  (std::isnan(a.values[r]) && std::isnan(b.values[r]))))
                FAIL() << a.name << " row " << r << ": " << a.values[r] << " vs " << b.values[r];
    }
    EXPECT_EQ(mapped.row_lines, in_memory.row_lines);
    ASSERT_EQ(mapped.rejected.size(), in_memory.rejected.size());
    EXPECT_FALSE(mapped.rejected.empty());
    for (std::size_t i = 0; i < mapped.rejected.size(); ++i) {
        EXPECT_EQ(mapped.rejected[i].line, in_memory.rejected[i].line);
        EXPECT_EQ(mapped.rejected[i].reason, in_memory.rejected[i].reason);
        EXPECT_EQ(mapped.rejected[i].raw, in_memory.rejected[i].raw);
    }
    ASSERT_EQ(mapped.notes.size(), in_memory.notes.size());
    for (std::size_t i = 0; i < mapped.notes.size(); ++i)
        EXPECT_EQ(mapped.notes[i].message, in_memory.notes[i].message);
}

TEST(MappedText, Utf8WithBomReadsAsInMemory) {
    TempDir dir;
    const auto file = dir / "historian_bom.csv";
    write_export(file, "\xEF\xBB\xBF", "");
    ASSERT_TRUE(read_text_file(file).mapped);
    EXPECT_EQ(read_text_file(file).encoding, "UTF-8 with BOM");
    expect_same_parse(file);
}

TEST(MappedText, NotUtf8FarDownIsConvertedAsInMemory) {
    TempDir dir;
    const auto file = dir / "historian_1252.csv";
    // 0xD6 alone ('Ö' in Windows-1252) after 65 MB of valid UTF-8.
    write_export(file, "", "28.12.2024 23:59;151,00;ST\xD6RUNG\n");
    const auto decoded = read_text_file(file);
    EXPECT_FALSE(decoded.mapped);
    EXPECT_EQ(decoded.encoding, "Windows-1252");
    expect_same_parse(file);
}

}  // namespace
}  // namespace twinbench
