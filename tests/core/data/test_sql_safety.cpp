// SQL injection and hostile schemas (issue 8, "all SQL parametrised"): SQL text can only be
// a literal of Twinbench's source, no source file bypasses that with the raw SQLite API,
// and a project edited by hand to hold a trigger or a view is refused before it can run.
#include "data/sqlite_statement.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/error.h"
#include "data/importer.h"
#include "data/project.h"
#include "support/corpus_files.h"
#include "support/source_scan.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

namespace fs = std::filesystem;

// Compile-time: a Statement or exec_sql cannot be given text made at run time (a column
// name pasted into SQL would not compile); only a literal converts to SqlLiteral.
static_assert(std::is_constructible_v<SqlLiteral, const char (&)[9]>);
static_assert(!std::is_constructible_v<SqlLiteral, const char*>);
static_assert(!std::is_constructible_v<SqlLiteral, std::string>);
static_assert(!std::is_constructible_v<SqlLiteral, std::string_view>);
static_assert(!std::is_constructible_v<Statement, sqlite3*, std::string>);
static_assert(!std::is_constructible_v<Statement, sqlite3*, std::string_view>);
static_assert(!std::is_constructible_v<Statement, sqlite3*, const char*>);
static_assert(!std::is_invocable_v<decltype(&exec_sql), sqlite3*, std::string>);
static_assert(!std::is_invocable_v<decltype(&exec_sql), sqlite3*, const char*>);
static_assert(!std::is_invocable_v<decltype(&set_integer_pragma), sqlite3*, std::string, int>);

// The guarantee above holds only if nothing reaches SQLite another way: no product source
// outside sqlite_statement.h may call sqlite3_exec or sqlite3_prepare*.
TEST(SqlSafety, OnlyTheStatementHeaderCallsSqliteWithSqlText) {
    const auto scan = test::scan_product_sources(std::regex(R"(\bsqlite3_(exec|prepare\w*)\s*\()"),
                                                 [](const fs::path& p) { return p.filename() == "sqlite_statement.h"; });
    EXPECT_GT(scan.files_scanned, 100u) << "the source folders were not found";
    EXPECT_EQ(scan.offenders, "") << "use Statement / exec_sql (core/data/sqlite_statement.h)";
}

// The project's SQLite file is reached through the typed stores of core/data only
// (Project's calls, scenario_records.h, the importer's writers): no engine module, view or
// main holds the raw handle or calls SQLite itself.
TEST(SqlSafety, OnlyCoreDataTouchesTheProjectDatabase) {
    const auto scan = test::scan_product_sources(std::regex(R"(\bhandle\(\)|\bsqlite3_\w+\s*\(|sqlite_statement\.h)"),
                                                 [](const fs::path& p) { return p.parent_path() == fs::path("core") / "data"; });
    EXPECT_GT(scan.files_scanned, 100u) << "the source folders were not found";
    EXPECT_EQ(scan.offenders, "") << "add a typed call to core/data (Project, scenario_records.h) instead";
}

// Values that look like SQL stay values, in names and in bound parameters alike.
TEST(SqlSafety, SqlLookingNamesAreStoredAsText) {
    test::TempDir dir;
    const auto csv = dir.write("hist.csv",
                               "time,\"x\"\"); DROP TABLE dataset; --\",state\n"
                               "2026-02-16 00:00,1.5,'; DELETE FROM source; --\n"
                               "2026-02-16 00:01,2.5,RUN\n");
    const std::string dataset_name = "plant'); DROP TABLE column_info; --";
    {
        Project project(dir / "p.twin", Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {csv};
        options.dataset = dataset_name;
        options.time_zone = "UTC";
        EXPECT_EQ(import_files(project, options).rows_imported, 2u);
    }
    Project project(dir / "p.twin", Project::Mode::read_only);
    const auto info = project.dataset(dataset_name);
    EXPECT_EQ(info.name, dataset_name);
    const auto data = project.read_dataset(info);
    const Column* value = nullptr;
    const Column* state = nullptr;
    for (const auto& column : data.columns) {
        if (column.name == "x\"); DROP TABLE dataset; --") value = &column;
        if (column.name == "state") state = &column;
    }
    ASSERT_NE(value, nullptr) << "the SQL-looking column name did not survive";
    EXPECT_EQ(value->values.at(1), 2.5);
    ASSERT_NE(state, nullptr);
    ASSERT_EQ(state->type, ColumnType::categorical);
    EXPECT_EQ(state->label(0), "'; DELETE FROM source; --");
}

class HandEditedProject : public ::testing::Test {
  protected:
    void SetUp() override {
        const auto csv = dir_.write("hist.csv",
                                    "time,Furnace temperature [°C]\n"
                                    "2026-02-16 00:00,180.5\n2026-02-16 00:01,181.0\n");
        Project project(file_, Project::Mode::create_if_missing);
        ImportOptions options;
        options.files = {csv};
        options.dataset = "plant";
        options.time_zone = "UTC";
        import_files(project, options);
    }
    // As a colleague would with the sqlite3 shell; back to one file afterwards.
    void edit(const char* sql) { ASSERT_EQ(test::run_sql_on_file(file_, sql), ""); }
    // Every way of opening refuses the file with a message naming it and the object, and
    // the file keeps its bytes.
    void expect_refused(const std::string& object) {
        const std::string before = test::read_bytes(file_);
        for (auto mode : {Project::Mode::read_only, Project::Mode::open_existing}) {
            try {
                Project project(file_, mode);
                ADD_FAILURE() << "opened a project holding " << object;
            } catch (const ProjectError& e) {
                const std::string what = e.what();
                EXPECT_NE(what.find(file_.string()), std::string::npos) << what;
                EXPECT_NE(what.find(object), std::string::npos) << what;
            }
        }
        EXPECT_EQ(test::read_bytes(file_), before);
    }
    test::TempDir dir_;
    fs::path file_ = dir_ / "p.twin";
};

TEST_F(HandEditedProject, ATriggerIsRefusedBeforeItCanRun) {
    edit("CREATE TRIGGER zero_chunks AFTER INSERT ON column_chunk BEGIN "
         "UPDATE column_chunk SET data = zeroblob(length(data)) "
         "WHERE column_id = NEW.column_id AND first_row = NEW.first_row; END");
    expect_refused("trigger 'zero_chunks'");
}

TEST_F(HandEditedProject, AViewIsRefused) {
    edit("CREATE VIEW newest AS SELECT * FROM dataset ORDER BY id DESC");
    expect_refused("view 'newest'");
}

// A table of another tool beside Twinbench's (e.g. notes added by hand) is harmless data.
TEST_F(HandEditedProject, AnExtraTableIsTolerated) {
    edit("CREATE TABLE my_notes(text TEXT); INSERT INTO my_notes VALUES ('checked 2026-02-17')");
    Project project(file_, Project::Mode::open_existing);
    EXPECT_EQ(project.datasets().size(), 1u);
}

}  // namespace
}  // namespace twinbench
