#include "data/named_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include <fmt/format.h>

#include "common/error.h"
#include "data/text_decoding.h"

namespace twinbench {
namespace {

class IconvHandle {
  public:
    explicit IconvHandle(const std::string& encoding)
        : handle_(iconv_open("UTF-8", encoding.c_str())) {
        // (iconv_t)-1 is iconv_open's documented failure value.
        if (handle_ == reinterpret_cast<iconv_t>(-1))  // NOLINT(performance-no-int-to-ptr)
            throw UsageError(fmt::format(
                "--encoding {}: unknown encoding; use a name such as UTF-8, windows-1252, "
                "windows-1255, ISO-8859-8 or UTF-16LE ('iconv --list' shows every name)",
                encoding));
    }
    ~IconvHandle() { iconv_close(handle_); }
    IconvHandle(const IconvHandle&) = delete;
    IconvHandle& operator=(const IconvHandle&) = delete;
    iconv_t get() const { return handle_; }

  private:
    iconv_t handle_;
};

std::int64_t line_of(std::string_view bytes, std::size_t offset) {
    return 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

}  // namespace

void check_encoding_name(const std::string& encoding) {
    IconvHandle probe(encoding);
}

std::size_t first_invalid_utf8(std::string_view bytes) {
    // Halving down to the first bad byte with the fast whole-run check: exports are large
    // and mostly valid, so this is a few passes over a shrinking prefix.
    std::size_t good = 0, bad = bytes.size();
    if (is_valid_utf8(bytes)) return bytes.size();
    while (bad - good > 64) {
        std::size_t mid = good + (bad - good) / 2;
        // Cut before a character's first byte, so no character straddles the cut.
        while (mid > good && (static_cast<unsigned char>(bytes[mid]) & 0xC0) == 0x80) --mid;
        if (mid == good) break;
        if (is_valid_utf8(bytes.substr(good, mid - good)))
            good = mid;
        else
            bad = mid;
    }
    for (std::size_t i = good; i < bad;) {
        std::size_t len = 1;
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0xF0) len = 4;
        else if (c >= 0xE0) len = 3;
        else if (c >= 0xC0) len = 2;
        if (!is_valid_utf8(bytes.substr(i, std::min(len, bytes.size() - i)))) return i;
        i += len;
    }
    return bad;
}

std::string convert_to_utf8(std::string_view bytes, const std::string& encoding,
                            const std::string& file_name) {
    IconvHandle converter(encoding);
    std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write there
    std::size_t in_left = bytes.size();
    std::size_t written = 0;
    while (in_left > 0) {
        char* to = out.data() + written;
        std::size_t to_left = out.size() - written;
        const std::size_t result = iconv(converter.get(), &in, &in_left, &to, &to_left);
        written = static_cast<std::size_t>(to - out.data());
        if (result != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        const std::size_t offset = bytes.size() - in_left;
        const auto byte = static_cast<unsigned char>(bytes[offset]);
        throw BadInputError(
            {file_name, line_of(bytes, offset), 0},
            errno == EINVAL
                ? fmt::format("the file ends inside a character of {} (byte {}); check --encoding",
                              encoding, offset)
                : fmt::format("byte 0x{:02X} at byte {} is not valid {}; check --encoding", byte,
                              offset, encoding));
    }
    // Stateful encodings (ISO-2022-*) may still owe their shift back to the initial state.
    if (out.size() - written < 16) out.resize(written + 16);
    char* to = out.data() + written;
    std::size_t to_left = out.size() - written;
    iconv(converter.get(), nullptr, nullptr, &to, &to_left);
    out.resize(static_cast<std::size_t>(to - out.data()));
    return out;
}

}  // namespace twinbench
