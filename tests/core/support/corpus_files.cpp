// Files the corpus test builds at run time (tests/data/README.md "Generated files") and
// the SQLite page arithmetic behind its damaged-project recipes.
#include "support/corpus_files.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include <date/date.h>

namespace twinbench::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// "YYYY-MM-DD HH:MM:SS" of naive seconds since 1970, appended to out.
void append_naive_time(std::string& out, std::int64_t seconds) {
    out += date::format("%F %T", date::sys_seconds{std::chrono::seconds{seconds}});
}

}  // namespace


// ---- generated files (README "Generated files") ----------------------------------------------

const std::int64_t t_2026_01_14 = 1768348800;  // 2026-01-14 00:00:00 as naive seconds
const std::int64_t t_2026_01_01 = 1767225600;  // 2026-01-01 00:00:00

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

std::string run_sql_on_file(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string error;
    if (sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        error = std::string("open failed: ") + (db ? sqlite3_errmsg(db) : "out of memory");
    } else {
        char* message = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
            error = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        // Back to a single file, as the other .twin recipes hand it over.
        sqlite3_exec(db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    }
    sqlite3_close(db);
    return error;
}

}  // namespace twinbench::test
