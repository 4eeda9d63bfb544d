#include "cli/command_list.h"

namespace twinbench::cli {

const std::vector<std::unique_ptr<Command>>& command_list() {
    static const auto commands = [] {
        std::vector<std::unique_ptr<Command>> list;
        list.push_back(make_sample_command());
        list.push_back(make_import_command());
        list.push_back(make_roles_command());
        list.push_back(make_audit_command());
        list.push_back(make_graph_command());
        list.push_back(make_fit_command());
        list.push_back(make_report_command());
        list.push_back(make_simulate_command());
        list.push_back(make_optimize_command());
        list.push_back(make_explain_command());
        list.push_back(make_watch_command());
        list.push_back(make_train_command());
        return list;
    }();
    return commands;
}

}  // namespace twinbench::cli
