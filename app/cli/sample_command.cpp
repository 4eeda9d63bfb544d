#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "sample/plant_export.h"

namespace twinbench::cli {
namespace {

class SampleCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("sample", "Write the reference furnace plant's exports and truth.json to DIR");
        sub_->add_option("dir", dir_, "Output folder (created if missing)")->required();
        sub_->add_option("--days", options_.days, "Days of data (default 90)")->check(CLI::Range(1, 3660));
        sub_->add_option("--seed", options_.seed, "Random seed (default 1)");
        sub_->add_option("--step-minutes", options_.step_minutes, "Historian interval in minutes (default 1)")
            ->check(CLI::Range(1, 60));
    }

    int run() override {
        std::error_code ec;
        std::filesystem::create_directories(dir_, ec);
        if (ec) throw ProjectError(fmt::format("{}: cannot create the folder ({})", dir_, ec.message()));
        const auto start = std::chrono::steady_clock::now();
        const auto summary = write_sample_plant(dir_, options_);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << fmt::format("reference plant: {} days from {} ({}), seed {}, every {} min, written in {:.2f} s\n",
                                 options_.days, options_.start_local, options_.time_zone, options_.seed,
                                 options_.step_minutes, seconds);
        for (const auto& f : summary.files)
            std::cout << fmt::format("  {:<28} {:>8} rows {:>12} bytes\n", f.name, f.rows, f.bytes);
        const auto& k = summary.kpis;
        std::cout << fmt::format("true KPIs: {:.1f} good parts/h, scrap rate {:.2f} %, {:.3f} kWh per good part, "
                                 "availability {:.1f} %, mean core temperature {:.1f} °C\n",
                                 k.throughput_per_h, 100.0 * k.scrap_rate, k.energy_kwh_per_part, 100.0 * k.availability,
                                 k.core_temp_c);
        std::cout << fmt::format("planted defects: {} (listed in truth.json)\n", summary.planted_defects);
        return 0;
    }

private:
    std::string dir_;
    SampleOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_sample_command() { return std::make_unique<SampleCommand>(); }

}  // namespace twinbench::cli
