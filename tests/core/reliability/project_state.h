// What the reliability tests compare a project against: the content of every table (a
// digest independent of page layout and of wall-clock stamps) and PRAGMA integrity_check;
// and a child twinbench-cli that can be killed, run as another user or with a file-size
// limit (a disk that fills up).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace twinbench::test {

struct ProjectState {
    std::string integrity;  // "ok" or what PRAGMA integrity_check (or opening) reported
    std::string digest;     // SHA-256 over the rows of every table; "" when unreadable
    std::string summary;    // "dataset=1 source=3 model=4 ..." for failure messages
};

// Opens the file read-write as Twinbench would (a hot WAL left by a killed writer is
// recovered), runs PRAGMA integrity_check and digests every table's rows in sorted
// order. Columns named *_utc are left out: they hold the time of the run, not the data.
ProjectState read_project_state(const std::filesystem::path& project);

// Copies a closed project (without -wal/-shm, removing any left at the destination).
void copy_project(const std::filesystem::path& from, const std::filesystem::path& to);

struct ChildLimits {
    // Largest file the child may write (RLIMIT_FSIZE; writes beyond fail with EFBIG as on
    // a full disk); 0 = no limit.
    std::uint64_t max_file_bytes = 0;
    // Run as the unprivileged user 'nobody' (uid/gid 65534): as root, file permissions do
    // not stop writes, so a read-only test must drop root first.
    bool as_nobody = false;
};

// Starts PROGRAM ARGS... with stdin from /dev/null and stdout/stderr to the given files.
pid_t start_child(const std::string& program, const std::vector<std::string>& args,
                  const std::filesystem::path& stdout_file,
                  const std::filesystem::path& stderr_file, const ChildLimits& limits = {});

struct ChildEnd {
    bool exited = false;  // exit code valid
    int exit_code = -1;
    int signal = 0;  // terminating signal when !exited
};
ChildEnd wait_child(pid_t pid);
// true (and `end` filled) when the child has ended; false while it runs.
bool poll_child(pid_t pid, ChildEnd& end);

}  // namespace twinbench::test
