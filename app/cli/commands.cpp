#include "cli/commands.h"

#include "cli/command_list.h"

namespace twinbench::cli {

void register_commands(CLI::App& app) {
    for (const auto& command : command_list()) command->add_to(app);
}

int run_selected() {
    for (const auto& command : command_list())
        if (command->selected()) return command->run();
    return 2;
}

}  // namespace twinbench::cli
