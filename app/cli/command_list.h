#pragma once

#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

namespace twinbench::cli {

class Command {
public:
    virtual ~Command() = default;
    virtual void add_to(CLI::App& app) = 0;
    bool selected() const { return sub_ != nullptr && sub_->parsed(); }
    virtual int run() = 0;

protected:
    CLI::App* sub_ = nullptr;
};

std::unique_ptr<Command> make_sample_command();
std::unique_ptr<Command> make_import_command();
std::unique_ptr<Command> make_roles_command();
std::unique_ptr<Command> make_audit_command();
std::unique_ptr<Command> make_fit_command();
std::unique_ptr<Command> make_graph_command();
std::unique_ptr<Command> make_report_command();
std::unique_ptr<Command> make_simulate_command();
std::unique_ptr<Command> make_optimize_command();
std::unique_ptr<Command> make_explain_command();
std::unique_ptr<Command> make_watch_command();
std::unique_ptr<Command> make_train_command();

const std::vector<std::unique_ptr<Command>>& command_list();

}  // namespace twinbench::cli
