#include "data/text_decoding.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/named_encoding.h"

namespace twinbench {

// A file mapped read-only. The parser reads it front to back (several passes at most), so
// pages behind the reader are handed back to the OS as it goes: resident memory stays a
// few megabytes however large the file, and the kernel re-reads a page if a pass needs it.
class MappedText {
  public:
#ifndef _WIN32
    // nullptr when the file cannot be mapped; the caller then reads it into memory.
    static std::shared_ptr<MappedText> map(const std::filesystem::path& path, std::size_t size) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return nullptr;
        void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (data == MAP_FAILED) return nullptr;
        ::madvise(data, size, MADV_SEQUENTIAL);
        return std::shared_ptr<MappedText>(new MappedText(static_cast<const char*>(data), size));
    }
    ~MappedText() {
        ::munmap(const_cast<char*>(data_), size_);
    }
#endif
    MappedText(const MappedText&) = delete;
    MappedText& operator=(const MappedText&) = delete;

    std::string_view bytes() const {
        return {data_, size_};
    }
    std::string_view text() const {
        return bytes().substr(begin_);
    }
    void skip_prefix(std::size_t bytes) {
        begin_ = bytes;
    }

    void release_before(std::size_t text_offset) {
#ifndef _WIN32
        static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        const std::size_t end = std::min(begin_ + text_offset, size_) / page * page;
        if (end < released_to_) released_to_ = 0;  // a new pass started over: its pages count again
        if (end > released_to_)
            ::madvise(const_cast<char*>(data_) + released_to_, end - released_to_, MADV_DONTNEED);
        released_to_ = end;
#else
        (void)text_offset;
#endif
    }

  private:
    MappedText(const char* data, std::size_t size) : data_(data), size_(size) {}
    const char* data_;
    std::size_t size_;
    std::size_t begin_ = 0;
    std::size_t released_to_ = 0;
};

std::string_view DecodedText::view() const {
    return mapped ? mapped->text() : std::string_view(text);
}

void DecodedText::release_before(std::size_t offset) const {
    if (mapped) mapped->release_before(offset);
}

namespace {

// Windows-1252 differs from Latin-1 only in 0x80..0x9F; undefined slots map to U+FFFD.
constexpr std::array<char32_t, 32> cp1252_high = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size() / 2 + bytes.size() / 8);
    const std::size_t units = bytes.size() / 2;
    auto unit_at = [&](std::size_t i) -> char32_t {
        const auto b0 = static_cast<unsigned char>(bytes[2 * i]);
        const auto b1 = static_cast<unsigned char>(bytes[2 * i + 1]);
        return little_endian ? (char32_t(b1) << 8 | b0) : (char32_t(b0) << 8 | b1);
    };
    for (std::size_t i = 0; i < units; ++i) {
        char32_t cp = unit_at(i);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < units) {
            const char32_t low = unit_at(i + 1);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;  // unpaired surrogate
        }
        append_utf8(out, cp);
    }
    return out;
}

std::string fmt_hex(unsigned char byte) {
    constexpr char digits[] = "0123456789ABCDEF";
    return {digits[byte >> 4], digits[byte & 0x0F]};
}

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
           static_cast<unsigned char>(bytes[1]) == 0x8B;
}

std::string gunzip(std::string_view bytes, const std::string& file_name) {
    z_stream stream{};
    // 16 + MAX_WBITS: expect a gzip header; concatenated members are handled below.
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)
        throw BadInputError({file_name, 0, 0}, "cannot start gzip decompression");
    std::string out;
    out.reserve(bytes.size() * 4);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    std::array<char, 1 << 16> buffer{};
    int status = Z_OK;
    while (true) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) break;
            inflateReset(&stream);  // another gzip member follows
            continue;
        }
        if (status != Z_OK) break;
        if (stream.avail_in == 0 && stream.avail_out != 0) {
            status = Z_BUF_ERROR;  // input ended before the stream did
            break;
        }
    }
    const auto consumed = stream.total_in;
    inflateEnd(&stream);
    if (status != Z_STREAM_END) {
        const std::string reason =
            status == Z_DATA_ERROR
                ? "gzip data is corrupt near byte " + std::to_string(consumed) +
                      "; re-export or re-download the file"
                : "gzip file is truncated (ends after " + std::to_string(bytes.size()) +
                      " bytes); re-export or re-download the file";
        throw BadInputError({file_name, 0, 0}, reason);
    }
    return out;
}

// UTF-16 without BOM shows as a NUL in every other byte of ASCII-heavy text.
int guess_utf16_without_bom(std::string_view bytes) {
    const std::size_t n = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 4096);
    if (n < 4) return 0;
    std::size_t even_nul = 0, odd_nul = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        even_nul += bytes[i] == '\0';
        odd_nul += bytes[i + 1] == '\0';
    }
    const std::size_t pairs = n / 2;
    if (odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs) return 1;   // little endian
    if (even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs) return -1;  // big endian
    return 0;
}

// A text export has few control characters; a PNG or an executable has many.
void refuse_binary(std::string_view text, const std::string& file_name) {
    const std::size_t n = std::min<std::size_t>(text.size(), 65536);
    std::size_t control = 0, first_control = std::string_view::npos;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
            ++control;
            if (first_control == std::string_view::npos) first_control = i;
        }
    }
    if (control * 20 > n) {  // more than 5 %
        std::int64_t line = 1;
        for (std::size_t i = 0; i < first_control; ++i) line += text[i] == '\n';
        throw BadInputError({file_name, line, 0},
                            "this is not a text file (binary data from byte " +
                                std::to_string(first_control) +
                                "); export the data as CSV and import that");
    }
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        // Exports are mostly ASCII: skip 8 bytes at a time while no high bit is set.
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, s.data() + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::string windows1252_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80)
            out.push_back(ch);
        else if (c < 0xA0)
            append_utf8(out, cp1252_high[c - 0x80]);
        else
            append_utf8(out, c);
    }
    return out;
}

DecodedText decode_text(std::string bytes, const std::string& file_name) {
    DecodedText result;
    if (is_gzip(bytes)) {
        bytes = gunzip(bytes, file_name);
        result.gzip = true;
    }
    if (bytes.empty()) throw BadInputError({file_name, 1, 1}, "file is empty; nothing to import");

    const auto starts_with = [&](std::string_view prefix) {
        return bytes.size() >= prefix.size() &&
               std::memcmp(bytes.data(), prefix.data(), prefix.size()) == 0;
    };
    if (starts_with("\xEF\xBB\xBF")) {
        result.encoding = "UTF-8 with BOM";
        bytes.erase(0, 3);
        if (!is_valid_utf8(bytes)) {
            result.encoding = "Windows-1252";
            bytes = windows1252_to_utf8(bytes);
        }
        result.text = std::move(bytes);
    } else if (starts_with("\xFF\xFE")) {
        result.encoding = "UTF-16LE";
        result.text = utf16_to_utf8(std::string_view(bytes).substr(2), true);
    } else if (starts_with("\xFE\xFF")) {
        result.encoding = "UTF-16BE";
        result.text = utf16_to_utf8(std::string_view(bytes).substr(2), false);
    } else if (const int endian = guess_utf16_without_bom(bytes); endian != 0) {
        result.encoding = endian > 0 ? "UTF-16LE" : "UTF-16BE";
        result.bom_missing = true;
        result.text = utf16_to_utf8(bytes, endian > 0);
    } else if (is_valid_utf8(bytes)) {
        result.encoding = "UTF-8";
        result.text = std::move(bytes);
    } else {
        result.encoding = "Windows-1252";
        result.text = windows1252_to_utf8(bytes);
    }
    refuse_binary(result.text, file_name);
    return result;
}

namespace {

// UTF-8 check over a mapped file in windows, releasing each window once checked: one
// pass over a 1 GB file must not leave 1 GB resident. Windows end before a byte that
// starts a character, so no character straddles two windows and the verdict is the one
// is_valid_utf8 would give on the whole text.
bool mapped_is_valid_utf8(MappedText& mapped, const std::string& file_name,
                          const ProgressCallback& progress) {
    // 8 MiB take a few milliseconds: short enough for a cancel to land within 200 ms.
    constexpr std::size_t window = std::size_t{8} << 20;
    const std::string_view text = mapped.text();
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + window);
        while (end < text.size() && end > start &&
               (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        if (end == start) return false;  // a whole window of continuation bytes
        if (!is_valid_utf8(text.substr(start, end - start))) return false;
        mapped.release_before(end);
        start = end;
        if (progress && !progress(0.0, file_name)) throw Cancelled();
    }
    return true;
}

// The mapped file as text when it is plain UTF-8 (with or without BOM); nullopt when it
// needs converting (gzip, UTF-16, Windows-1252), which decode_text does in memory.
std::optional<DecodedText> decode_mapped(std::shared_ptr<MappedText> mapped,
                                         const std::string& file_name,
                                         const ProgressCallback& progress) {
    const std::string_view bytes = mapped->bytes();
    if (is_gzip(bytes) || bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
        return std::nullopt;
    DecodedText result;
    if (bytes.starts_with("\xEF\xBB\xBF")) {
        result.encoding = "UTF-8 with BOM";
        mapped->skip_prefix(3);
    } else if (guess_utf16_without_bom(bytes) != 0) {
        return std::nullopt;
    } else {
        result.encoding = "UTF-8";
    }
    if (!mapped_is_valid_utf8(*mapped, file_name, progress)) return std::nullopt;
    refuse_binary(mapped->text(), file_name);
    result.mapped = std::move(mapped);
    return result;
}

}  // namespace

namespace {

bool names_utf8(std::string_view encoding) {
    std::string lower;
    for (const char c : encoding)
        if (c != '-' && c != '_') lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    return lower == "utf8";
}

}  // namespace

DecodedText decode_text_as(std::string bytes, const std::string& file_name, const std::string& encoding) {
    if (encoding.empty()) return decode_text(std::move(bytes), file_name);
    check_encoding_name(encoding);
    DecodedText result;
    if (is_gzip(bytes)) {
        bytes = gunzip(bytes, file_name);
        result.gzip = true;
    }
    if (bytes.empty()) throw BadInputError({file_name, 1, 1}, "file is empty; nothing to import");
    result.encoding = encoding;
    if (names_utf8(encoding)) {
        const std::size_t bad = first_invalid_utf8(bytes);
        if (bad < bytes.size())
            throw BadInputError(
                {file_name, 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bad), '\n'), 0},
                "byte 0x" + fmt_hex(static_cast<unsigned char>(bytes[bad])) + " at byte " + std::to_string(bad) +
                    " is not valid " + encoding + "; check --encoding");
        result.text = std::move(bytes);
    } else {
        result.text = convert_to_utf8(bytes, encoding, file_name);
    }
    // A byte-order mark is not part of the data, whatever the encoding.
    if (result.text.starts_with("\xEF\xBB\xBF")) result.text.erase(0, 3);
    refuse_binary(result.text, file_name);
    return result;
}

DecodedText read_text_file(const std::filesystem::path& path, const ProgressCallback& progress,
                           const std::string& encoding) {
    const std::string name = utf8_path_string(path);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw BadInputError({name, 0, 0}, "is a folder, not a file; name the CSV files inside it");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw BadInputError({name, 0, 0}, "cannot open the file (" +
                                              std::string(std::strerror(errno)) +
                                              "); check the path and permissions");
    std::string bytes;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
#ifndef _WIN32
    // A named encoding other than UTF-8 is converted in memory; UTF-8 may stay mapped.
    const bool may_map = encoding.empty() || names_utf8(encoding);
    if (may_map && size > 0 && static_cast<std::size_t>(size) >= map_threshold_bytes) {
        if (auto mapped = MappedText::map(path, static_cast<std::size_t>(size)))
            if (auto decoded = decode_mapped(std::move(mapped), name, progress)) {
                if (!encoding.empty()) decoded->encoding = encoding;
                return std::move(*decoded);
            }
    }
#endif
    if (size > 0) {
        bytes.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(bytes.data(), size);
        if (!in) throw BadInputError({name, 0, 0}, "read error; the file may be on a broken drive");
    }
    return decode_text_as(std::move(bytes), name, encoding);
}

}  // namespace twinbench
