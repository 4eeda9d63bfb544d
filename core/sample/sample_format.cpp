#include "sample/sample_format.h"

#include <charconv>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "common/utf8_path.h"

namespace twinbench::sample {

void append_int(std::string& out, std::int64_t value) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

void append_fixed(std::string& out, double value, int decimals, char decimal_point) {
    if (std::isnan(value)) {
        return;
    }
    static constexpr double scales[] = {1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    if (decimals < 0) {
        decimals = 0;
    }
    if (decimals > 8) {
        decimals = 8;
    }
    const long long scaled = std::llround(value * scales[decimals]);
    unsigned long long magnitude =
        scaled < 0 ? 0ULL - static_cast<unsigned long long>(scaled)
                   : static_cast<unsigned long long>(scaled);
    if (scaled < 0) {
        out.push_back('-');
    }
    const auto unit = static_cast<unsigned long long>(scales[decimals]);
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, magnitude / unit);
    out.append(buf, res.ptr);
    if (decimals > 0) {
        out.push_back(decimal_point);
        unsigned long long frac = magnitude % unit;
        char digits[8];
        for (int i = decimals - 1; i >= 0; --i) {
            digits[i] = static_cast<char>('0' + frac % 10);
            frac /= 10;
        }
        out.append(digits, static_cast<std::size_t>(decimals));
    }
}

void append_csv_field(std::string& out, std::string_view field, char delimiter) {
    const bool needs_quotes = field.find_first_of(std::string{delimiter} + "\"\r\n") !=
                              std::string_view::npos;
    if (!needs_quotes) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) {
        throw ProjectError("cannot create " + utf8_path_string(path));
    }
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
        throw ProjectError("cannot write " + utf8_path_string(path));
    }
}

}  // namespace twinbench::sample
