// Record-by-record tokenizer for delimited text (RFC 4180 plus what plants produce: CR,
// LF or CRLF line ends, quoted fields with embedded delimiters, doubled quotes and line
// breaks). Field views point into the text or into a per-record scratch buffer; both stay
// valid until the next call to next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace twinbench {

struct CsvRecord {
    std::int64_t line = 0;      // 1-based physical line where the record starts
    std::int64_t end_line = 0;  // physical line where it ends (> line for embedded breaks)
    std::vector<std::string_view> fields;
    std::string_view raw;  // the record's text without its line end
    bool unterminated_quote = false;  // a quote opened on `line` never closed
    bool has_nul = false;             // the record contains NUL bytes
    bool blank() const { return raw.find_first_not_of(" \t") == std::string_view::npos; }
};

class CsvReader {
public:
    CsvReader(std::string_view text, char delimiter, char quote = '"');

    // Reads the next record; false at the end of the text.
    bool next(CsvRecord& record);
    // Byte offset of the next record, for progress.
    std::size_t position() const { return pos_; }
    std::size_t size() const { return text_.size(); }
    void rewind_to(std::size_t position, std::int64_t line) {
        pos_ = position;
        line_ = line;
    }
    std::int64_t line() const { return line_; }

private:
    std::string_view text_;
    char delimiter_;
    char quote_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
    std::string scratch_;
};

// Splits one line into fields (quote-aware), for dialect sniffing.
std::size_t count_fields(std::string_view line, char delimiter, char quote = '"');

}  // namespace twinbench
