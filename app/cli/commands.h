// The sub-commands of twinbench-cli. Each lives in its own file and registers itself here.
#pragma once

#include <CLI/CLI.hpp>

namespace twinbench::cli {

void register_commands(CLI::App& app);
// Runs the sub-command the user chose; returns the exit code.
int run_selected();

}  // namespace twinbench::cli
