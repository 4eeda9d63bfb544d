// twinbench-cli: the engine from the command line (PRODUCT.md section 3). Thin: parses
// arguments, calls core/, prints results; every error becomes one "error:" line on stderr
// and the exit code of its kind.
#include <cstdio>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "common/error.h"

namespace {

int run(int argc, char** argv) {
    CLI::App app{"Twinbench: what-if workbench for process engineers (command line)", "twinbench-cli"};
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
