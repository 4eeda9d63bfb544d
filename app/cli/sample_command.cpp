#include <iostream>

#include "cli/command_list.h"

namespace twinbench::cli {
namespace {

class SampleCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("sample", "Write the reference furnace plant's data (with truth.json) to DIR");
        sub_->add_option("dir", dir_, "Output folder")->required();
        sub_->add_option("--days", days_, "Days of data")->check(CLI::Range(1, 3660));
        sub_->add_option("--seed", seed_, "Random seed");
        sub_->add_option("--step-minutes", step_minutes_, "Historian interval in minutes")->check(CLI::Range(1, 1440));
    }
    int run() override { return 0; }

private:
    std::string dir_;
    int days_ = 90;
    std::uint64_t seed_ = 1;
    int step_minutes_ = 1;
};

}  // namespace

std::unique_ptr<Command> make_sample_command() { return std::make_unique<SampleCommand>(); }

}  // namespace twinbench::cli
