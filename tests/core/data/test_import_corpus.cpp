// Data-driven run of the importer test corpus (tests/data/import and tests/data/hostile,
// documented in tests/data/README.md) against the real twinbench-cli: every MANIFEST.json
// entry becomes one test case. Inputs are copied (or generated) into a temporary folder,
// imported with the CLI as a child process, and the project it writes is read back with
// twinbench::Project. `detected` and `utc_at_lines` call parse_file directly.
//
// A failure names the manifest entry and the key, with expected and actual values.
#include <gtest/gtest.h>
#include <sqlite3.h>
#ifndef _WIN32
#include <sys/wait.h>
#endif

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "data/parsed_file.h"
#include "data/project.h"
#include "data/roles.h"
#include "data/table.h"
#include "data/timestamp_parser.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::read_bytes;
using test::TempDir;

const fs::path corpus_root = TWINBENCH_TEST_DATA_DIR;
const std::string cli_path = TWINBENCH_CLI_PATH;
// The valid CSV used by `import` commands of .twin entries (README: "any valid CSV").
const fs::path default_import_csv = corpus_root / "import" / "utf8_no_bom.csv";

// ---- manifest entries -------------------------------------------------------------------

struct CorpusEntry {
    std::string folder;  // "import" or "hostile"
    std::size_t index = 0;
    std::string label;      // "hostile/empty.csv", for messages
    std::string test_name;  // sanitised, unique within the folder
    std::shared_ptr<const json> spec;
};

void PrintTo(const CorpusEntry& entry, std::ostream* os) {
    *os << entry.label;
}

std::string sanitise(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok)
            out.push_back(c);
        else if (out.empty() || out.back() != '_')
            out.push_back('_');
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out.empty() ? std::string("entry") : out;
}

std::string entry_label(const std::string& folder, const json& e) {
    if (e.contains("file")) return folder + "/" + e["file"].get<std::string>();
    if (e.contains("files")) {
        std::string s = folder + "/[";
        for (std::size_t i = 0; i < e["files"].size(); ++i)
            s += (i ? ", " : "") + e["files"][i].get<std::string>();
        return s + "]";
    }
    if (e.contains("generate"))
        return folder + "/" + e["generate"].value("name", std::string("generated")) +
               " (generated)";
    return folder + "/<entry without file>";
}

std::string entry_base_name(const json& e) {
    if (e.contains("file")) return sanitise(e["file"].get<std::string>());
    if (e.contains("files")) {
        std::string s;
        for (const auto& f : e["files"])
            s += (s.empty() ? "" : "__") + sanitise(f.get<std::string>());
        return s;
    }
    if (e.contains("generate"))
        return "generated_" + sanitise(e["generate"].value("name", std::string("file")));
    return "entry";
}

std::vector<CorpusEntry> load_manifest(const std::string& folder) {
    std::vector<CorpusEntry> entries;
    const auto path = corpus_root / folder / "MANIFEST.json";
    json manifest;
    try {
        std::ifstream in(path);
        manifest = json::parse(in);
    } catch (const std::exception& e) {
        // Reported by the test body so a broken manifest is one failing test, not a crash.
        CorpusEntry broken;
        broken.folder = folder;
        broken.label = folder + "/MANIFEST.json";
        broken.test_name = "manifest_unreadable";
        broken.spec = std::make_shared<const json>(json{{"manifest_error", std::string(e.what())}});
        return {broken};
    }
    std::map<std::string, int> used;
    for (std::size_t i = 0; i < manifest.size(); ++i) {
        CorpusEntry entry;
        entry.folder = folder;
        entry.index = i;
        entry.label = entry_label(folder, manifest[i]);
        std::string name = entry_base_name(manifest[i]);
        if (const int n = used[name]++; n > 0) name += "_" + std::to_string(n + 1);
        entry.test_name = name;
        entry.spec = std::make_shared<const json>(manifest[i]);
        entries.push_back(std::move(entry));
    }
    return entries;
}

// ---- small helpers ------------------------------------------------------------------------

std::string show(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// One argument for the shell std::system runs: '...' with ' escaped (POSIX sh), or "..."
// for cmd.exe (paths there cannot hold '"').
std::string shell_quote(const std::string& s) {
#ifdef _WIN32
    return '"' + s + '"';
#else
    std::string out = "'";
    for (const char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out.push_back(c);
    }
    return out + "'";
#endif
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

struct CliRun {
    int exit = -1;
    std::string out;
    std::string err;
    std::string command;
    double seconds = 0.0;

    std::vector<std::string> error_lines() const {
        std::vector<std::string> found;
        for (const auto& l : lines_of(err))
            if (l.rfind("error:", 0) == 0) found.push_back(l);
        return found;
    }
    std::string err_excerpt() const { return err.size() > 600 ? err.substr(0, 600) + "..." : err; }
};

CliRun run_cli(const TempDir& dir, const std::vector<std::string>& args) {
    CliRun run;
    const auto out_file = dir / "cli.stdout";
    const auto err_file = dir / "cli.stderr";
    std::string command = shell_quote(cli_path);
    for (const auto& a : args) command += " " + shell_quote(a);
    run.command = command;
#ifdef _WIN32
    command = '"' + command + " <NUL >" + shell_quote(out_file.string()) + " 2>" +
              shell_quote(err_file.string()) + '"';
#else
    command +=
        " </dev/null >" + shell_quote(out_file.string()) + " 2>" + shell_quote(err_file.string());
#endif
    const auto start = std::chrono::steady_clock::now();
    const int status = std::system(command.c_str());
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
#ifdef _WIN32
    run.exit = status;
#else
    if (status != -1 && WIFEXITED(status))
        run.exit = WEXITSTATUS(status);
    else if (status != -1 && WIFSIGNALED(status))
        run.exit = 128 + WTERMSIG(status);
#endif
    run.out = read_bytes(out_file);
    run.err = read_bytes(err_file);
    std::error_code ec;
    fs::remove(out_file, ec);
    fs::remove(err_file, ec);
    return run;
}

void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool project_left_behind(const fs::path& project, std::string& which) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const fs::path p = project.string() + suffix;
        if (fs::exists(p)) {
            which = p.filename().string();
            return true;
        }
    }
    return false;
}

bool relatively_equal(double expected, double actual) {
    if (expected == actual) return true;
    if (std::isnan(expected) || std::isnan(actual)) return false;
    return std::fabs(expected - actual) <= 1e-9 * std::max(std::fabs(expected), std::fabs(actual));
}

// ---- time ------------------------------------------------------------------------------------

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yy + (m <= 2));
}

// "2026-01-14T20:00:04.25Z" (Z optional, fraction optional) -> UTC seconds.
std::optional<double> parse_iso_utc(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
    const std::string text(s);
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                    &consumed) != 6)
        return std::nullopt;
    double fraction = 0.0;
    std::size_t i = static_cast<std::size_t>(consumed);
    if (i < text.size() && text[i] == '.') {
        double scale = 0.1;
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
            fraction += (text[i] - '0') * scale;
    }
    if (i < text.size() && text[i] == 'Z') ++i;
    if (i != text.size()) return std::nullopt;
    return static_cast<double>(
               days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
               h * 3600 + mi * 60 + sec) +
           fraction;
}

bool same_instant(double a, double b) {
    return std::fabs(a - b) < 5e-4;
}

// "YYYY-MM-DD HH:MM:SS" of naive seconds since 1970, appended to out.
void append_naive_time(std::string& out, std::int64_t seconds) {
    const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
    const std::int64_t rest = seconds - days * 86400;
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
                  static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                  static_cast<int>(rest % 60));
    out += buffer;
}

// ---- SHA-256 (informative check that a generated file equals make_corpus.py's) -------------

class Sha256 {
  public:
    static std::string hex(std::string_view data) {
        Sha256 h;
        h.update(data);
        return h.finish();
    }

  private:
    static constexpr std::array<std::uint32_t, 64> k = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::array<unsigned char, 64> block_{};
    std::size_t used_ = 0;
    std::uint64_t length_ = 0;

    static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

    void compress(const unsigned char* p) {
        std::array<std::uint32_t, 64> w{};
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(p[4 * i]) << 24 | std::uint32_t(p[4 * i + 1]) << 16 |
                   std::uint32_t(p[4 * i + 2]) << 8 | std::uint32_t(p[4 * i + 3]);
        for (int i = 16; i < 64; ++i) {
            const auto s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const auto s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto [a, b, c, d, e, f, g, h] = h_;
        for (int i = 0; i < 64; ++i) {
            const auto t1 =
                h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            const auto t2 =
                (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g,
            h_[7] += h;
    }

    void update(std::string_view data) {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data());
        std::size_t n = data.size();
        length_ += n;
        if (used_ > 0) {
            const std::size_t take = std::min(n, 64 - used_);
            std::memcpy(block_.data() + used_, p, take);
            used_ += take, p += take, n -= take;
            if (used_ < 64) return;
            compress(block_.data());
            used_ = 0;
        }
        for (; n >= 64; p += 64, n -= 64) compress(p);
        std::memcpy(block_.data(), p, n);
        used_ = n;
    }

    std::string finish() {
        const std::uint64_t bits = length_ * 8;
        const unsigned char pad = 0x80;
        update(std::string_view(reinterpret_cast<const char*>(&pad), 1));
        const unsigned char zero = 0;
        while (used_ != 56) update(std::string_view(reinterpret_cast<const char*>(&zero), 1));
        std::array<unsigned char, 8> len{};
        for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
        update(std::string_view(reinterpret_cast<const char*>(len.data()), 8));
        std::string out;
        char buffer[9];
        for (const auto v : h_) {
            std::snprintf(buffer, sizeof buffer, "%08x", v);
            out += buffer;
        }
        return out;
    }
};

// ---- generated files (README "Generated files") ----------------------------------------------

const std::int64_t t_2026_01_14 = days_from_civil(2026, 1, 14) * 86400;
const std::int64_t t_2026_01_01 = days_from_civil(2026, 1, 1) * 86400;

std::string generate_csv(const json& g) {
    const std::string kind = g.at("kind");
    std::string out;
    if (kind == "long_line") {
        const std::string pattern = g.at("pattern");
        const std::size_t bytes = g.at("bytes");
        out.reserve(bytes + pattern.size());
        while (out.size() < bytes) out += pattern;
        out.resize(bytes);
    } else if (kind == "wide") {
        const int columns = g.at("columns");
        const int rows = g.at("rows");
        out = "Zeitstempel";
        char buffer[64];
        for (int i = 1; i < columns; ++i) {
            std::snprintf(buffer, sizeof buffer,
                          ",Sensor_%04d [\xC2\xB0"
                          "C]",
                          i);
            out += buffer;
        }
        out += '\n';
        for (int r = 1; r <= rows; ++r) {
            append_naive_time(out, t_2026_01_14 + (r - 1) * 60);
            for (int i = 1; i < columns; ++i) {
                std::snprintf(buffer, sizeof buffer, ",%d.5", (i % 97) + r);
                out += buffer;
            }
            out += '\n';
        }
    } else if (kind == "long_field") {
        const int rows = g.at("rows");
        const int field_row = g.at("field_row");
        const std::size_t field_bytes = g.at("field_bytes");
        out =
            "Zeitstempel,Ofentemperatur [\xC2\xB0"
            "C],Bemerkung\n";
        for (int r = 1; r <= rows; ++r) {
            append_naive_time(out, t_2026_01_14 + (r - 1) * 60);
            out += "," + std::to_string(180 + r % 10) + ".5,";
            if (r == field_row)
                out += '"' + std::string(field_bytes, 'A') + '"';
            else
                out += "ok";
            out += '\n';
        }
    } else if (kind == "tall") {
        const std::int64_t rows = g.at("rows");
        // The values repeat every 100 and 7 rows and the date changes once a day, so the
        // formatted pieces are made once (same doubles and %.1f rounding as Python).
        std::array<std::string, 100> temperature;
        for (int i = 0; i < 100; ++i) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, ",%.1f", 180 + static_cast<double>(i) / 10);
            temperature[static_cast<std::size_t>(i)] = buffer;
        }
        std::array<std::string, 7> speed;
        for (int i = 0; i < 7; ++i) {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, ",%.1f\n", 3 + static_cast<double>(i) / 10);
            speed[static_cast<std::size_t>(i)] = buffer;
        }
        out.reserve(static_cast<std::size_t>(rows) * 40 + 100);
        out =
            "Timestamp,Furnace temperature [\xC2\xB0"
            "C],Line speed [m/min]\n";
        std::string day;
        std::int64_t day_index = -1;
        for (std::int64_t r = 0; r < rows; ++r) {
            const std::int64_t t = t_2026_01_01 + r;
            if (t / 86400 != day_index) {
                day_index = t / 86400;
                day.clear();
                append_naive_time(day, day_index * 86400);
                day.resize(11);  // "YYYY-MM-DD "
            }
            const int s = static_cast<int>(t % 86400);
            const char hms[8] = {
                static_cast<char>('0' + s / 36000),   static_cast<char>('0' + s / 3600 % 10), ':',
                static_cast<char>('0' + s / 600 % 6), static_cast<char>('0' + s / 60 % 10),   ':',
                static_cast<char>('0' + s % 60 / 10), static_cast<char>('0' + s % 10)};
            out += day;
            out.append(hms, 8);
            out += temperature[static_cast<std::size_t>(r % 100)];
            out += speed[static_cast<std::size_t>(r % 7)];
        }
    } else {
        throw std::runtime_error("unknown generate.kind '" + kind + "'");
    }
    return out;
}

// ---- SQLite header of a real project (for the .twin recipes) --------------------------------

struct PageInfo {
    std::size_t page_size = 0;
    std::size_t page_count = 0;
};

PageInfo read_page_info(const std::string& bytes) {
    PageInfo info;
    if (bytes.size() < 100) return info;
    const auto u8 = [&](std::size_t i) {
        return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i]));
    };
    info.page_size = u8(16) << 8 | u8(17);
    if (info.page_size == 1) info.page_size = 65536;
    const std::size_t header_count = u8(28) << 24 | u8(29) << 16 | u8(30) << 8 | u8(31);
    const bool header_valid =
        std::memcmp(bytes.data() + 24, bytes.data() + 92, 4) == 0 && header_count > 0;
    const std::size_t by_size = info.page_size ? bytes.size() / info.page_size : 0;
    info.page_count = header_valid ? std::min(header_count, by_size) : by_size;
    return info;
}

// "ok" or what quick_check (or opening) reported. Read-only; the -wal/-shm files SQLite
// may create next to a WAL-mode file are removed afterwards.
std::string quick_check(const fs::path& file) {
    sqlite3* db = nullptr;
    std::string verdict;
    if (sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        verdict = std::string("open failed: ") + (db ? sqlite3_errmsg(db) : "out of memory");
    } else {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &stmt, nullptr) != SQLITE_OK) {
            verdict = std::string("prepare failed: ") + sqlite3_errmsg(db);
        } else {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW)
                verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            else
                verdict = std::string("step failed: ") + sqlite3_errmsg(db);
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    std::error_code ec;
    fs::remove(file.string() + "-wal", ec);
    fs::remove(file.string() + "-shm", ec);
    return verdict;
}

// ---- enum names ---------------------------------------------------------------------------------

std::string timestamp_format_enumerator(const std::optional<TimestampFormat>& format) {
    if (!format) return "none";
    switch (*format) {
        case TimestampFormat::iso8601:
            return "iso8601";
        case TimestampFormat::dmy_dot:
            return "dmy_dot";
        case TimestampFormat::dmy_slash:
            return "dmy_slash";
        case TimestampFormat::mdy_slash:
            return "mdy_slash";
        case TimestampFormat::dmy_dash:
            return "dmy_dash";
        case TimestampFormat::ymd_slash:
            return "ymd_slash";
        case TimestampFormat::epoch_seconds:
            return "epoch_seconds";
        case TimestampFormat::epoch_millis:
            return "epoch_millis";
    }
    return "unknown";
}

// ---- the test -----------------------------------------------------------------------------------

class ImportCorpus : public ::testing::TestWithParam<CorpusEntry> {
  protected:
    void fail(const std::string& key, const std::string& expected, const std::string& actual) {
        ADD_FAILURE() << "[" << entry().label << "] key '" << key << "': expected " << expected
                      << ", actual " << actual;
    }
    void fail(const std::string& key, const std::string& message) {
        ADD_FAILURE() << "[" << entry().label << "] key '" << key << "': " << message;
    }
    const CorpusEntry& entry() const { return GetParam(); }
    const json& spec() const { return *entry().spec; }
    const json& expect() const { return spec().at("expect"); }

    void run_csv_entry();
    void run_twin_entry();
    void check_failure(const CliRun& run, const std::string& key_prefix);
    void check_project(const CliRun& run, const fs::path& project);
    void check_parse(const fs::path& file);

    TempDir dir_;
};

// exit != 0: message_contains, message_regex, exactly one `error:` line.
void ImportCorpus::check_failure(const CliRun& run, const std::string& key_prefix) {
    const auto errors = run.error_lines();
    if (errors.size() != 1) {
        fail(key_prefix + "exit", "exactly one stderr line starting with 'error:'",
             std::to_string(errors.size()) + " such lines; stderr: " + show(run.err_excerpt()));
        if (errors.empty()) return;
    }
    const std::string& line = errors.front();
    for (const auto& needle : expect().value("message_contains", json::array()))
        if (line.find(needle.get<std::string>()) == std::string::npos)
            fail(key_prefix + "message_contains", "error line containing " + show(needle),
                 show(line));
    if (expect().contains("message_regex")) {
        const std::string pattern = expect()["message_regex"];
        try {
            if (!std::regex_search(line, std::regex(pattern, std::regex::ECMAScript)))
                fail(key_prefix + "message_regex", "error line matching " + show(pattern),
                     show(line));
        } catch (const std::regex_error& e) {
            fail(key_prefix + "message_regex", "bad regex " + show(pattern) + ": " + e.what());
        }
    }
}

void ImportCorpus::check_parse(const fs::path& file) {
    const auto& ex = expect();
    ParseOptions options;
    options.time_zone = spec().contains("args")
                            ? spec()["args"].value("timezone", std::string("UTC"))
                            : std::string("UTC");
    std::optional<ParsedFile> parsed;
    try {
        parsed = parse_file(file, options);
    } catch (const std::exception& e) {
        fail(ex.contains("detected") ? "detected" : "utc_at_lines",
             std::string("parse_file succeeding"), std::string("exception: ") + e.what());
        return;
    }
    const auto& info = parsed->info;
    if (ex.contains("detected")) {
        const auto& d = ex["detected"];
        if (d.contains("encoding") && d["encoding"].get<std::string>() != info.encoding)
            fail("detected.encoding", show(d["encoding"]), show(info.encoding));
        if (d.contains("encoding_starts_with") &&
            info.encoding.rfind(d["encoding_starts_with"].get<std::string>(), 0) != 0)
            fail("detected.encoding_starts_with", show(d["encoding_starts_with"]),
                 show(info.encoding));
        if (d.contains("delimiter") &&
            d["delimiter"].get<std::string>() != std::string(1, info.delimiter))
            fail("detected.delimiter", show(d["delimiter"]), show(std::string(1, info.delimiter)));
        if (d.contains("decimal_mark") &&
            d["decimal_mark"].get<std::string>() != std::string(1, info.decimal_mark))
            fail("detected.decimal_mark", show(d["decimal_mark"]),
                 show(std::string(1, info.decimal_mark)));
        if (d.contains("has_header") && d["has_header"].get<bool>() != info.has_header)
            fail("detected.has_header", show(d["has_header"]), show(info.has_header));
        if (d.contains("header_line") && d["header_line"].get<std::int64_t>() != info.header_line)
            fail("detected.header_line", show(d["header_line"]), show(info.header_line));
        if (d.contains("gzip") && d["gzip"].get<bool>() != info.gzip)
            fail("detected.gzip", show(d["gzip"]), show(info.gzip));
        if (d.contains("timestamp_format") &&
            d["timestamp_format"].get<std::string>() !=
                timestamp_format_enumerator(info.timestamp_format))
            fail("detected.timestamp_format", show(d["timestamp_format"]),
                 show(timestamp_format_enumerator(info.timestamp_format)));
    }
    if (ex.contains("utc_at_lines")) {
        const auto& table = parsed->table;
        for (const auto& [line_text, iso] : ex["utc_at_lines"].items()) {
            const std::int64_t line = std::stoll(line_text);
            const std::string key = "utc_at_lines." + line_text;
            const auto expected = parse_iso_utc(iso.get<std::string>());
            if (!expected) {
                fail(key, "manifest time " + show(iso) + " is not ISO 8601");
                continue;
            }
            const auto it = std::find(parsed->row_lines.begin(), parsed->row_lines.end(), line);
            if (it == parsed->row_lines.end()) {
                std::string rejected;
                for (const auto& r : parsed->rejected)
                    if (r.line == line) rejected = " (rejected: " + r.reason + ")";
                fail(key, show(iso), "no imported row starts on line " + line_text + rejected);
                continue;
            }
            const auto row = static_cast<std::size_t>(it - parsed->row_lines.begin());
            if (!table.has_time() || row >= table.time_s.size()) {
                fail(key, show(iso), "the rows have no time axis");
                continue;
            }
            const double actual = table.time_s[row];
            if (!same_instant(*expected, actual))
                fail(key, show(iso), show(format_utc_iso(actual)));
        }
    }
}

void ImportCorpus::check_project(const CliRun& run, const fs::path& project_path) {
    const auto& ex = expect();
    json out;
    try {
        out = json::parse(run.out);
    } catch (const std::exception& e) {
        fail("rows_imported", "JSON on stdout",
             std::string(e.what()) + "; stdout: " + show(run.out.substr(0, 400)));
        return;
    }
    for (const char* key : {"rows_imported", "rows_rejected"})
        if (ex.contains(key) && ex[key] != out.value(key, json()))
            fail(key, show(ex[key]), show(out.value(key, json())));
    if (ex.contains("notes_contain")) {
        for (const auto& needle : ex["notes_contain"]) {
            bool found = false;
            json messages = json::array();
            for (const auto& n : out.value("notes", json::array())) {
                const std::string message = n.value("message", std::string());
                messages.push_back(message);
                found |= message.find(needle.get<std::string>()) != std::string::npos;
            }
            if (!found)
                fail("notes_contain", "a note containing " + show(needle),
                     "notes " + show(messages));
        }
    }

    std::optional<Project> project;
    try {
        project.emplace(project_path, Project::Mode::read_only);
    } catch (const std::exception& e) {
        fail("exit", "a readable project after exit 0", std::string("opening failed: ") + e.what());
        return;
    }
    const auto dataset = project->find_dataset("corpus");
    if (!dataset) {
        fail("sources", "dataset 'corpus' in the project", "no such dataset");
        return;
    }
    if (ex.contains("sources") && ex["sources"].get<std::size_t>() != dataset->sources.size())
        fail("sources", show(ex["sources"]), show(dataset->sources.size()));
    if (dataset->sources.empty()) {
        fail("columns", "at least one source", "none");
        return;
    }
    std::vector<Table> tables;
    for (const auto& s : dataset->sources) tables.push_back(project->read_source(s.id));
    const Table& main = tables.front();

    const auto find_column = [&](const std::string& name) -> const Column* {
        for (const auto& t : tables)
            if (const auto* c = t.find(name)) return c;
        return nullptr;
    };
    json all_names = json::array();
    for (const auto& t : tables)
        for (const auto& c : t.columns) all_names.push_back(c.name);
    const auto missing_column = [&](const std::string& key, const std::string& name) {
        fail(key + "." + name, "a column named " + show(name),
             "no such column; columns are " + show(all_names));
    };

    if (ex.contains("columns") && ex["columns"].get<std::size_t>() != main.columns.size())
        fail("columns", show(ex["columns"]), show(main.columns.size()));
    if (ex.contains("column_names")) {
        json names = json::array();
        for (const auto& c : main.columns) names.push_back(c.name);
        if (names != ex["column_names"])
            fail("column_names", show(ex["column_names"]), show(names));
    }
    if (ex.contains("time_column")) {
        json actual = nullptr;
        if (main.has_time()) {
            actual = "<a time axis without a column of role 'time'>";
            if (const auto* c = main.find_role(Role::time)) actual = c->name;
        }
        if (actual != ex["time_column"]) fail("time_column", show(ex["time_column"]), show(actual));
    }
    for (const char* key : {"types", "units", "roles"}) {
        if (!ex.contains(key)) continue;
        for (const auto& [name, expected] : ex[key].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column(key, name);
                continue;
            }
            std::string actual;
            if (std::string_view(key) == "types")
                actual = column_type_name(column->type);
            else if (std::string_view(key) == "units")
                actual = column->unit;
            else
                actual = role_name(column->role);
            if (actual != expected.get<std::string>())
                fail(std::string(key) + "." + name, show(expected), show(actual));
        }
    }
    if (ex.contains("missing")) {
        for (const auto& [name, expected] : ex["missing"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("missing", name);
                continue;
            }
            std::size_t count = 0;
            for (std::size_t r = 0; r < column->size(); ++r) count += column->is_missing(r);
            if (count != expected.get<std::size_t>())
                fail("missing." + name, show(expected), show(count));
        }
    }
    if (ex.contains("levels_contain")) {
        for (const auto& [name, labels] : ex["levels_contain"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("levels_contain", name);
                continue;
            }
            if (column->type != ColumnType::categorical) {
                fail("levels_contain." + name, "a categorical column",
                     std::string(column_type_name(column->type)));
                continue;
            }
            for (const auto& label : labels)
                if (std::find(column->levels.begin(), column->levels.end(),
                              label.get<std::string>()) == column->levels.end())
                    fail("levels_contain." + name, "level " + show(label),
                         "levels " + show(json(column->levels)));
        }
    }
    if (ex.contains("values")) {
        for (const auto& [name, expected] : ex["values"].items()) {
            const Column* column = find_column(name);
            if (!column) {
                missing_column("values", name);
                continue;
            }
            if (column->type == ColumnType::categorical) {
                fail("values." + name, "a numeric column",
                     "categorical, levels " + show(json(column->levels)));
                continue;
            }
            std::vector<double> actual;
            for (const double v : column->values)
                if (!std::isnan(v)) actual.push_back(v);
            bool same = actual.size() == expected.size();
            for (std::size_t i = 0; same && i < actual.size(); ++i)
                same = relatively_equal(expected[i].get<double>(), actual[i]);
            if (!same) fail("values." + name, show(expected), show(json(actual)));
        }
    }
    if (ex.contains("rejected_lines")) {
        json lines = json::array();
        json reasons = json::array();
        for (const auto& r : project->rejected_rows(dataset->id)) {
            lines.push_back(r.line);
            reasons.push_back(std::to_string(r.line) + ": " + r.reason);
        }
        if (lines != ex["rejected_lines"])
            fail("rejected_lines", show(ex["rejected_lines"]),
                 show(lines) + " (" + show(reasons) + ")");
    }
    if (ex.contains("aligned")) {
        Table aligned;
        try {
            aligned = project->read_dataset(*dataset);
        } catch (const std::exception& e) {
            fail("aligned", std::string("read_dataset succeeding"),
                 std::string("exception: ") + e.what());
            return;
        }
        for (const auto& a : ex["aligned"]) {
            const std::string time_text = a.at("time_utc");
            const std::string name = a.at("column");
            const std::string key = "aligned[" + time_text + ", " + name + "]";
            const auto t = parse_iso_utc(time_text);
            if (!t) {
                fail(key, "manifest time " + show(time_text) + " is not ISO 8601");
                continue;
            }
            const auto it = std::find_if(aligned.time_s.begin(), aligned.time_s.end(),
                                         [&](double v) { return same_instant(v, *t); });
            if (it == aligned.time_s.end()) {
                fail(key, "a main-source row at " + time_text, "none");
                continue;
            }
            const auto row = static_cast<std::size_t>(it - aligned.time_s.begin());
            const auto* column = aligned.find(name);
            if (!column) {
                json names = json::array();
                for (const auto& c : aligned.columns) names.push_back(c.name);
                fail(key, "column " + show(name) + " in read_dataset", "columns " + show(names));
                continue;
            }
            json actual;
            if (column->is_missing(row))
                actual = "<missing>";
            else if (column->type == ColumnType::categorical)
                actual = std::string(column->label(row));
            else
                actual = column->values[row];
            const json& expected = a.at("value");
            const bool same = expected.is_number() && actual.is_number()
                                  ? relatively_equal(expected.get<double>(), actual.get<double>())
                                  : expected == actual;
            if (!same) fail(key, show(expected), show(actual));
        }
    }
}

void ImportCorpus::run_csv_entry() {
    const auto& e = spec();
    const auto& ex = expect();
    const int expected_exit = ex.at("exit");

    // Inputs in the temporary folder, under their own names (messages name the file).
    std::vector<fs::path> inputs;
    if (e.contains("generate")) {
        const auto& g = e["generate"];
        std::string bytes;
        try {
            bytes = generate_csv(g);
        } catch (const std::exception& ex_) {
            fail("generate", ex_.what());
            return;
        }
        if (g.contains("sha256")) {
            const auto hash = Sha256::hex(bytes);
            if (hash != g["sha256"].get<std::string>())
                fail("generate.sha256", show(g["sha256"]), show(hash));
        }
        inputs.push_back(dir_ / g.at("name").get<std::string>());
        write_file(inputs.back(), bytes);
    } else {
        std::vector<std::string> names;
        if (e.contains("file")) names.push_back(e["file"]);
        for (const auto& f : e.value("files", json::array())) names.push_back(f);
        for (const auto& name : names) {
            const auto source = corpus_root / entry().folder / name;
            const auto target = dir_.path() / fs::path(name).filename();
            if (fs::exists(source))
                fs::copy_file(source, target, fs::copy_options::overwrite_existing);
            // else: the "missing file" entry; the CLI gets the absent path.
            inputs.push_back(target);
        }
    }
    std::vector<std::string> originals;
    for (const auto& f : inputs) originals.push_back(fs::exists(f) ? read_bytes(f) : std::string());

    const auto project = dir_ / "p.twin";
    std::vector<std::string> args = {"import", project.string()};
    for (const auto& f : inputs) args.push_back(f.string());
    args.insert(args.end(), {"--dataset", "corpus", "--json"});
    if (e.contains("args") && e["args"].contains("timezone")) {
        args.push_back("--timezone");
        args.push_back(e["args"]["timezone"].get<std::string>());
    }
    const CliRun run = run_cli(dir_, args);
    RecordProperty("cli_seconds", std::to_string(run.seconds));

    if (run.exit != expected_exit) {
        const auto errors = run.error_lines();
        std::string detail;
        if (!errors.empty()) detail = " (" + show(errors.front()) + ")";
        if (run.exit == 0) {
            const auto out = json::parse(run.out, nullptr, false);
            if (out.is_object())
                detail = " (rows_imported " + show(out.value("rows_imported", json())) +
                         ", rows_rejected " + show(out.value("rows_rejected", json())) + ")";
        } else if (errors.empty()) {
            detail = "; stderr: " + show(run.err_excerpt());
        }
        fail("exit", std::to_string(expected_exit), std::to_string(run.exit) + detail);
    }
    if (ex.value("unchanged", false))
        for (std::size_t i = 0; i < inputs.size(); ++i)
            if (fs::exists(inputs[i]) && read_bytes(inputs[i]) != originals[i])
                fail("unchanged", inputs[i].filename().string() + " byte-identical",
                     "it was modified");

    if (expected_exit != 0) {
        if (run.exit != expected_exit) return;
        check_failure(run, "");
        std::string which;
        if (project_left_behind(project, which))
            fail("exit", "no project file left after a failed import", which + " exists");
        return;
    }
    if (run.exit != 0) return;  // reported above; nothing to compare
    check_project(run, project);
    if ((ex.contains("detected") || ex.contains("utc_at_lines")) && !inputs.empty())
        check_parse(inputs.front());
}

void ImportCorpus::run_twin_entry() {
    const auto& e = spec();
    const auto& ex = expect();
    const int expected_exit = ex.at("exit");
    fs::path project;
    if (e.contains("generate")) {
        const auto& g = e["generate"];
        const std::string kind = g.at("kind");
        project = dir_ / g.at("name").get<std::string>();
        const auto source_csv = corpus_root / g.at("source_csv").get<std::string>();
        const auto made = run_cli(dir_, {"import", project.string(), source_csv.string()});
        if (made.exit != 0 || !fs::exists(project)) {
            fail("generate", "the CLI creating the project (exit 0)",
                 "exit " + std::to_string(made.exit) + "; stderr: " + show(made.err_excerpt()));
            return;
        }
        for (const char* suffix : {"-wal", "-shm"})
            if (fs::exists(project.string() + suffix))
                fail("generate", std::string("no ") + suffix + " file after the CLI exits",
                     "it exists");
        std::string bytes = read_bytes(project);
        const auto pages = read_page_info(bytes);
        if (pages.page_size == 0 || pages.page_count < 2) {
            fail("generate", "a real SQLite project",
                 "page size " + std::to_string(pages.page_size) + ", " +
                     std::to_string(pages.page_count) + " pages");
            return;
        }
        if (kind == "corrupt_project") {
            const auto fill = static_cast<char>(g.at("fill_byte").get<int>());
            bool damaged = false;
            std::string verdicts;
            for (std::size_t page = pages.page_count / 2 + 1; page <= pages.page_count && !damaged;
                 ++page) {
                std::string copy = bytes;
                std::fill_n(
                    copy.begin() + static_cast<std::ptrdiff_t>((page - 1) * pages.page_size),
                    pages.page_size, fill);
                write_file(project, copy);
                const auto verdict = quick_check(project);
                verdicts += " page " + std::to_string(page) + ": " + verdict + ";";
                damaged = verdict != "ok";
            }
            if (!damaged) {
                fail("generate", "a page whose damage quick_check detects", verdicts);
                return;
            }
        } else if (kind == "truncated_project") {
            const double fraction = g.at("keep_fraction");
            std::size_t keep =
                static_cast<std::size_t>(std::floor(static_cast<double>(bytes.size()) * fraction));
            keep -= keep % pages.page_size;
            bytes.resize(keep);
            write_file(project, bytes);
        } else {
            fail("generate", "unknown .twin recipe " + show(kind));
            return;
        }
    } else {
        const auto source = corpus_root / entry().folder / e.at("file").get<std::string>();
        project = dir_.path() / fs::path(e["file"].get<std::string>()).filename();
        fs::copy_file(source, project, fs::copy_options::overwrite_existing);
    }
    const std::string original = read_bytes(project);

    for (const auto& c : e.value("commands", json::array())) {
        const std::string command = c;
        const std::string prefix = "commands[" + command + "].";
        std::vector<std::string> args = {command, project.string()};
        if (command == "import") args.push_back(default_import_csv.string());
        const CliRun run = run_cli(dir_, args);
        if (run.exit != expected_exit) {
            const auto errors = run.error_lines();
            fail(prefix + "exit", std::to_string(expected_exit),
                 std::to_string(run.exit) + (errors.empty() ? "; stderr: " + show(run.err_excerpt())
                                                            : " (" + show(errors.front()) + ")"));
        } else if (expected_exit != 0) {
            check_failure(run, prefix);
        }
        if (ex.value("unchanged", false) && read_bytes(project) != original) {
            fail(prefix + "unchanged", project.filename().string() + " byte-identical",
                 "it was modified");
            write_file(project, original);  // the next command starts from the same bytes
        }
        std::error_code ec;
        fs::remove(project.string() + "-wal", ec);
        fs::remove(project.string() + "-shm", ec);
    }
}

TEST_P(ImportCorpus, MatchesManifest) {
    const auto& e = spec();
    if (e.contains("manifest_error"))
        FAIL() << entry().label << ": " << e["manifest_error"].get<std::string>();
    if (!fs::exists(cli_path)) FAIL() << "twinbench-cli not built at " << cli_path;
    const std::string kind = e.value("kind", std::string("csv"));
    if (kind == "twin")
        run_twin_entry();
    else if (kind == "csv")
        run_csv_entry();
    else
        FAIL() << "[" << entry().label << "] unknown kind '" << kind << "'";
}

std::string corpus_test_name(const ::testing::TestParamInfo<CorpusEntry>& info) {
    return info.param.test_name;
}

INSTANTIATE_TEST_SUITE_P(Import, ImportCorpus, ::testing::ValuesIn(load_manifest("import")),
                         corpus_test_name);
INSTANTIATE_TEST_SUITE_P(Hostile, ImportCorpus, ::testing::ValuesIn(load_manifest("hostile")),
                         corpus_test_name);

}  // namespace
}  // namespace twinbench
