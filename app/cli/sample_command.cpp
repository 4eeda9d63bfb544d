#include <chrono>
#include <iostream>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/command_list.h"
#include "common/error.h"
#include "common/utf8_path.h"
#include "sample/dryer_export.h"
#include "sample/plant_export.h"

namespace twinbench::cli {
namespace {

class SampleCommand final : public Command {
public:
    void add_to(CLI::App& app) override {
        sub_ = app.add_subcommand("sample", "Write a reference plant's exports and truth.json to DIR "
                                            "(the curing furnace line, or with --template dryer a spray dryer)");
        sub_->add_option("dir", dir_, "Output folder (created if missing)")->required();
        sub_->add_option("--template", template_, "Process: furnace (default) or dryer")
            ->check(CLI::IsMember({"furnace", "dryer"}));
        days_ = sub_->add_option("--days", options_.days, "Days of data (default 90; 60 for the dryer)")
                    ->check(CLI::Range(1, 3660));
        sub_->add_option("--seed", options_.seed, "Random seed (default 1)");
        sub_->add_option("--step-minutes", options_.step_minutes, "Historian interval in minutes (default 1)")
            ->check(CLI::Range(1, 60));
        // Variants with known answers (sample_data/README.md, "Variants").
        sub_->add_option("--variant", variant_,
                         "standard (default), no-checks, direct-scrap, perturbed, german or independent "
                         "(= all four, Europe/Vienna); several joined by commas");
        sub_->add_option("--physics-seed", physics_seed_,
                         fmt::format("Draw the plant's constants from this seed (ranges in truth.json); "
                                     "perturbed and independent use {} when not given",
                                     default_variant_physics_seed));
    }

    int run() override {
        if (template_ == "dryer" && (variant_ != "standard" || physics_seed_))
            throw UsageError("--variant and --physics-seed belong to the furnace template, not to --template dryer");
        if (physics_seed_) {
            options_.physics_seed = *physics_seed_;
            if (variant_ == "standard") variant_ = "perturbed";
        }
        apply_sample_variant(options_, variant_);
        std::error_code ec;
        std::filesystem::create_directories(path_from_utf8(dir_), ec);
        if (ec) throw ProjectError(fmt::format("{}: cannot create the folder ({})", dir_, ec.message()));
        return template_ == "dryer" ? run_dryer() : run_furnace();
    }

private:
    int run_furnace() {
        const auto start = std::chrono::steady_clock::now();
        const auto summary = write_sample_plant(path_from_utf8(dir_), options_);
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
        if (options_.variant != "standard")
            std::cout << fmt::format("variant {}: scrap model {}, manual checks {}, {} export, physics seed {}\n",
                                     options_.variant, scrap_model_name(options_.scrap_model),
                                     options_.manual_checks ? "written" : "not written",
                                     export_style_name(options_.export_style),
                                     options_.physics_seed ? std::to_string(*options_.physics_seed) : "none");
        return 0;
    }

    int run_dryer() {
        DryerSampleOptions options;
        if (days_->count() > 0) options.days = options_.days;
        options.seed = options_.seed;
        options.step_minutes = options_.step_minutes;
        const auto start = std::chrono::steady_clock::now();
        const auto summary = write_dryer_sample(path_from_utf8(dir_), options);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << fmt::format("reference spray dryer: {} days from {} ({}), seed {}, every {} min, written in {:.2f} s\n",
                                 options.days, options.start_local, options.time_zone, options.seed,
                                 options.step_minutes, seconds);
        for (const auto& f : summary.files)
            std::cout << fmt::format("  {:<28} {:>8} rows {:>12} bytes\n", f.name, f.rows, f.bytes);
        const auto& m = summary.means;
        std::cout << fmt::format("true means: outlet air {:.1f} °C, residual moisture {:.2f} %, gas {:.2f} kWh per "
                                 "{} min, powder {:.0f} kg/h, {:.2f} bags per interval, off-spec {:.2f} %\n",
                                 m.outlet_air_temp_degC, m.residual_moisture_pct, m.gas_energy_kwh_per_step,
                                 options.step_minutes, m.powder_kg_per_h, m.bags_filled_per_interval,
                                 100.0 * m.offspec_rate_expected);
        std::cout << fmt::format("planted defects: {} (listed in truth/truth.json with the process graph)\n",
                                 summary.planted_defects);
        return 0;
    }

    std::string dir_;
    std::string template_ = "furnace";
    CLI::Option* days_ = nullptr;
    SampleOptions options_;
    std::string variant_ = "standard";
    std::optional<std::uint64_t> physics_seed_;
};

}  // namespace

std::unique_ptr<Command> make_sample_command() { return std::make_unique<SampleCommand>(); }

}  // namespace twinbench::cli
