#include "sample/plant_export.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <system_error>

#include "common/error.h"
#include "common/utf8_path.h"
#include "sample/plant_physics.h"
#include "sample/plant_side_files.h"
#include "sample/sample_clock.h"
#include "sample/sample_format.h"
#include "sample/sample_random.h"

namespace twinbench {

namespace {

using sample::LocalClock;
using sample::RandomStream;

// ---------------------------------------------------------------- historian layout

using sample::col_ambient;
using sample::col_setpoint;
using sample::col_energy;
using sample::col_furnace;
using sample::col_humidity;
using sample::col_speed;
using sample::col_wear;
using sample::HistorianColumn;
using sample::HistorianStyle;
using Column = HistorianColumn;

// Columns fed by sensors, where dropouts (empty cells) occur. Setpoint, counts and
// state come from the PLC and are always present.
constexpr std::array<Column, 6> sensor_columns = {col_speed,    col_furnace, col_ambient,
                                                  col_humidity, col_energy,  col_wear};
constexpr double dropout_probability = 0.002;

enum class RowKind : std::uint8_t {
    normal,
    gap,              // row not written
    missing_field,    // the ambient temperature field is left out
    extra_field,      // the humidity field is written twice
    text_in_numeric,  // "1,04,87" (a garbled number) instead of the energy value
    impossible_date,  // the date reads 31.02.yyyy
};

std::string_view row_kind_name(RowKind kind) {
    switch (kind) {
        case RowKind::missing_field:
            return "missing_field";
        case RowKind::extra_field:
            return "extra_field";
        case RowKind::text_in_numeric:
            return "text_in_numeric_field";
        case RowKind::impossible_date:
            return "impossible_date";
        default:
            return "normal";
    }
}

struct Layout {
    std::vector<std::int64_t> wall;        // local clock of each step
    std::vector<int> file_index;           // which historian file
    std::vector<std::string> file_names;   // historian_YYYY-MM.csv
    std::vector<std::uint8_t> near_dst;    // within 6 h of a UTC offset change
    std::vector<std::int64_t> line;        // 1-based line in its file, 0 for gap rows
};

Layout make_layout(const PlantRun& run, const LocalClock& clock, const HistorianStyle& style) {
    Layout lay;
    const std::size_t n = run.steps();
    lay.wall.resize(n);
    lay.file_index.resize(n);
    lay.near_dst.assign(n, 0);
    int last_key = -1;
    for (std::size_t i = 0; i < n; ++i) {
        lay.wall[i] = clock.to_wall(run.time_utc(i));
        const sample::CivilTime c = sample::civil_from_seconds(lay.wall[i]);
        const int key = c.year * 100 + c.month;
        if (key != last_key) {
            std::string name = sample::historian_file_name(style, c.year, c.month);
            const auto it = std::find(lay.file_names.begin(), lay.file_names.end(), name);
            if (it == lay.file_names.end()) {
                lay.file_names.push_back(name);
            }
            last_key = key;
        }
        lay.file_index[i] = static_cast<int>(lay.file_names.size()) - 1;
    }
    const auto window = static_cast<std::size_t>(6 * 60 / run.step_minutes + 1);
    for (std::size_t i = 1; i < n; ++i) {
        const std::int64_t off_prev = lay.wall[i - 1] - run.time_utc(i - 1);
        const std::int64_t off = lay.wall[i] - run.time_utc(i);
        if (off != off_prev) {
            const std::size_t lo = i > window ? i - window : 0;
            const std::size_t hi = std::min(n, i + window);
            std::fill(lay.near_dst.begin() + static_cast<std::ptrdiff_t>(lo),
                      lay.near_dst.begin() + static_cast<std::ptrdiff_t>(hi), 1);
        }
    }
    return lay;
}

// ---------------------------------------------------------------- defect planning

struct Range {
    std::size_t first = 0;
    std::size_t end = 0;  // exclusive
};

struct DefectPlan {
    std::vector<RowKind> kind;
    std::vector<double> furnace_override;  // NaN: write the measured value
    std::vector<std::uint16_t> dropouts;   // bit c set: column c is empty
    std::vector<Range> gaps;
    std::vector<Range> stuck;
    std::vector<std::size_t> spikes;
    std::vector<std::size_t> malformed;
    std::size_t dropout_cells = 0;
};

class DefectPlanner {
public:
    DefectPlanner(const PlantRun& run, const Layout& layout, std::uint64_t seed)
        : run_(run), lay_(layout), rng_(seed, sample::streams::defects),
          busy_(run.steps(), 0) {
        const std::size_t per_day = static_cast<std::size_t>(1440 / run.step_minutes);
        // Keep the first and last day clean when there is room, so every file starts and
        // ends with ordinary rows.
        edge_ = std::min(per_day, run.steps() / 10);
        margin_ = static_cast<std::size_t>(std::max(1, 60 / run.step_minutes));
    }

    // A free stretch of `length` steps inside one file (the rows around it too), away
    // from DST changes and other defects. nullopt when none is found.
    std::optional<Range> place(std::size_t length) {
        const std::size_t n = run_.steps();
        length = std::max<std::size_t>(length, 1);
        if (n < 2 * edge_ + length + 2) {
            return std::nullopt;
        }
        const auto lo = static_cast<std::int64_t>(std::max<std::size_t>(edge_, 1));
        const auto hi = static_cast<std::int64_t>(n - edge_ - length - 1);
        for (int attempt = 0; attempt < 400; ++attempt) {
            const auto first = static_cast<std::size_t>(rng_.uniform_int(lo, hi));
            const Range r{first, first + length};
            if (fits(r)) {
                const std::size_t b0 = r.first > margin_ ? r.first - margin_ : 0;
                const std::size_t b1 = std::min(n, r.end + margin_);
                std::fill(busy_.begin() + static_cast<std::ptrdiff_t>(b0),
                          busy_.begin() + static_cast<std::ptrdiff_t>(b1), 1);
                return r;
            }
        }
        return std::nullopt;
    }

    RandomStream& rng() { return rng_; }

private:
    bool fits(const Range& r) const {
        const int file = lay_.file_index[r.first];
        if (lay_.file_index[r.first - 1] != file || lay_.file_index[r.end] != file) {
            return false;
        }
        for (std::size_t i = r.first - 1; i <= r.end; ++i) {
            if (busy_[i] || lay_.near_dst[i]) {
                return false;
            }
        }
        return true;
    }

    const PlantRun& run_;
    const Layout& lay_;
    RandomStream rng_;
    std::vector<std::uint8_t> busy_;
    std::size_t edge_ = 0;
    std::size_t margin_ = 1;
};

std::size_t minutes_to_steps(double minutes, int step_minutes) {
    return static_cast<std::size_t>(
        std::max(1.0, std::round(minutes / static_cast<double>(step_minutes))));
}

DefectPlan plan_defects(const PlantRun& run, const Layout& lay, std::uint64_t seed) {
    const std::size_t n = run.steps();
    DefectPlan plan;
    plan.kind.assign(n, RowKind::normal);
    plan.furnace_override.assign(n, std::numeric_limits<double>::quiet_NaN());
    plan.dropouts.assign(n, 0);
    DefectPlanner planner(run, lay, seed);
    RandomStream& rng = planner.rng();

    // 2-3 gaps of 1-6 hours: the historian lost rows.
    const int gap_count = rng.bernoulli(0.5) ? 3 : 2;
    for (int g = 0; g < gap_count; ++g) {
        const double minutes = std::round(rng.uniform(60.0, 360.0));
        if (auto r = planner.place(minutes_to_steps(minutes, run.step_minutes))) {
            for (std::size_t i = r->first; i < r->end; ++i) {
                plan.kind[i] = RowKind::gap;
            }
            plan.gaps.push_back(*r);
        }
    }
    // One stuck furnace thermocouple for about 10 hours: the value freezes at the last
    // good reading (rounded as the historian stores it).
    {
        const double minutes = std::round(rng.uniform(540.0, 660.0));
        if (auto r = planner.place(minutes_to_steps(minutes, run.step_minutes))) {
            const double frozen = std::round(run.furnace_measured_degC[r->first] * 100.0) / 100.0;
            for (std::size_t i = r->first; i < r->end; ++i) {
                plan.furnace_override[i] = frozen;
            }
            plan.stuck.push_back(*r);
        }
    }
    // Four malformed lines, one of each kind.
    for (RowKind kind : {RowKind::missing_field, RowKind::extra_field, RowKind::text_in_numeric,
                         RowKind::impossible_date}) {
        if (auto r = planner.place(1)) {
            plan.kind[r->first] = kind;
            plan.malformed.push_back(r->first);
        }
    }
    // About ten single-sample spikes on the furnace temperature (mostly upward, as a
    // loose thermocouple contact shows them).
    for (int s = 0; s < 10; ++s) {
        if (auto r = planner.place(1)) {
            const double sign = rng.bernoulli(0.7) ? 1.0 : -1.0;
            const double value = run.furnace_measured_degC[r->first] + sign * rng.uniform(40.0, 120.0);
            plan.furnace_override[r->first] = std::round(value * 100.0) / 100.0;
            plan.spikes.push_back(r->first);
        }
    }
    std::sort(plan.spikes.begin(), plan.spikes.end());
    std::sort(plan.malformed.begin(), plan.malformed.end());

    // Dropouts: each sensor cell of an otherwise ordinary row is empty with a small
    // probability. A separate stream, one draw per cell, so the rest of the plan does
    // not move when the dropout rate is tuned.
    RandomStream drop_rng(seed, sample::streams::dropouts);
    for (std::size_t i = 0; i < n; ++i) {
        const bool eligible = plan.kind[i] == RowKind::normal && std::isnan(plan.furnace_override[i]);
        for (Column c : sensor_columns) {
            const bool drop = drop_rng.uniform() < dropout_probability;
            if (drop && eligible) {
                plan.dropouts[i] = static_cast<std::uint16_t>(plan.dropouts[i] | (1u << c));
                ++plan.dropout_cells;
            }
        }
    }
    return plan;
}

void number_lines(Layout& lay, const DefectPlan& plan) {
    lay.line.assign(lay.wall.size(), 0);
    std::vector<std::int64_t> next(lay.file_names.size(), 2);  // line 1 is the header
    for (std::size_t i = 0; i < lay.wall.size(); ++i) {
        if (plan.kind[i] != RowKind::gap) {
            lay.line[i] = next[static_cast<std::size_t>(lay.file_index[i])]++;
        }
    }
}

// ---------------------------------------------------------------- historian writing

void append_row(std::string& out, std::size_t i, const PlantRun& run, const Layout& lay,
                const DefectPlan& plan, const HistorianStyle& style) {
    const RowKind kind = plan.kind[i];
    const std::uint16_t drops = plan.dropouts[i];
    auto dropped = [&](Column c) { return (drops >> c) & 1u; };
    auto value = [&](Column c, double v, int decimals) {
        out.push_back(';');
        if (!dropped(c)) {
            sample::append_fixed(out, v, decimals, ',');
        }
    };

    if (kind == RowKind::impossible_date) {
        const sample::CivilTime c = sample::civil_from_seconds(lay.wall[i]);
        // Same time of day, a date that does not exist.
        std::string stamp;
        sample::append_dmy_hms(stamp, sample::seconds_from_civil(c.year, 3, 1, c.hour, c.minute,
                                                                 c.second));
        out.append("31.02.");
        out.append(stamp, 6, std::string::npos);
    } else {
        sample::append_dmy_hms(out, lay.wall[i]);
    }
    value(col_speed, run.speed_actual_m_per_min[i], 2);
    value(col_setpoint, run.setpoint_effective_degC[i], 1);
    const double furnace = std::isnan(plan.furnace_override[i]) ? run.furnace_measured_degC[i]
                                                                : plan.furnace_override[i];
    value(col_furnace, furnace, 2);
    if (kind != RowKind::missing_field) {
        value(col_ambient, run.ambient_measured_degC[i], 2);
    }
    value(col_humidity, run.humidity_measured_pct[i], 1);
    if (kind == RowKind::extra_field) {
        value(col_humidity, run.humidity_measured_pct[i], 1);
    }
    out.push_back(';');
    sample::append_int(out, run.produced[i]);
    out.push_back(';');
    sample::append_int(out, run.scrap[i]);
    if (kind == RowKind::text_in_numeric) {
        out.append(";1,04,87");
    } else {
        value(col_energy, run.energy_measured_kwh[i], 4);
    }
    out.push_back(';');
    out.append(sample::state_word(style, run.state[i]));
    value(col_wear, run.wear_pct[i], 3);
    out.append("\r\n");
}

struct HistorianResult {
    std::vector<SampleFileInfo> files;
    std::map<std::size_t, std::string> malformed_text;  // step -> line as written
    std::int64_t rows = 0;
};

HistorianResult write_historian(const std::filesystem::path& dir, const PlantRun& run,
                                const Layout& lay, const DefectPlan& plan,
                                const HistorianStyle& style) {
    HistorianResult result;
    const std::string header = sample::header_bytes(style);

    std::string out;
    int current = -1;
    std::int64_t rows = 0;
    auto flush = [&] {
        if (current >= 0) {
            const std::string& name = lay.file_names[static_cast<std::size_t>(current)];
            sample::write_file(dir / name, out);
            result.files.push_back({name, rows, out.size()});
        }
    };
    for (std::size_t i = 0; i < run.steps(); ++i) {
        if (lay.file_index[i] != current) {
            flush();
            current = lay.file_index[i];
            out.clear();
            out.reserve(96 * 31 * 1440 / static_cast<std::size_t>(run.step_minutes) + 1024);
            out.append(header);
            rows = 0;
        }
        if (plan.kind[i] == RowKind::gap) {
            continue;
        }
        const std::size_t line_start = out.size();
        append_row(out, i, run, lay, plan, style);
        if (plan.kind[i] != RowKind::normal) {
            result.malformed_text[i] = out.substr(line_start, out.size() - line_start - 2);
        }
        ++rows;
        ++result.rows;
    }
    flush();
    return result;
}

// ---------------------------------------------------------------- truth.json

nlohmann::json planted_defects_json(const PlantRun& run, const Layout& lay,
                                    const DefectPlan& plan, const HistorianResult& hist,
                                    const HistorianStyle& style) {
    const auto& column_names = style.column_names;
    auto file_of = [&](std::size_t i) {
        return lay.file_names[static_cast<std::size_t>(lay.file_index[i])];
    };
    auto utc = [&](std::size_t i) { return sample::format_iso_utc(run.time_utc(i)); };
    const std::string furnace_col(column_names[col_furnace]);

    nlohmann::json gaps = nlohmann::json::array();
    for (const Range& r : plan.gaps) {
        gaps.push_back({
            {"file", file_of(r.first)},
            {"start_utc", utc(r.first)},
            {"end_utc", utc(r.end)},
            {"rows_missing", r.end - r.first},
            {"line_before", lay.line[r.first - 1]},
            {"line_after", lay.line[r.end]},
        });
    }
    nlohmann::json stuck = nlohmann::json::array();
    for (const Range& r : plan.stuck) {
        stuck.push_back({
            {"file", file_of(r.first)},
            {"column", furnace_col},
            {"start_utc", utc(r.first)},
            {"end_utc", utc(r.end)},
            {"first_line", lay.line[r.first]},
            {"last_line", lay.line[r.end - 1]},
            {"value", plan.furnace_override[r.first]},
        });
    }
    nlohmann::json spikes = nlohmann::json::array();
    for (std::size_t i : plan.spikes) {
        spikes.push_back({
            {"file", file_of(i)},
            {"line", lay.line[i]},
            {"time_utc", utc(i)},
            {"column", furnace_col},
            {"value", plan.furnace_override[i]},
            {"true_measured_value", std::round(run.furnace_measured_degC[i] * 100.0) / 100.0},
            {"true_value", run.furnace_true_degC[i]},
        });
    }
    nlohmann::json malformed = nlohmann::json::array();
    for (std::size_t i : plan.malformed) {
        const auto it = hist.malformed_text.find(i);
        malformed.push_back({
            {"file", file_of(i)},
            {"line", lay.line[i]},
            {"time_utc", utc(i)},
            {"kind", row_kind_name(plan.kind[i])},
            {"text", it != hist.malformed_text.end() ? it->second : std::string()},
        });
    }
    nlohmann::json cells = nlohmann::json::array();
    nlohmann::json per_column = nlohmann::json::object();
    for (Column c : sensor_columns) {
        per_column[std::string(column_names[c])] = 0;
    }
    for (std::size_t i = 0; i < run.steps(); ++i) {
        if (plan.dropouts[i] == 0) {
            continue;
        }
        for (Column c : sensor_columns) {
            if ((plan.dropouts[i] >> c) & 1u) {
                const std::string name(column_names[c]);
                per_column[name] = per_column[name].get<int>() + 1;
                cells.push_back({{"file", file_of(i)},
                                 {"line", lay.line[i]},
                                 {"time_utc", utc(i)},
                                 {"column", name}});
            }
        }
    }
    const double sensor_cells = static_cast<double>(hist.rows) * static_cast<double>(sensor_columns.size());
    nlohmann::json j;
    j["note"] =
        "Historian defects. Times are UTC, ranges are [start_utc, end_utc); lines are 1-based "
        "with the header as line 1. Gaps: rows missing between line_before and line_after.";
    j["gaps"] = gaps;
    j["stuck_sensor"] = stuck;
    j["spikes"] = spikes;
    j["malformed_lines"] = malformed;
    j["dropouts"] = {
        {"count", plan.dropout_cells},
        {"fraction_of_sensor_cells",
         sensor_cells > 0 ? static_cast<double>(plan.dropout_cells) / sensor_cells : 0.0},
        {"by_column", per_column},
        {"cells", cells},
    };
    return j;
}

bool is_designed_plant(const SampleOptions& o) {
    return o.manual_checks && o.scrap_model == ScrapModel::core_window && !o.physics_seed &&
           o.export_style == ExportStyle::standard;
}

nlohmann::json options_json(const SampleOptions& o, const PlantInputs& in) {
    nlohmann::json j = {
        {"days", o.days},
        {"seed", o.seed},
        {"step_minutes", o.step_minutes},
        {"start_local", o.start_local},
        {"time_zone", o.time_zone},
        {"start_utc", sample::format_iso_utc(in.start_utc)},
        {"end_utc", sample::format_iso_utc(in.time_utc(in.steps()))},
        {"steps", in.steps()},
    };
    // Only for variants, so the designed plant's truth.json keeps its bytes.
    if (!is_designed_plant(o)) {
        j["variant"] = o.variant;
        j["manual_checks"] = o.manual_checks;
        j["scrap_model"] = scrap_model_name(o.scrap_model);
        j["export_style"] = export_style_name(o.export_style);
        j["physics_seed"] = o.physics_seed ? nlohmann::json(*o.physics_seed) : nlohmann::json();
    }
    return j;
}

nlohmann::json summary_json(const PlantKpis& k, const PlantRun& run) {
    int stops = 0;
    for (const PlantEvent& e : run.events) {
        stops += e.kind == PlantEvent::Kind::stop ? 1 : 0;
    }
    return {
        {"overall_scrap_rate", k.scrap_rate},
        {"energy_kwh_per_good_part", k.energy_kwh_per_part},
        {"availability", k.availability},
        {"mean_core_temp_degC", k.core_temp_c},
        {"parts_produced", k.produced},
        {"parts_scrapped", k.scrapped},
        {"good_parts", k.good},
        {"throughput_good_per_h", k.throughput_per_h},
        {"energy_kwh", k.energy_kwh},
        {"energy_cost_eur", k.energy_cost},
        {"maintenance_count", k.maintenance_count},
        {"unplanned_stop_count", stops},
        {"hours", k.hours},
    };
}

}  // namespace

SampleSummary write_sample_plant(const std::filesystem::path& dir, const SampleOptions& options) {
    const SampleScenario scenario = make_sample_scenario(options);
    const PlantTruth& truth = scenario.truth;
    const PlantInputs& inputs = scenario.inputs;
    const PlantRun run = simulate_plant(truth, inputs, scenario.seed);
    const LocalClock clock(options.time_zone);

    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        throw ProjectError("cannot create directory " + utf8_path_string(dir) +
                           (ec ? ": " + ec.message() : std::string()));
    }

    const HistorianStyle& style = sample::historian_style(options.export_style);
    Layout layout = make_layout(run, clock, style);
    const DefectPlan plan = plan_defects(run, layout, options.seed);
    number_lines(layout, plan);
    HistorianResult hist = write_historian(dir, run, layout, plan, style);

    SampleSummary summary;
    summary.dir = dir;
    summary.steps = static_cast<std::int64_t>(run.steps());
    summary.historian_rows = hist.rows;
    summary.kpis = summarize_run(truth, inputs, run);
    summary.files = hist.files;
    summary.planted_defects =
        static_cast<int>(plan.gaps.size() + plan.stuck.size() + plan.spikes.size() +
                         plan.malformed.size() + plan.dropout_cells);

    auto add = [&](const char* name, const sample::WrittenFile& w) {
        summary.files.push_back({name, w.rows, w.bytes});
    };
    if (options.manual_checks) {
        add("manual_checks.csv", sample::write_manual_checks(dir / "manual_checks.csv", truth,
                                                             run, clock, options.days,
                                                             options.seed));
    }
    const std::string maintenance_name(style.maintenance_log_name);
    add(maintenance_name.c_str(),
        sample::write_maintenance_log(dir / maintenance_name, run, clock, options.seed));
    const std::string batches_name(style.batches_name);
    add(batches_name.c_str(),
        sample::write_batches(dir / batches_name, run, clock, options.export_style));
    // The hidden truth goes into a subfolder so that `import P DIR/*.csv` takes only what a
    // plant would export.
    std::filesystem::create_directories(dir / "truth");
    add("truth/truth_series.csv", sample::write_truth_series(dir / "truth" / "truth_series.csv", run));

    nlohmann::json j = to_json(truth);
    j["generator"] = {{"name", "twinbench reference plant"}, {"format_version", 1}};
    j["options"] = options_json(options, inputs);
    j["inputs_profile"] = to_json(InputProfile{});
    j["initial_wear_pct"] = inputs.initial_wear_pct;
    j["planted_defects"] = planted_defects_json(run, layout, plan, hist, style);
    if (options.physics_seed) {
        j["physics"] = physics_json(*options.physics_seed);
    }
    j["summary"] = summary_json(summary.kpis, run);
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
