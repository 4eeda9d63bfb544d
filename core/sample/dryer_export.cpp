#include "sample/dryer_export.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>

#include "common/error.h"
#include "common/utf8_path.h"
#include "sample/dryer_columns.h"
#include "sample/dryer_graph.h"
#include "sample/dryer_side_files.h"
#include "sample/dryer_streams.h"
#include "sample/sample_clock.h"
#include "sample/sample_format.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace {

using sample::LocalClock;
using sample::RandomStream;
namespace col = dryer_columns;

// ---------------------------------------------------------------- historian layout

enum Column : int {
    col_time,
    col_inlet,
    col_outlet,
    col_feed,
    col_solids,
    col_ambient,
    col_humidity,
    col_gas,
    column_count,
};

constexpr std::array<const DryerColumn*, column_count> columns = {
    &col::time,   &col::inlet,   &col::outlet,   &col::feed,
    &col::solids, &col::ambient, &col::humidity, &col::gas,
};

// ---------------------------------------------------------------- planted defects

struct Range {
    std::size_t first = 0;
    std::size_t end = 0;  // exclusive
};

// A cell the historian wrote as text or left empty instead of its value; what the
// importer does with it goes into truth.json.
struct MalformedCell {
    std::size_t step = 0;
    Column column = col_outlet;
    std::string_view text;
    std::string_view importer_effect;
};

struct DefectPlan {
    std::optional<Range> gap;    // rows not written
    std::optional<Range> stuck;  // the humidity sensor repeats one value
    double stuck_value = 0.0;
    std::vector<MalformedCell> malformed;  // by step
    std::vector<std::int64_t> line;        // 1-based line of each step, 0 in the gap
};

// Few defects, far apart, away from the first and last day: the data must still let
// the engine recover the true model.
DefectPlan plan_defects(const DryerRun& run, std::uint64_t seed) {
    DefectPlan plan;
    const std::size_t n = run.steps();
    const auto step_min = static_cast<double>(run.step_minutes);
    const std::size_t edge =
        std::min<std::size_t>(static_cast<std::size_t>(1440 / step_min), n / 10);
    const auto margin = static_cast<std::size_t>(std::max(1.0, 120.0 / step_min));
    RandomStream rng(seed, sample::dryer_streams::defects);
    std::vector<Range> taken;
    auto place = [&](std::size_t length) -> std::optional<Range> {
        length = std::max<std::size_t>(length, 1);
        if (n < 2 * edge + length + 2 * margin + 2) {
            return std::nullopt;
        }
        const auto lo = static_cast<std::int64_t>(std::max<std::size_t>(edge, 1));
        const auto hi = static_cast<std::int64_t>(n - edge - length - 1);
        for (int attempt = 0; attempt < 200; ++attempt) {
            const auto first = static_cast<std::size_t>(rng.uniform_int(lo, hi));
            const Range r{first, first + length};
            const bool clear = std::none_of(taken.begin(), taken.end(), [&](const Range& t) {
                return r.first < t.end + margin && t.first < r.end + margin;
            });
            if (clear) {
                taken.push_back(r);
                return r;
            }
        }
        return std::nullopt;
    };
    auto steps_of = [&](double minutes) {
        return static_cast<std::size_t>(std::max(1.0, std::round(minutes / step_min)));
    };

    // One gap of 1-3 hours: the historian's collector was down.
    plan.gap = place(steps_of(std::round(rng.uniform(60.0, 180.0))));
    // The humidity transmitter freezes for 3-5 hours at its last good reading (as the
    // historian stores it, 2 decimals).
    plan.stuck = place(steps_of(std::round(rng.uniform(180.0, 300.0))));
    if (plan.stuck) {
        plan.stuck_value =
            std::round(run.humidity_measured_g_per_kg[plan.stuck->first] * 100.0) / 100.0;
    }
    // Three single cells: two status texts the historian writes for a bad value (the
    // importer rejects such a row: text in a numeric column) and one empty cell (read as
    // a missing value).
    const MalformedCell kinds[] = {
        {0, col_outlet, "I/O Timeout", "row rejected: text in a numeric column"},
        {0, col_gas, "Bad", "row rejected: text in a numeric column"},
        {0, col_solids, "", "missing value: the row is kept"},
    };
    for (MalformedCell cell : kinds) {
        if (const auto r = place(1)) {
            cell.step = r->first;
            plan.malformed.push_back(cell);
        }
    }
    std::sort(plan.malformed.begin(), plan.malformed.end(),
              [](const MalformedCell& a, const MalformedCell& b) { return a.step < b.step; });

    plan.line.assign(n, 0);
    std::int64_t next = 2;  // line 1 is the header
    for (std::size_t i = 0; i < n; ++i) {
        if (!(plan.gap && i >= plan.gap->first && i < plan.gap->end)) {
            plan.line[i] = next++;
        }
    }
    return plan;
}

// ---------------------------------------------------------------- historian writing

SampleFileInfo write_historian(const std::filesystem::path& dir, const DryerRun& run,
                               const LocalClock& clock, const DefectPlan& plan) {
    std::string out;
    out.reserve(80 * run.steps() + 256);
    for (int c = 0; c < column_count; ++c) {
        if (c > 0) {
            out.push_back(',');
        }
        out.append(columns[static_cast<std::size_t>(c)]->header);
    }
    out.push_back('\n');

    std::size_t next_malformed = 0;
    std::int64_t rows = 0;
    for (std::size_t i = 0; i < run.steps(); ++i) {
        if (plan.line[i] == 0) {
            continue;
        }
        const MalformedCell* bad = nullptr;
        if (next_malformed < plan.malformed.size() && plan.malformed[next_malformed].step == i) {
            bad = &plan.malformed[next_malformed++];
        }
        auto value = [&](Column c, double v, int decimals) {
            out.push_back(',');
            if (bad != nullptr && bad->column == c) {
                out.append(bad->text);
            } else {
                sample::append_fixed(out, v, decimals, '.');
            }
        };
        const sample::UtcSeconds t = run.time_utc(i);
        sample::append_iso_offset(out, t, clock.offset_seconds(t));
        value(col_inlet, run.inlet_setpoint_degC[i], 1);
        value(col_outlet, run.outlet_measured_degC[i], 2);
        value(col_feed, run.feed_rate_kg_per_h[i], 1);
        value(col_solids, run.solids_measured_pct[i], 2);
        value(col_ambient, run.ambient_measured_degC[i], 2);
        const bool stuck = plan.stuck && i >= plan.stuck->first && i < plan.stuck->end;
        value(col_humidity, stuck ? plan.stuck_value : run.humidity_measured_g_per_kg[i], 2);
        value(col_gas, run.gas_measured_kwh[i], 3);
        out.push_back('\n');
        ++rows;
    }
    sample::write_file(dir / dryer_historian_file, out);
    return SampleFileInfo{dryer_historian_file, rows, out.size()};
}

// ---------------------------------------------------------------- truth.json

nlohmann::json planted_defects_json(const DryerRun& run, const DefectPlan& plan) {
    auto utc = [&](std::size_t i) { return sample::format_iso_utc(run.time_utc(i)); };
    nlohmann::json gaps = nlohmann::json::array();
    if (plan.gap) {
        const Range& r = *plan.gap;
        gaps.push_back({{"file", dryer_historian_file},
                        {"start_utc", utc(r.first)},
                        {"end_utc", utc(r.end)},
                        {"rows_missing", r.end - r.first},
                        {"line_before", plan.line[r.first - 1]},
                        {"line_after", plan.line[r.end]}});
    }
    nlohmann::json stuck = nlohmann::json::array();
    if (plan.stuck) {
        const Range& r = *plan.stuck;
        stuck.push_back({{"file", dryer_historian_file},
                         {"column", std::string(col::humidity.header)},
                         {"start_utc", utc(r.first)},
                         {"end_utc", utc(r.end)},
                         {"first_line", plan.line[r.first]},
                         {"last_line", plan.line[r.end - 1]},
                         {"value", plan.stuck_value}});
    }
    nlohmann::json cells = nlohmann::json::array();
    for (const MalformedCell& m : plan.malformed) {
        cells.push_back({{"file", dryer_historian_file},
                         {"line", plan.line[m.step]},
                         {"time_utc", utc(m.step)},
                         {"column", std::string(columns[m.column]->header)},
                         {"text", std::string(m.text)},
                         {"importer_effect", std::string(m.importer_effect)}});
    }
    return {
        {"note",
         "Historian defects only (the lab and bagging files are clean). Times are UTC, ranges "
         "[start_utc, end_utc); lines are 1-based with the header as line 1."},
        {"gaps", gaps},
        {"stuck_sensor", stuck},
        {"malformed_cells", cells},
    };
}

nlohmann::json options_json(const DryerSampleOptions& o, const DryerInputs& in) {
    return {
        {"template", "dryer"},
        {"days", o.days},
        {"seed", o.seed},
        {"step_minutes", o.step_minutes},
        {"start_local", o.start_local},
        {"time_zone", o.time_zone},
        {"start_utc", sample::format_iso_utc(in.start_utc)},
        {"end_utc", sample::format_iso_utc(in.time_utc(in.steps()))},
        {"steps", in.steps()},
        {"bags_stamped_at", o.bags_stamped_at_end ? "end" : "start"},
    };
}

nlohmann::json summary_json(const DryerRun& run, const DryerOutputMeans& m) {
    std::int64_t bags = 0, offspec = 0;
    for (const BagInterval& b : run.bags) {
        bags += b.bags_filled;
        offspec += b.bags_offspec;
    }
    nlohmann::json by_column = nlohmann::json::object();
    for (const auto& [name, value] : output_means_by_column(m)) {
        by_column[name] = value;
    }
    return {
        {"note",
         "Means of the noise-free outputs over the whole run (dryer_output_means); "
         "off-spec expected = sum of p * bags."},
        {"outputs", by_column},
        {"mean_outlet_air_temp_degC", m.outlet_air_temp_degC},
        {"mean_residual_moisture_pct", m.residual_moisture_pct},
        {"mean_gas_energy_kwh_per_step", m.gas_energy_kwh_per_step},
        {"mean_powder_kg_per_h", m.powder_kg_per_h},
        {"bags_filled_per_interval", m.bags_filled_per_interval},
        {"offspec_rate_expected", m.offspec_rate_expected},
        {"bags_filled", bags},
        {"bags_offspec", offspec},
        {"bag_intervals", run.bags.size()},
        {"lab_samples", run.lab.size()},
        {"steps", run.steps()},
    };
}

}  // namespace

DryerSampleSummary write_dryer_sample(const std::filesystem::path& dir,
                                      const DryerSampleOptions& options) {
    const DryerScenario scenario = make_dryer_scenario(options);
    const DryerRun run = simulate_dryer(scenario.truth, scenario.inputs, scenario.seed);
    const LocalClock clock(options.time_zone);

    std::error_code ec;
    std::filesystem::create_directories(dir / "truth", ec);
    if (ec || !std::filesystem::is_directory(dir / "truth")) {
        throw ProjectError("cannot create directory " + utf8_path_string(dir) +
                           (ec ? ": " + ec.message() : std::string()));
    }

    const DefectPlan plan = plan_defects(run, options.seed);
    DryerSampleSummary summary;
    summary.dir = dir;
    summary.steps = static_cast<std::int64_t>(run.steps());
    summary.means = dryer_output_means(run);
    summary.lab_samples = static_cast<std::int64_t>(run.lab.size());
    summary.bag_intervals = static_cast<std::int64_t>(run.bags.size());
    summary.planted_defects =
        static_cast<int>((plan.gap ? 1 : 0) + (plan.stuck ? 1 : 0) + plan.malformed.size());
    summary.files.push_back(write_historian(dir, run, clock, plan));
    summary.historian_rows = summary.files.back().rows;
    summary.files.push_back(sample::write_dryer_lab_file(dir, run, clock));
    summary.files.push_back(sample::write_dryer_bagging_file(dir, run, clock, options.bags_stamped_at_end));
    // The hidden truth goes into a subfolder so that `import P DIR/*.csv` takes only what a
    // plant would export.
    summary.files.push_back(sample::write_dryer_truth_series(dir, run));
    summary.files.push_back(sample::write_dryer_truth_bagging(dir, run));

    nlohmann::json j = to_json(scenario.truth);
    j["generator"] = {
        {"name", "twinbench reference spray dryer"}, {"template", "dryer"}, {"format_version", 1}};
    j["options"] = options_json(options, scenario.inputs);
    j["inputs_profile"] = to_json(DryerInputProfile{});
    j["graph"] = dryer_graph_json(scenario.truth, options.step_minutes);
    j["planted_defects"] = planted_defects_json(run, plan);
    j["summary"] = summary_json(run, summary.means);
    nlohmann::json files = nlohmann::json::array();
    for (const SampleFileInfo& f : summary.files) {
        files.push_back({{"name", f.name}, {"rows", f.rows}, {"bytes", f.bytes}});
    }
    j["files"] = files;
    const std::string text = j.dump(2) + "\n";
    sample::write_file(dir / "truth" / "truth.json", text);
    summary.files.push_back({"truth/truth.json", 0, text.size()});
    return summary;
}

}  // namespace twinbench
