#include "reliability/project_state.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

#include "support/corpus_files.h"

namespace twinbench::test {
namespace {

namespace fs = std::filesystem;

struct Db {
    sqlite3* handle = nullptr;
    ~Db() { sqlite3_close(handle); }
};

std::vector<std::string> query_strings(sqlite3* db, const std::string& sql, int column = 0) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
        throw std::runtime_error(sqlite3_errmsg(db));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, column);
        out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    return out;
}

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// One value with its storage class and length, so "1" and 1, or "ab"+"c" and "a"+"bc",
// cannot collide.
void append_value(std::string& row, sqlite3_stmt* stmt, int column) {
    const int type = sqlite3_column_type(stmt, column);
    row += static_cast<char>('0' + type);
    if (type == SQLITE_NULL) return;
    if (type == SQLITE_INTEGER) {
        row += std::to_string(sqlite3_column_int64(stmt, column));
    } else if (type == SQLITE_FLOAT) {
        const double v = sqlite3_column_double(stmt, column);
        row.append(reinterpret_cast<const char*>(&v), sizeof v);
    } else {
        const auto* p =
            static_cast<const char*>(type == SQLITE_BLOB ? sqlite3_column_blob(stmt, column)
                                                         : sqlite3_column_text(stmt, column));
        const int n = sqlite3_column_bytes(stmt, column);
        row += std::to_string(n) + ':';
        if (p) row.append(p, static_cast<std::size_t>(n));
    }
    row += '\x1e';
}

}  // namespace

ProjectState read_project_state(const fs::path& project) {
    ProjectState state;
    Db db;
    if (sqlite3_open_v2(project.c_str(), &db.handle, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        state.integrity = std::string("cannot open: ") +
                          (db.handle ? sqlite3_errmsg(db.handle) : "out of memory");
        return state;
    }
    try {
        const auto verdict = query_strings(db.handle, "PRAGMA integrity_check");
        for (const auto& line : verdict)
            state.integrity += (state.integrity.empty() ? "" : "; ") + line;
        if (state.integrity != "ok") return state;

        std::string content;  // hashed at the end (Sha256 takes the whole text)
        for (const char* pragma : {"PRAGMA user_version", "PRAGMA application_id"})
            content.append(query_strings(db.handle, pragma).front() + '\n');
        const auto tables = query_strings(db.handle,
                                          "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                          "name NOT LIKE 'sqlite_%' ORDER BY name");
        for (const auto& table : tables) {
            std::string select;
            for (const auto& column : query_strings(
                     db.handle, "PRAGMA table_info(" + quote_identifier(table) + ")", 1)) {
                if (column.ends_with("_utc")) continue;
                select += (select.empty() ? "" : ", ") + quote_identifier(column);
            }
            sqlite3_stmt* stmt = nullptr;
            const std::string sql = "SELECT " + select + " FROM " + quote_identifier(table);
            if (sqlite3_prepare_v2(db.handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
                throw std::runtime_error(sqlite3_errmsg(db.handle));
            std::vector<std::string> rows;
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
                std::string row;
                for (int c = 0; c < sqlite3_column_count(stmt); ++c) append_value(row, stmt, c);
                rows.push_back(std::move(row));
            }
            sqlite3_finalize(stmt);
            if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db.handle));
            // Row order on disk may differ between equal contents (page splits); sort.
            std::sort(rows.begin(), rows.end());
            content.append(table + '\x1d' + std::to_string(rows.size()) + '\n');
            for (const auto& row : rows) content.append(row + '\n');
            if (!rows.empty())
                state.summary +=
                    (state.summary.empty() ? "" : " ") + table + '=' + std::to_string(rows.size());
        }
        state.digest = Sha256::hex(content);
    } catch (const std::exception& e) {
        state.integrity = std::string("cannot read: ") + e.what();
        state.digest.clear();
    }
    return state;
}

void copy_project(const fs::path& from, const fs::path& to) {
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(to.string() + suffix);
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

pid_t start_child(const std::string& program, const std::vector<std::string>& args,
                  const fs::path& stdout_file, const fs::path& stderr_file,
                  const ChildLimits& limits) {
    // Everything the child needs is built before fork: after it only async-signal-safe calls.
    std::vector<std::string> storage;
    storage.push_back(program);
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string out_path = stdout_file.string(), err_path = stderr_file.string();

    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid > 0) return pid;

    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (limits.max_file_bytes > 0) {
        // Without SIGXFSZ ignored the kernel kills the writer; ignored, write() fails with
        // EFBIG, which is what a program sees on a full disk (ENOSPC) too.
        signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{limits.max_file_bytes, limits.max_file_bytes};
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(126);
    }
    if (limits.as_nobody && geteuid() == 0) {
        if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(126);
    }
    execv(argv[0], argv.data());
    _exit(127);
}

namespace {

ChildEnd child_end(int status) {
    ChildEnd end;
    if (WIFEXITED(status)) {
        end.exited = true;
        end.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        end.signal = WTERMSIG(status);
    }
    return end;
}

}  // namespace

ChildEnd wait_child(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return ChildEnd{};
    return child_end(status);
}

bool poll_child(pid_t pid, ChildEnd& end) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done != pid) return false;
    end = child_end(status);
    return true;
}

}  // namespace twinbench::test
