// Fuzz target: bytes of an export file -> decode_text -> parse_decoded_text, as the
// importer does for every file (all dialects: delimiters, decimal marks, encodings,
// gzip, timestamps in Europe/Berlin with DST). twinbench::Error and Cancelled are the
// expected answers to bad input; a crash, sanitizer report, other exception or broken
// invariant is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.h"
#include "data/parsed_file.h"
#include "data/text_decoding.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        twinbench::DecodedText decoded = twinbench::decode_text(std::move(bytes), "fuzz.csv");
        twinbench::ParseOptions options;
        options.time_zone = "Europe/Berlin";
        const twinbench::ParsedFile parsed =
            twinbench::parse_decoded_text(std::move(decoded), "fuzz.csv", options);

        const std::size_t rows = parsed.table.row_count();
        for (const auto& column : parsed.table.columns) {
            TWINBENCH_FUZZ_CHECK(column.size() == rows);
            if (column.type == twinbench::ColumnType::categorical) {
                for (const auto code : column.codes)
                    TWINBENCH_FUZZ_CHECK(code == twinbench::missing_code ||
                                         (code >= 0 && static_cast<std::size_t>(code) < column.levels.size()));
            }
        }
        TWINBENCH_FUZZ_CHECK(parsed.table.time_s.empty() || parsed.table.time_s.size() == rows);
        TWINBENCH_FUZZ_CHECK(parsed.row_lines.size() == rows);
        for (std::size_t i = 0; i < parsed.row_lines.size(); ++i) {
            TWINBENCH_FUZZ_CHECK(parsed.row_lines[i] >= 1);
            if (i > 0) TWINBENCH_FUZZ_CHECK(parsed.row_lines[i] > parsed.row_lines[i - 1]);
        }
        for (const auto& rejected : parsed.rejected) {
            TWINBENCH_FUZZ_CHECK(rejected.line >= 1);
            TWINBENCH_FUZZ_CHECK(rejected.raw.size() <= 4 * 1000 + 16);  // cut to 1,000 characters
        }
        TWINBENCH_FUZZ_CHECK(parsed.info.rows_read == rows);
        TWINBENCH_FUZZ_CHECK(parsed.info.rows_rejected == parsed.rejected.size());
    } catch (const twinbench::Error&) {
        // bad input, reported with file and line: expected
    } catch (const twinbench::Cancelled&) {
        // no progress callback here, but allowed by the contract
    }
    return 0;
}
