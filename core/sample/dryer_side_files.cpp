#include "sample/dryer_side_files.h"

#include "sample/dryer_columns.h"
#include "sample/dryer_graph.h"
#include "sample/sample_format.h"

namespace twinbench::sample {

namespace {

namespace col = dryer_columns;

SampleFileInfo finish(const std::filesystem::path& dir, const std::string& name,
                      const std::string& text, std::int64_t rows) {
    write_file(dir / name, text);
    return SampleFileInfo{name, rows, text.size()};
}

void append_local(std::string& out, UtcSeconds t, const LocalClock& clock) {
    append_iso_offset(out, t, clock.offset_seconds(t));
}

}  // namespace

SampleFileInfo write_dryer_lab_file(const std::filesystem::path& dir, const DryerRun& run,
                                    const LocalClock& clock) {
    std::string out;
    out.append(col::lab_time.header).append(",").append(col::moisture.header).append("\n");
    for (const LabSample& s : run.lab) {
        append_local(out, s.time_utc, clock);
        out.push_back(',');
        append_fixed(out, s.moisture_measured_pct, 2, '.');
        out.push_back('\n');
    }
    return finish(dir, dryer_lab_file, out, static_cast<std::int64_t>(run.lab.size()));
}

SampleFileInfo write_dryer_bagging_file(const std::filesystem::path& dir, const DryerRun& run,
                                        const LocalClock& clock, bool stamped_at_end) {
    std::string out;
    out.append(stamped_at_end ? col::bag_end_time.header : col::bag_time.header)
        .append(",")
        .append(col::bags_filled.header)
        .append(",")
        .append(col::bags_offspec.header)
        .append("\n");
    for (const BagInterval& b : run.bags) {
        append_local(out, run.time_utc(stamped_at_end ? b.end_step : b.first_step), clock);
        out.push_back(',');
        append_int(out, b.bags_filled);
        out.push_back(',');
        append_int(out, b.bags_offspec);
        out.push_back('\n');
    }
    return finish(dir, dryer_bagging_file, out, static_cast<std::int64_t>(run.bags.size()));
}

SampleFileInfo write_dryer_truth_series(const std::filesystem::path& dir, const DryerRun& run) {
    std::string out =
        "Time (UTC),Outlet air temp true (degC),Outlet air temp steady state (degC),"
        "Residual moisture true (%),Powder rate (kg/h),Gas energy true (kWh)\n";
    out.reserve(out.size() + run.steps() * 72);
    for (std::size_t i = 0; i < run.steps(); ++i) {
        append_iso_utc(out, run.time_utc(i));
        out.push_back(',');
        append_fixed(out, run.outlet_true_degC[i], 4, '.');
        out.push_back(',');
        append_fixed(out, run.outlet_steady_degC[i], 4, '.');
        out.push_back(',');
        append_fixed(out, run.moisture_true_pct[i], 5, '.');
        out.push_back(',');
        append_fixed(out, run.powder_kg_per_h[i], 3, '.');
        out.push_back(',');
        append_fixed(out, run.gas_true_kwh[i], 5, '.');
        out.push_back('\n');
    }
    return finish(dir, "truth/truth_series.csv", out, static_cast<std::int64_t>(run.steps()));
}

SampleFileInfo write_dryer_truth_bagging(const std::filesystem::path& dir, const DryerRun& run) {
    std::string out =
        "Interval start (UTC),Powder (kg),Bag moisture (%),Off-spec probability,Bags filled,"
        "Bags off-spec\n";
    for (const BagInterval& b : run.bags) {
        append_iso_utc(out, run.time_utc(b.first_step));
        out.push_back(',');
        append_fixed(out, b.powder_kg, 3, '.');
        out.push_back(',');
        append_fixed(out, b.moisture_pct, 5, '.');
        out.push_back(',');
        append_fixed(out, b.offspec_probability, 6, '.');
        out.push_back(',');
        append_int(out, b.bags_filled);
        out.push_back(',');
        append_int(out, b.bags_offspec);
        out.push_back('\n');
    }
    return finish(dir, "truth/truth_bagging.csv", out, static_cast<std::int64_t>(run.bags.size()));
}

}  // namespace twinbench::sample
