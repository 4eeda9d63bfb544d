// The .twin file: round trip, migrations, refusing foreign or newer files, and imports
// that fail leaving the file exactly as it was.
#include "data/project.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sqlite3.h>

#include "common/error.h"
#include "data/importer.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::read_bytes;
using test::TempDir;

constexpr std::string_view historian =
    "time;Furnace temperature [°C];Line speed [m/min];Line state;Parts produced [count]\n"
    "2026-02-16 00:00;180,5;2,0;RUN;4\n"
    "2026-02-16 00:01;181,0;2,0;RUN;4\n"
    "2026-02-16 00:02;181,5;2,1;STOP;0\n"
    "2026-02-16 00:03;182,0;2,1;RUN;4\n";

ImportResult import(Project& project, std::vector<std::filesystem::path> files, std::string dataset = "plant") {
    ImportOptions options;
    options.files = std::move(files);
    options.dataset = std::move(dataset);
    options.time_zone = "Europe/Berlin";
    return import_files(project, options);
}

void run_sql(const std::filesystem::path& file, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.string().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

TEST(Project, RoundTripKeepsValuesTypesRolesAndUnits) {
    TempDir dir;
    const auto file = dir.write("hist.csv", historian);
    {
        Project project(dir / "p.twin", Project::Mode::create_if_missing);
        const auto result = import(project, {file});
        EXPECT_EQ(result.rows_imported, 4u);
    }
    Project project(dir / "p.twin", Project::Mode::read_only);
    EXPECT_EQ(project.schema_version(), project_schema_version);
    const auto dataset = project.dataset("plant");
    EXPECT_EQ(dataset.time_zone, "Europe/Berlin");
    const auto table = project.read_dataset(dataset);
    ASSERT_EQ(table.row_count(), 4u);
    const auto* temp = table.find_role(Role::furnace_temp);
    ASSERT_NE(temp, nullptr);
    EXPECT_EQ(temp->unit, "°C");
    EXPECT_DOUBLE_EQ(temp->values[3], 182.0);
    EXPECT_EQ(table.find_role(Role::speed)->name, "Line speed");
    EXPECT_EQ(table.find_role(Role::produced)->values[2], 0.0);
    const auto* state = table.find_role(Role::state);
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(state->label(2), "STOP");
    // 2026-02-16 00:00 in Berlin (CET, +01:00) is 2026-02-15 23:00 UTC.
    EXPECT_DOUBLE_EQ(table.time_s[0], 1771196400.0);
}

TEST(Project, MonthlyFilesAppendIntoOneSourceAndSparseFilesAlign) {
    TempDir dir;
    const auto jan = dir.write("h_01.csv", "time,temp,grade_code\n2026-01-31 23:58,180,1\n2026-01-31 23:59,181,1\n");
    const auto feb = dir.write("h_02.csv", "time,temp,grade_code\n2026-02-01 00:00,182,2\n2026-02-01 00:01,183,2\n");
    const auto checks = dir.write("checks.csv", "Time,Core temperature (degC)\n2026-02-01T00:00:20+01:00,171.5\n");
    const auto batches = dir.write("batches.csv", "Batch start,Material grade\n2026-01-31 23:59,B\n");
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    // Given out of order (as a file dialog may list them): stored in time order.
    import(project, {feb, checks, jan, batches});
    const auto dataset = project.dataset("plant");
    ASSERT_EQ(dataset.sources.size(), 3u);
    EXPECT_EQ(dataset.sources[0].rows, 4u);
    const auto table = project.read_dataset(dataset);
    ASSERT_EQ(table.row_count(), 4u);
    EXPECT_TRUE(std::is_sorted(table.time_s.begin(), table.time_s.end()));
    const auto* core = table.find_role(Role::core_temp_check);
    ASSERT_NE(core, nullptr);
    // 00:00:20 +01:00 is 23:00:20 UTC = row 2 (2026-02-01 00:00 Berlin).
    EXPECT_TRUE(std::isnan(core->values[1]));
    EXPECT_DOUBLE_EQ(core->values[2], 171.5);
    const auto* grade = table.find_role(Role::material);
    ASSERT_NE(grade, nullptr);
    EXPECT_TRUE(grade->is_missing(0));
    EXPECT_EQ(grade->label(1), "B");
    EXPECT_EQ(grade->label(3), "B");

    // A second import of a later month appends to the same source.
    const auto mar = dir.write("h_03.csv", "time,temp,grade_code\n2026-03-01 00:00,184,3\n");
    import(project, {mar});
    EXPECT_EQ(project.dataset("plant").sources[0].rows, 5u);

    // A later import of an earlier stretch appends rows that lie before the others in
    // time; sparse sources must still land on the right rows.
    const auto before = dir.write("h_00.csv", "time,temp,grade_code\n2026-01-31 23:50,179,1\n");
    import(project, {before});
    const auto mixed = project.read_dataset(project.dataset("plant"));
    ASSERT_EQ(mixed.row_count(), 6u);
    EXPECT_DOUBLE_EQ(mixed.find_role(Role::core_temp_check)->values[2], 171.5);
    EXPECT_TRUE(std::isnan(mixed.find_role(Role::core_temp_check)->values[5]));
    EXPECT_TRUE(mixed.find_role(Role::material)->is_missing(5));  // before the first batch
    EXPECT_EQ(mixed.find_role(Role::material)->label(4), "B");
}

TEST(Project, FailedImportLeavesFileByteIdentical) {
    TempDir dir;
    const auto good = dir.write("good.csv", historian);
    {
        Project project(dir / "p.twin", Project::Mode::create_if_missing);
        import(project, {good});
    }
    const auto before = read_bytes(dir / "p.twin");
    const auto empty = dir.write("empty.csv", "");
    {
        Project project(dir / "p.twin", Project::Mode::open_existing);
        EXPECT_THROW(import(project, {good, empty}), BadInputError);
        ImportOptions bad_map;
        bad_map.files = {good};
        bad_map.role_overrides = {{Role::humidity, "no such column"}};
        EXPECT_THROW(import_files(project, bad_map), UsageError);
        // Cancelled half-way through storing: rolled back.
        ImportOptions cancelled;
        cancelled.files = {good};
        cancelled.dataset = "other";
        cancelled.progress = [](double fraction, std::string_view) { return fraction < 0.85; };
        EXPECT_THROW(import_files(project, cancelled), Cancelled);
        EXPECT_EQ(project.datasets().size(), 1u);
    }
    EXPECT_TRUE(read_bytes(dir / "p.twin") == before) << "project file changed";
}

TEST(Project, RefusesForeignNewerAndDamagedFiles) {
    TempDir dir;
    const auto not_sqlite = dir.write("text.twin", "this is not a database, just text\n");
    EXPECT_THROW(Project(not_sqlite, Project::Mode::open_existing), ProjectError);
    EXPECT_TRUE(read_bytes(not_sqlite) == "this is not a database, just text\n");

    const auto foreign = dir / "foreign.twin";
    run_sql(foreign, "CREATE TABLE customers(id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'x');");
    const auto foreign_bytes = read_bytes(foreign);
    try {
        Project project(foreign, Project::Mode::create_if_missing);
        ADD_FAILURE() << "foreign database opened";
    } catch (const ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("another program"), std::string::npos) << e.what();
        EXPECT_EQ(e.code(), ExitCode::project_io);
    }
    EXPECT_TRUE(read_bytes(foreign) == foreign_bytes) << "foreign file changed";

    const auto newer = dir / "newer.twin";
    { Project project(newer, Project::Mode::create_if_missing); }
    run_sql(newer, "PRAGMA user_version = 999;");
    try {
        Project project(newer, Project::Mode::open_existing);
        ADD_FAILURE() << "newer file opened";
    } catch (const ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("newer Twinbench"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Project(dir / "missing.twin", Project::Mode::open_existing), ProjectError);
}

// Found by fuzz_project_open (tests/fuzz/regressions/fuzz_project_open-*): a file SQLite
// reads fine but whose column metadata or codes were damaged must be refused, not read
// into a table whose columns are shorter than its rows or whose codes point past its
// categories.
TEST(Project, RefusesDamagedColumnMetadataAndCodes) {
    TempDir dir;
    const auto file = dir.write("hist.csv", historian);
    for (const char* damage : {"UPDATE column_info SET type = 'garbage' WHERE type = 'categorical'",
                               "UPDATE column_chunk SET data = X'07000000' || substr(data, 5) WHERE column_id = "
                               "(SELECT id FROM column_info WHERE type = 'categorical')",
                               "UPDATE column_chunk SET data = substr(data, 1, 16) WHERE column_id = "
                               "(SELECT id FROM column_info WHERE name = 'Line speed')",
                               "UPDATE column_info SET role = 'temperature' WHERE name = 'Line speed'"}) {
        const auto path = dir / "p.twin";
        std::filesystem::remove(path);
        {
            Project project(path, Project::Mode::create_if_missing);
            import(project, {file});
        }
        run_sql(path, damage);
        Project project(path, Project::Mode::read_only);
        try {
            project.read_dataset(project.dataset("plant"));
            ADD_FAILURE() << "damaged file read: " << damage;
        } catch (const ProjectError& e) {
            EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
        }
    }
}

TEST(Project, MigratesVersionZeroFileWithOurIdButNoTables) {
    TempDir dir;
    // A file created by sqlite3 with nothing in it is treated as new and gets the schema.
    const auto blank = dir / "blank.twin";
    run_sql(blank, "PRAGMA user_version = 0;");
    Project project(blank, Project::Mode::open_existing);
    EXPECT_EQ(project.schema_version(), project_schema_version);
    EXPECT_TRUE(project.datasets().empty());
}

// Format 2 added how each file was read (thousands, header_line, given) and the skipped
// preamble lines: a format 1 project, as the previous Twinbench wrote it, is brought up on
// the first open for writing and keeps its data; read-only opens ask for that first.
TEST(Project, MigratesVersionOneFile) {
    TempDir dir;
    const auto file = dir.write("hist.csv", historian);
    const auto path = dir / "v1.twin";
    {
        Project project(path, Project::Mode::create_if_missing);
        import(project, {file});
    }
    run_sql(path,
            "DROP INDEX skipped_line_by_file; DROP TABLE skipped_line; "
            "ALTER TABLE source_file DROP COLUMN thousands; ALTER TABLE source_file DROP COLUMN header_line; "
            "ALTER TABLE source_file DROP COLUMN given; PRAGMA user_version = 1;");
    try {
        Project project(path, Project::Mode::read_only);
        ADD_FAILURE() << "a format 1 file opened read-only without its migration";
    } catch (const ProjectError& e) {
        EXPECT_NE(std::string(e.what()).find("older file format 1"), std::string::npos) << e.what();
    }
    Project project(path, Project::Mode::open_existing);
    EXPECT_EQ(project.schema_version(), 2);
    const auto dataset = project.dataset("plant");
    EXPECT_DOUBLE_EQ(project.read_dataset(dataset).find_role(Role::furnace_temp)->values[3], 182.0);
    auto files = project.source_files(dataset.id);
    ASSERT_EQ(files.size(), 1u);
    EXPECT_FALSE(files[0].header_line.has_value());  // format 1 did not record it
    EXPECT_EQ(files[0].decimal_mark, ",");
    EXPECT_TRUE(project.skipped_lines(dataset.id).empty());
    // The next month's export appends and is recorded in full.
    const auto next = dir.write("hist2.csv", "Export\n" + std::string(historian));
    import(project, {next});
    files = project.source_files(dataset.id);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[1].header_line, 2);
    const auto skipped = project.skipped_lines(dataset.id);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].raw, "Export");
}

TEST(Project, RoleChangeIsStoredAndUniqueRolesMove) {
    TempDir dir;
    const auto file = dir.write("hist.csv", historian);
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    import(project, {file});
    const auto id = project.dataset("plant").id;
    project.set_role(id, "Parts produced", Role::energy);
    const auto table = project.read_dataset(project.dataset("plant"));
    EXPECT_EQ(table.find_role(Role::energy)->name, "Parts produced");
    EXPECT_EQ(table.find_role(Role::produced), nullptr);
    EXPECT_THROW(project.set_role(id, "nope", Role::humidity), UsageError);
}

}  // namespace
}  // namespace twinbench
