#include "data/csv_reader.h"

#include <cstring>

namespace twinbench {

CsvReader::CsvReader(std::string_view text, char delimiter, char quote)
    : text_(text), delimiter_(delimiter), quote_(quote) {}

bool CsvReader::next(CsvRecord& record) {
    const std::size_t n = text_.size();
    if (pos_ >= n) return false;

    record.fields.clear();
    record.line = line_;
    record.unterminated_quote = false;
    record.has_nul = false;
    scratch_.clear();

    // Quoted fields are unescaped into scratch_. Views into scratch_ are only taken once
    // the record is complete, so reallocation while growing cannot invalidate them.
    struct Span {
        bool in_scratch;
        std::size_t begin, length;
    };
    thread_local std::vector<Span> spans;
    spans.clear();

    const std::size_t record_begin = pos_;
    std::size_t first_line_end = std::string_view::npos;  // where to resume after a bad quote
    std::size_t p = pos_;
    std::int64_t lines_crossed = 0;
    const char* data = text_.data();

    while (true) {
        // One field. Spaces before an opening quote are padding, not content.
        const std::size_t field_begin = p;
        std::size_t q = p;
        while (q < n && data[q] == ' ' && delimiter_ != ' ') ++q;
        if (q < n && data[q] == quote_) p = q;
        if (p < n && data[p] == quote_) {
            const std::size_t scratch_begin = scratch_.size();
            ++p;
            bool closed = false;
            while (p < n) {
                const char c = data[p];
                if (c == quote_) {
                    if (p + 1 < n && data[p + 1] == quote_) {
                        scratch_.push_back(quote_);
                        p += 2;
                        continue;
                    }
                    ++p;
                    closed = true;
                    break;
                }
                if (c == '\n' || c == '\r') {
                    if (first_line_end == std::string_view::npos) first_line_end = p;
                    ++lines_crossed;
                    // A line break inside quotes is part of the value, kept as written:
                    // CRLF stays CRLF (one line), a lone CR or LF stays itself.
                    if (c == '\r' && p + 1 < n && data[p + 1] == '\n') {
                        scratch_.append("\r\n");
                        p += 2;
                        continue;
                    }
                }
                if (c == '\0') record.has_nul = true;
                scratch_.push_back(c);
                ++p;
            }
            if (!closed) {
                // The quote never closes: reject only the line it opened on and resume
                // after it, so one stray quote cannot swallow the rest of the file.
                record.unterminated_quote = true;
                std::size_t end = first_line_end;
                if (end == std::string_view::npos) end = n;
                record.raw = text_.substr(record_begin, end - record_begin);
                record.end_line = record.line;
                pos_ = end;
                if (pos_ < n && data[pos_] == '\r') ++pos_;
                if (pos_ < n && data[pos_] == '\n') ++pos_;
                line_ = record.line + 1;
                return true;
            }
            // Text after the closing quote up to the delimiter belongs to the field.
            while (p < n && data[p] != delimiter_ && data[p] != '\n' && data[p] != '\r') {
                if (data[p] != ' ') scratch_.push_back(data[p]);
                ++p;
            }
            spans.push_back({true, scratch_begin, scratch_.size() - scratch_begin});
        } else {
            p = field_begin;
            while (p < n) {
                const char c = data[p];
                if (c == delimiter_ || c == '\n' || c == '\r') break;
                if (c == '\0') record.has_nul = true;
                ++p;
            }
            spans.push_back({false, field_begin, p - field_begin});
        }
        if (p >= n) break;
        if (data[p] == delimiter_) {
            ++p;
            if (p >= n) {  // trailing delimiter at the very end: an empty last field
                spans.push_back({false, p, 0});
                break;
            }
            continue;
        }
        break;  // line end
    }

    const std::size_t record_end = p;
    if (p < n && data[p] == '\r') ++p;
    if (p < n && data[p] == '\n') ++p;
    pos_ = p;
    line_ += 1 + lines_crossed;
    record.end_line = record.line + lines_crossed;
    record.raw = text_.substr(record_begin, record_end - record_begin);
    record.fields.reserve(spans.size());
    for (const auto& s : spans)
        record.fields.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.length)
                                              : text_.substr(s.begin, s.length));
    return true;
}

std::size_t count_fields(std::string_view line, char delimiter, char quote) {
    std::size_t fields = 1;
    bool in_quote = false;
    for (const char c : line) {
        if (c == quote)
            in_quote = !in_quote;
        else if (c == delimiter && !in_quote)
            ++fields;
    }
    return fields;
}

}  // namespace twinbench
