// Runs a command-line program as a child process the way a user's shell would, capturing
// exit code, stdout and stderr: the CLI tests drive the real twinbench-cli through it.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>
#ifndef _WIN32
#include <sys/wait.h>
#endif

#include "support/temp_dir.h"

namespace twinbench::test {

// One argument for the shell std::system runs: '...' with ' escaped (POSIX sh), or "..."
// for cmd.exe (paths there cannot hold '"').
inline std::string shell_quote(const std::string& s) {
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

inline std::vector<std::string> lines_of(const std::string& text) {
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

inline CliRun run_cli(const std::string& program, const TempDir& dir, const std::vector<std::string>& args) {
    CliRun run;
    const auto out_file = dir / "cli.stdout";
    const auto err_file = dir / "cli.stderr";
    std::string command = shell_quote(program);
    for (const auto& a : args) {
        command += ' ';  // appended apart: GCC 12 warns falsely (-Wrestrict) on " " + string
        command += shell_quote(a);
    }
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
    std::filesystem::remove(out_file, ec);
    std::filesystem::remove(err_file, ec);
    return run;
}


}  // namespace twinbench::test
