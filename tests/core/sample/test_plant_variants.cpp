// The sample variants (issue 14 item 9): the designed plant's files are unchanged, every
// variant is deterministic and rebuilds its exact scenario from truth.json, no-checks
// writes no checks file and nothing else differs, and the German export of the
// "independent" line goes through the project's importer.
#include <gtest/gtest.h>
#include <zlib.h>

#include <bit>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "sample/plant_export.h"
#include "sample/sample_random.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

std::string read_bytes(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string gunzip_file(const fs::path& p) {
    gzFile f = gzopen(p.string().c_str(), "rb");
    EXPECT_NE(f, nullptr) << p;
    std::string out;
    if (f == nullptr) return out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    return out;
}

// Every file of a sample folder (relative name -> bytes).
std::map<std::string, std::string> folder_bytes(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[fs::relative(e.path(), dir).generic_string()] = read_bytes(e.path());
    return out;
}

// A digest of everything the true run decides, bit for bit.
std::uint64_t run_digest(const PlantRun& r) {
    std::uint64_t h = 0x5eed;
    auto add = [&](std::uint64_t x) { h = sample::mix64(h ^ x); };
    for (std::size_t i = 0; i < r.steps(); ++i) {
        add(static_cast<std::uint64_t>(r.state[i]));
        add(static_cast<std::uint64_t>(r.produced[i]));
        add(static_cast<std::uint64_t>(r.scrap[i]));
        add(std::bit_cast<std::uint64_t>(r.furnace_true_degC[i]));
        add(std::bit_cast<std::uint64_t>(r.core_true_degC[i]));
        add(std::bit_cast<std::uint64_t>(r.defect_probability[i]));
        add(std::bit_cast<std::uint64_t>(r.energy_kwh[i]));
        add(std::bit_cast<std::uint64_t>(r.wear_pct[i]));
    }
    return h;
}

SampleOptions variant_options(const std::string& variant, int days = 10, std::uint64_t seed = 1) {
    SampleOptions o;
    o.days = days;
    o.seed = seed;
    apply_sample_variant(o, variant);
    return o;
}

TEST(SampleVariants, DefaultOptionsStillWriteTheShippedSampleByteForByte) {
    // sample_data/plant was written by the generator before the variants existed
    // (README: `sample --days 90 --seed 1`, then gzip -9n).
    const fs::path shipped = fs::path(TWINBENCH_SAMPLE_DATA_DIR) / "plant";
    ASSERT_TRUE(fs::exists(shipped / "truth" / "truth.json"));
    test::TempDir dir;
    SampleOptions o;
    apply_sample_variant(o, "standard");
    write_sample_plant(dir.path(), o);
    std::size_t compared = 0;
    for (const auto& e : fs::recursive_directory_iterator(shipped)) {
        if (!e.is_regular_file()) continue;
        std::string name = fs::relative(e.path(), shipped).generic_string();
        const bool gz = e.path().extension() == ".gz";
        if (gz) name.resize(name.size() - 3);
        const std::string expected = gz ? gunzip_file(e.path()) : read_bytes(e.path());
        EXPECT_TRUE(read_bytes(dir / name) == expected) << name << " differs from the shipped file";
        ++compared;
    }
    EXPECT_EQ(compared, 9u);  // 4 historian months, checks, log, batches, truth.json, series
    EXPECT_EQ(folder_bytes(dir.path()).size(), compared);
}

TEST(SampleVariants, NamesSetTheFeaturesAndUnknownNamesAreUsageErrors) {
    SampleOptions o = variant_options("independent");
    EXPECT_FALSE(o.manual_checks);
    EXPECT_EQ(o.scrap_model, ScrapModel::direct);
    EXPECT_EQ(o.export_style, ExportStyle::german);
    EXPECT_EQ(o.physics_seed, default_variant_physics_seed);
    EXPECT_EQ(o.time_zone, "Europe/Vienna");
    SampleOptions given;
    given.physics_seed = 3;
    apply_sample_variant(given, "independent");
    EXPECT_EQ(given.physics_seed, 3u);  // a given physics seed is kept
    o = variant_options("no-checks, direct-scrap");
    EXPECT_FALSE(o.manual_checks);
    EXPECT_EQ(o.scrap_model, ScrapModel::direct);
    EXPECT_FALSE(o.physics_seed.has_value());
    EXPECT_EQ(o.export_style, ExportStyle::standard);
    EXPECT_THROW(variant_options("dryer"), UsageError);
    try {
        variant_options("no-checks,dryer");
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("'dryer'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("independent"), std::string::npos);
    }
}

class EachVariant : public ::testing::TestWithParam<const char*> {};

TEST_P(EachVariant, IsDeterministicAndDependsOnTheSeed) {
    test::TempDir a, b, c;
    write_sample_plant(a.path(), variant_options(GetParam()));
    write_sample_plant(b.path(), variant_options(GetParam()));
    write_sample_plant(c.path(), variant_options(GetParam(), 10, 2));
    const auto fa = folder_bytes(a.path()), fb = folder_bytes(b.path()), fc = folder_bytes(c.path());
    EXPECT_EQ(fa, fb);
    ASSERT_EQ(fa.size(), fc.size());
    for (const auto& [name, bytes] : fa)
        if (name != "maintenance_log.csv" && name != "wartungsprotokoll.csv") {  // may both be empty
            EXPECT_NE(bytes, fc.at(name)) << name;
        }
}

TEST_P(EachVariant, TruthJsonRebuildsTheExactScenario) {
    test::TempDir dir;
    const SampleOptions o = variant_options(GetParam());
    const SampleSummary summary = write_sample_plant(dir.path(), o);
    const auto j = nlohmann::json::parse(read_bytes(dir / "truth" / "truth.json"));

    const SampleOptions back = sample_options_from_truth_json(j);
    EXPECT_EQ(back.variant, o.variant);
    EXPECT_EQ(back.manual_checks, o.manual_checks);
    EXPECT_EQ(back.scrap_model, o.scrap_model);
    EXPECT_EQ(back.export_style, o.export_style);
    EXPECT_EQ(back.physics_seed, o.physics_seed);
    EXPECT_EQ(back.time_zone, o.time_zone);

    const SampleScenario original = make_sample_scenario(o);
    const SampleScenario rebuilt = sample_scenario_from_truth_json(j);
    EXPECT_EQ(to_json(rebuilt.truth), to_json(original.truth));
    EXPECT_EQ(rebuilt.truth.scrap_model, o.scrap_model);
    const PlantRun run = simulate_plant(rebuilt.truth, rebuilt.inputs, rebuilt.seed);
    EXPECT_EQ(run_digest(run), run_digest(simulate_plant(original.truth, original.inputs, original.seed)));
    const PlantKpis k = summarize_run(rebuilt.truth, rebuilt.inputs, run);
    EXPECT_EQ(k.produced, summary.kpis.produced);
    EXPECT_EQ(k.scrapped, j.at("summary").at("parts_scrapped").get<std::int64_t>());
    EXPECT_EQ(k.energy_kwh, j.at("summary").at("energy_kwh").get<double>());
    // A plausible plant: some scrap, mostly running.
    EXPECT_GT(k.scrap_rate, 0.003);
    EXPECT_LT(k.scrap_rate, 0.15);
    EXPECT_GT(k.availability, 0.85);
}

INSTANTIATE_TEST_SUITE_P(SampleVariants, EachVariant,
                         ::testing::Values("no-checks", "direct-scrap", "perturbed", "german",
                                           "independent"),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                             std::string name = param_info.param;
                             for (char& ch : name)
                                 if (ch == '-') ch = '_';
                             return name;
                         });

TEST(SampleVariants, NoChecksWritesNoChecksFileAndOtherwiseTheSameFiles) {
    test::TempDir standard, no_checks;
    write_sample_plant(standard.path(), variant_options("standard", 12));
    const SampleSummary s = write_sample_plant(no_checks.path(), variant_options("no-checks", 12));
    EXPECT_TRUE(fs::exists(standard / "manual_checks.csv"));
    EXPECT_FALSE(fs::exists(no_checks / "manual_checks.csv"));
    for (const auto& f : s.files) EXPECT_NE(f.name, "manual_checks.csv");
    auto a = folder_bytes(standard.path());
    auto b = folder_bytes(no_checks.path());
    a.erase("manual_checks.csv");
    auto ta = nlohmann::json::parse(a.at("truth/truth.json"));
    auto tb = nlohmann::json::parse(b.at("truth/truth.json"));
    a.erase("truth/truth.json");
    b.erase("truth/truth.json");
    EXPECT_EQ(a, b);  // historian, log, batches and truth series byte for byte
    // truth.json: the same plant and summary; the options name the variant.
    EXPECT_EQ(tb.at("options").at("variant"), "no-checks");
    EXPECT_EQ(tb.at("options").at("manual_checks"), false);
    EXPECT_FALSE(ta.at("options").contains("variant"));
    for (auto* t : {&ta, &tb}) {
        t->erase("options");
        t->erase("files");
    }
    EXPECT_EQ(ta, tb);
}

TEST(SampleVariants, GermanExportImportsWithTheProjectImporter) {
    test::TempDir dir;
    const SampleOptions o = variant_options("independent", 12);
    const SampleSummary summary = write_sample_plant(dir / "plant", o);
    const std::string historian = read_bytes(dir / "plant" / "ofenlinie_export.csv");
    // Windows-1252 header without BOM ("°" = 0xB0, "ß" = 0xDF), CRLF, German state words.
    EXPECT_EQ(historian.rfind("Datum/Uhrzeit;Bandgeschwindigkeit [m/min];Ofen Sollwert [\xB0" "C];", 0), 0u);
    EXPECT_NE(historian.find("Bandverschlei\xDF [%]\r\n"), std::string::npos);
    EXPECT_NE(historian.find(";Produktion;"), std::string::npos);
    EXPECT_EQ(historian.find(";RUN;"), std::string::npos);
    std::int64_t historian_rows = -1;
    for (const auto& f : summary.files)
        if (f.name == "ofenlinie_export.csv") historian_rows = f.rows;
    EXPECT_EQ(historian_rows, summary.historian_rows);  // one file for the whole period
    EXPECT_FALSE(fs::exists(dir / "plant" / "manual_checks.csv"));

    Project project(dir / "line.twin", Project::Mode::create_if_missing);
    ImportOptions options;
    for (const char* name : {"ofenlinie_export.csv", "chargen.csv", "wartungsprotokoll.csv"})
        options.files.push_back(dir / "plant" / name);
    options.time_zone = o.time_zone;
    const ImportResult r = import_files(project, options);

    const auto truth = nlohmann::json::parse(read_bytes(dir / "plant" / "truth" / "truth.json"));
    const std::size_t malformed = truth.at("planted_defects").at("malformed_lines").size();
    bool found = false;
    for (const auto& f : r.files) {
        std::printf("  imported %s: %s, '%c' delimiter, '%c' decimals, time column '%s', %zu rows "
                    "read, %zu rejected\n",
                    f.file.c_str(), f.encoding.c_str(), f.delimiter, f.decimal_mark, f.time_column.c_str(),
                    f.rows_read, f.rows_rejected);
        if (fs::path(f.file).filename() != "ofenlinie_export.csv") continue;
        found = true;
        EXPECT_EQ(f.encoding, "Windows-1252");
        EXPECT_EQ(f.delimiter, ';');
        EXPECT_EQ(f.decimal_mark, ',');
        EXPECT_EQ(f.time_column, "Datum/Uhrzeit");
        // Every written row is read or rejected, and only planted malformed lines are
        // rejected (a garbled number may instead be read as a missing cell).
        EXPECT_EQ(static_cast<std::int64_t>(f.rows_read + f.rows_rejected), summary.historian_rows);
        EXPECT_LE(f.rows_rejected, malformed);
        EXPECT_GE(f.rows_rejected, malformed - 1);
        const DatasetInfo ds = project.dataset("");
        ASSERT_FALSE(ds.sources.empty());
        EXPECT_EQ(ds.sources[0].rows, f.rows_read);
    }
    EXPECT_TRUE(found);

    // The roles the importer proposes for the German names (reported; the engine's role
    // detection is not this test's subject beyond the columns any furnace model needs).
    std::map<std::string, Role> roles;
    for (const auto& c : r.columns) {
        std::printf("  role %-28s %-24s -> %s\n", c.source.c_str(), c.name.c_str(),
                    std::string(role_name(c.role)).c_str());
        roles[c.name] = c.role;
    }
    EXPECT_EQ(roles.at("Datum/Uhrzeit"), Role::time);
    EXPECT_EQ(roles.at("Bandgeschwindigkeit"), Role::speed);
    EXPECT_EQ(roles.at("Ofen Sollwert"), Role::setpoint);
    EXPECT_EQ(roles.at("Ofentemperatur"), Role::furnace_temp);
    EXPECT_EQ(roles.at("Ausschuss"), Role::scrap);
    EXPECT_EQ(roles.at("Energie"), Role::energy);
}

}  // namespace
}  // namespace twinbench
