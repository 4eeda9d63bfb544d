// LD_PRELOAD library for the security tests (issue 8): logs every attempt of the process
// it is loaded into to run a program, open a network connection, load a library or open a
// file, one line per call, to the file named by TWINBENCH_CALL_LOG, and then does what was
// asked. The test reads the log after running twinbench-cli on hostile projects and
// scenarios: no `exec`, no `socket`/`connect` off the machine, no `open` of a path that came
// from the file.
//
// Built without sanitizers: it is loaded before the ASan runtime of a sanitizer build.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Resolved lazily: the real function behind the one this library puts in front.
template <typename Function>
Function real(Function& slot, const char* name) {
    if (!slot) slot = reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
    return slot;
}

using OpenFn = int (*)(const char*, int, ...);
using OpenatFn = int (*)(int, const char*, int, ...);
OpenFn real_open = nullptr;
OpenFn real_open64 = nullptr;
OpenatFn real_openat = nullptr;
OpenatFn real_openat64 = nullptr;

thread_local bool inside_log = false;  // the log's own open must not be logged

// One line per call: "KIND DETAIL\n", written with a single write() (O_APPEND).
void log_call(const char* kind, const char* detail) {
    const char* file = std::getenv("TWINBENCH_CALL_LOG");
    if (!file || inside_log) return;
    inside_log = true;
    static int fd = -1;
    if (fd < 0) fd = real(real_open, "open")(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        char line[4096];
        const int n = std::snprintf(line, sizeof line, "%s %s\n", kind, detail ? detail : "(null)");
        if (n > 0) {
            const auto bytes = static_cast<std::size_t>(n) < sizeof line ? static_cast<std::size_t>(n)
                                                                          : sizeof line - 1;
            [[maybe_unused]] const auto written = write(fd, line, bytes);
        }
    }
    inside_log = false;
}

const char* family_name(int family) {
    switch (family) {
        case AF_UNIX: return "unix";
        case AF_INET: return "inet";
        case AF_INET6: return "inet6";
        case AF_NETLINK: return "netlink";
        default: return "other";
    }
}

mode_t mode_argument(int flags, va_list args) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(args, mode_t) : 0;
}

}  // namespace

extern "C" {

int socket(int domain, int type, int protocol) {
    static int (*next)(int, int, int) = nullptr;
    log_call("socket", family_name(domain));
    return real(next, "socket")(domain, type, protocol);
}

int connect(int fd, const struct sockaddr* address, socklen_t length) {
    static int (*next)(int, const struct sockaddr*, socklen_t) = nullptr;
    char detail[256] = "?";
    if (address && address->sa_family == AF_UNIX)
        std::snprintf(detail, sizeof detail, "unix %s",
                      reinterpret_cast<const sockaddr_un*>(address)->sun_path);
    else if (address)
        std::snprintf(detail, sizeof detail, "%s", family_name(address->sa_family));
    log_call("connect", detail);
    return real(next, "connect")(fd, address, length);
}

int execve(const char* path, char* const argv[], char* const envp[]) {
    static int (*next)(const char*, char* const[], char* const[]) = nullptr;
    log_call("exec", path);
    return real(next, "execve")(path, argv, envp);
}

int execv(const char* path, char* const argv[]) {
    static int (*next)(const char*, char* const[]) = nullptr;
    log_call("exec", path);
    return real(next, "execv")(path, argv);
}

int execvp(const char* file, char* const argv[]) {
    static int (*next)(const char*, char* const[]) = nullptr;
    log_call("exec", file);
    return real(next, "execvp")(file, argv);
}

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
    static int (*next)(pid_t*, const char*, const posix_spawn_file_actions_t*,
                       const posix_spawnattr_t*, char* const[], char* const[]) = nullptr;
    log_call("exec", path);
    return real(next, "posix_spawn")(pid, path, actions, attributes, argv, envp);
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
    static int (*next)(pid_t*, const char*, const posix_spawn_file_actions_t*,
                       const posix_spawnattr_t*, char* const[], char* const[]) = nullptr;
    log_call("exec", file);
    return real(next, "posix_spawnp")(pid, file, actions, attributes, argv, envp);
}

int system(const char* command) {
    static int (*next)(const char*) = nullptr;
    log_call("exec", command);
    return real(next, "system")(command);
}

FILE* popen(const char* command, const char* type) {
    static FILE* (*next)(const char*, const char*) = nullptr;
    log_call("exec", command);
    return real(next, "popen")(command, type);
}

void* dlopen(const char* file, int flags) {
    static void* (*next)(const char*, int) = nullptr;
    log_call("dlopen", file);
    return real(next, "dlopen")(file, flags);
}

int open(const char* path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    log_call("open", path);
    return real(real_open, "open")(path, flags, mode);
}

int open64(const char* path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    log_call("open", path);
    return real(real_open64, "open64")(path, flags, mode);
}

int openat(int folder, const char* path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    log_call("open", path);
    return real(real_openat, "openat")(folder, path, flags, mode);
}

int openat64(int folder, const char* path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    const mode_t mode = mode_argument(flags, args);
    va_end(args);
    log_call("open", path);
    return real(real_openat64, "openat64")(folder, path, flags, mode);
}

FILE* fopen(const char* path, const char* mode) {
    static FILE* (*next)(const char*, const char*) = nullptr;
    log_call("open", path);
    return real(next, "fopen")(path, mode);
}

FILE* fopen64(const char* path, const char* mode) {
    static FILE* (*next)(const char*, const char*) = nullptr;
    log_call("open", path);
    return real(next, "fopen64")(path, mode);
}

}  // extern "C"
