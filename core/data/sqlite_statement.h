// Thin RAII over the SQLite C API. Every value goes through bind(): column names and
// cells from files are data, never SQL text. The type system holds us to it: SQL text is a
// SqlLiteral, which only a string literal in the source can make (consteval), so a
// statement pieced together at run time from a column name does not compile.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/error.h"

namespace twinbench {

// The engineer's words for a failed SQLite call (rc may be an extended code). A failed
// write names the project's path: the disk that is full is the project's, which is not
// necessarily the one of the working folder. Every write runs in a transaction that the
// failure rolls back, so "unchanged" is what the engineer may rely on.
inline std::string sqlite_error_text(sqlite3* db, int rc) {
    const int primary = rc & 0xff;
    const char* file = sqlite3_db_filename(db, "main");
    const bool names_file =
        primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY;
    std::string message =
        names_file && file && *file ? std::string(file) + ": " : std::string("project file: ");
    message += sqlite3_errmsg(db);
    // EFBIG (a file size limit) and EIO on some file systems arrive as SQLITE_IOERR_WRITE
    // etc. rather than SQLITE_FULL; a failed read is a different story and gets no hint.
    const bool read_failed = rc == SQLITE_IOERR_READ || rc == SQLITE_IOERR_SHORT_READ;
    if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && !read_failed))
        message +=
            " (the disk may be full or the file too large; free space and retry — the project is "
            "unchanged)";
    if (primary == SQLITE_READONLY) message += " (the project is read-only; save a copy elsewhere)";
    return message;
}

// SQL text written in Twinbench's source. The constructor is consteval: its argument must
// be a constant expression, i.e. a string literal or a constexpr array, never a
// std::string, a string_view or a pointer computed at run time.
class SqlLiteral {
  public:
    template <std::size_t N>
    consteval SqlLiteral(const char (&text)[N]) : text_(text, N - 1) {}  // NOLINT(google-explicit-constructor)
    constexpr std::string_view view() const { return text_; }
    const char* c_str() const { return text_.data(); }  // the literal's own terminating NUL

  private:
    std::string_view text_;
};

class Statement {
  public:
    Statement(sqlite3* db, SqlLiteral sql_literal) : db_(db) {
        const std::string_view sql = sql_literal.view();
        if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
            SQLITE_OK)
            throw ProjectError("project file: cannot prepare statement: " +
                               std::string(sqlite3_errmsg(db)));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    template <typename Integer>
    requires std::is_integral_v<Integer> Statement& bind(int index, Integer value) {
        check(sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)));
        return *this;
    }
    Statement& bind(int index, double value) {
        check(sqlite3_bind_double(stmt_, index, value));
        return *this;
    }
    Statement& bind(int index, std::string_view text) {
        check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                                SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind_blob(int index, const void* data, std::size_t bytes) {
        check(sqlite3_bind_blob64(stmt_, index, data, bytes, SQLITE_STATIC));
        return *this;
    }
    Statement& bind_null(int index) {
        check(sqlite3_bind_null(stmt_, index));
        return *this;
    }

    // true while a row is available.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw ProjectError(error_text(rc));
    }
    void run() {
        step();
        reset();
    }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }

    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    double real(int column) const { return sqlite3_column_double(stmt_, column); }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(stmt_, column);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                 : std::string();
    }
    const void* blob(int column) const { return sqlite3_column_blob(stmt_, column); }
    std::size_t blob_bytes(int column) const {
        return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
    }

  private:
    void check(int rc) {
        if (rc != SQLITE_OK) throw ProjectError(error_text(rc));
    }
    std::string error_text(int rc) const { return sqlite_error_text(db_, rc); }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

namespace detail {
inline void exec_or_throw(sqlite3* db, const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        sqlite3_free(error);  // the same text as sqlite3_errmsg, which sqlite_error_text reads
        throw ProjectError(sqlite_error_text(db, rc));
    }
}
}  // namespace detail

// Runs SQL without parameters (schema, pragmas, transaction control).
inline void exec_sql(sqlite3* db, SqlLiteral sql) { detail::exec_or_throw(db, sql.c_str()); }

// The same when a failure is already being handled (a rollback): nothing to report.
inline void exec_sql_ignoring_errors(sqlite3* db, SqlLiteral sql) {
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

// `PRAGMA name = value` for an integer pragma: the name is a literal and the value an
// integer formatted here, so no text from a file can reach the SQL.
inline void set_integer_pragma(sqlite3* db, SqlLiteral name, std::int64_t value) {
    const std::string sql = "PRAGMA " + std::string(name.view()) + " = " + std::to_string(value);
    detail::exec_or_throw(db, sql.c_str());
}

}  // namespace twinbench
