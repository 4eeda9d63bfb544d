// twinbench-cli: the engine from the command line (PRODUCT.md section 3). Thin: parses
// arguments, calls core/, prints results; every error becomes one "error:" line on stderr
// and the exit code of its kind.
#include <cstdio>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "common/error.h"
#include "common/utf8_path.h"

#ifdef _WIN32
#include <filesystem>
#include <string>

#include <date/tz.h>
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#endif

namespace {

#ifdef _WIN32
// Windows has no zoneinfo: date reads the IANA files the installer puts in
// <install>\share\twinbench\tzdata (installer/windows/windows_install.cmake).
void use_installed_time_zone_data() {
    std::wstring exe(32768, L'\0');
    const DWORD length = GetModuleFileNameW(nullptr, exe.data(), static_cast<DWORD>(exe.size()));
    if (length == 0 || length >= exe.size()) return;
    exe.resize(length);
    const auto tzdata =
        std::filesystem::path(exe).parent_path().parent_path() / "share" / "twinbench" / "tzdata";
    // date opens the files with narrow names; they are UTF-8 because the executable declares
    // UTF-8 as its code page (installer/windows/twinbench.manifest).
    if (std::filesystem::is_directory(tzdata))
        date::set_install(twinbench::utf8_path_string(tzdata));
}

// Messages are UTF-8 (°C, file names with umlauts); the console shows them as such only when
// told so (it uses the OEM code page, e.g. 850, by default).
void use_utf8_console() {
    SetConsoleOutputCP(CP_UTF8);
}
#endif

int run(int argc, char** argv) {
#ifdef _WIN32
    use_installed_time_zone_data();
    use_utf8_console();
#endif
    CLI::App app{"Twinbench: what-if workbench for process engineers (command line)",
                 "twinbench-cli"};
#if defined(_WIN32) && \
    (CLI11_VERSION_MAJOR > 2 || (CLI11_VERSION_MAJOR == 2 && CLI11_VERSION_MINOR >= 4))
    // The arguments as UTF-8 from the wide command line, whatever the code page (the commands
    // turn file names into paths with path_from_utf8).
    argv = app.ensure_utf8(argv);
#endif
    app.set_version_flag("--version", std::string("twinbench-cli ") + TWINBENCH_VERSION);
    app.require_subcommand(1);
    twinbench::cli::register_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << e.what() << " (see twinbench-cli --help)\n";
        return static_cast<int>(twinbench::ExitCode::usage);
    }
    try {
        return twinbench::cli::run_selected();
    } catch (const twinbench::Error& e) {
        std::cerr << "error: " << e.what() << '\n';
        return static_cast<int>(e.code());
    } catch (const twinbench::Cancelled& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: internal error: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (...) {  // even building the option parser can throw (out of memory)
        std::cerr << "error: internal error while starting twinbench-cli\n";
        return 1;
    }
}
