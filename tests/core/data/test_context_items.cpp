// Context items (issue 17): side files imported with `import` take the role `context`,
// come back as time-valid items linked to each other, keep line-numbered rejects, and a
// failed import leaves the project file as it was.
#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "data/context_items.h"
#include "data/importer.h"
#include "data/project.h"
#include "support/temp_dir.h"

namespace twinbench {
namespace {

using test::TempDir;

std::string historian() {
    std::string text = "Time,Speed [m/min],Produced,Scrap\n";
    for (int k = 0; k < 96; ++k)  // two days every 30 min
        text += fmt::format("2026-03-{:02d}T{:02d}:{:02d}:00Z,12.0,300,{}\n", 1 + k / 48, k % 48 / 2, k % 2 * 30, k % 7);
    return text;
}

// Operators by shift (as-of: each holds until the next line), the same two operators on
// the same shifts each day.
const char* shift_plan =
    "Start,Operator,Shift\n"
    "2026-03-01T00:00:00Z,Olsen,night\n"
    "2026-03-01T08:00:00Z,Akers,early\n"
    "2026-03-01T16:00:00Z,Brandt,late\n"
    "2026-03-02T00:00:00Z,Olsen,night\n"
    "2026-03-02T08:00:00Z,Akers,early\n"
    "2026-03-02T16:00:00Z,Brandt,late\n";

// An interval list with two bad rows: a quote never closed (line 3) and a row with a
// field too many (line 6).
const char* maintenance_log =
    "Start,End,Event\n"
    "2026-03-01T10:00:00Z,2026-03-01T12:00:00Z,cleaning\n"
    "2026-03-01T20:00:00Z,2026-03-01T21:00:00Z,\"belt change\n"
    "2026-03-01T22:00:00Z,2026-03-01T22:30:00Z,inspection\n"
    "2026-03-02T03:00:00Z,2026-03-02T03:30:00Z,inspection\n"
    "2026-03-02T05:00:00Z,2026-03-02T05:30:00Z,inspection,extra\n"
    "2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,cleaning\n"
    "2026-03-02T13:00:00Z,2026-03-02T13:30:00Z,inspection\n"
    "2026-03-02T20:00:00Z,2026-03-02T20:30:00Z,inspection\n";

ImportResult import_all(Project& project, const TempDir& dir) {
    ImportOptions options;
    options.files = {dir.write("line.csv", historian()), dir.write("shifts.csv", shift_plan),
                     dir.write("maintenance.csv", maintenance_log)};
    options.time_zone = "UTC";
    return import_files(project, options);
}

TEST(ContextItems, SideFileLabelsAreProposedAsContextAndReadBackAsTimeValidItems) {
    TempDir dir;
    Project project(dir / "p.twin", Project::Mode::create_if_missing);
    const ImportResult imported = import_all(project, dir);
    for (const auto& c : imported.columns)
        if (c.name == "Operator" || c.name == "Shift" || c.name == "Event") {
            EXPECT_EQ(c.role, Role::context) << c.name << ": " << c.role_reason;
        }

    // The bad row is kept with its file and line, the others imported.
    ASSERT_EQ(imported.rows_rejected, 2u) << (imported.rejected.empty() ? "" : imported.rejected[0].reason);
    EXPECT_NE(imported.rejected[0].file.find("maintenance.csv"), std::string::npos);
    EXPECT_EQ(imported.rejected[0].line, 3);
    EXPECT_EQ(imported.rejected[1].line, 6);

    const auto items = read_context_items(project, project.dataset(""));
    const auto count = [&](const std::string& name) {
        return std::count_if(items.begin(), items.end(), [&](const ContextItem& i) { return i.name() == name; });
    };
    EXPECT_EQ(count("Operator=Olsen"), 2);
    EXPECT_EQ(count("Event=cleaning"), 2);
    EXPECT_EQ(count("Event=belt change"), 0);  // its row was rejected
    EXPECT_EQ(count("Event=inspection"), 4);
    for (const auto& i : items) {
        if (i.name() == "Event=cleaning" && i.valid_from_s == 1772359200.0) {  // 2026-03-01T10:00Z
            EXPECT_EQ(i.valid_to_s, 1772366400.0);                                // 12:00, from the end column
        }
        if (i.name() == "Operator=Akers" && i.valid_from_s == 1772352000.0) {  // 2026-03-01T08:00Z
            EXPECT_EQ(i.valid_to_s, 1772380800.0);                                // until Brandt at 16:00
            EXPECT_EQ(i.properties.at("Shift"), "early");
        }
    }

    // The operators are linked to their shifts by time; cleaning happened on Akers' shifts.
    const auto links = context_links(items);
    const auto linked = [&](const std::string& from, const std::string& to) {
        return std::any_of(links.begin(), links.end(), [&](const ContextLink& l) { return l.from == from && l.to == to; });
    };
    EXPECT_TRUE(linked("Operator=Olsen", "Shift=night"));
    EXPECT_TRUE(linked("Event=cleaning", "Operator=Akers"));
    EXPECT_FALSE(linked("Operator=Olsen", "Shift=early"));

    // Aligned onto the historian rows, the labels are what explain reads.
    const Table table = project.read_dataset(project.dataset(""));
    const Column* op = table.find("Operator");
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->role, Role::context);
    EXPECT_EQ(op->label(0), "Olsen");   // 2026-03-01T00:00
    EXPECT_EQ(op->label(17), "Akers");  // 08:30
}

TEST(ContextItems, AFailedContextImportLeavesTheProjectAsItWas) {
    TempDir dir;
    {
        Project project(dir / "p.twin", Project::Mode::create_if_missing);
        import_all(project, dir);
    }
    const std::string before = test::read_bytes(dir / "p.twin");
    {
        Project project(dir / "p.twin", Project::Mode::open_existing);
        ImportOptions options;
        options.files = {dir.write("lots.csv", "Start,Lot\n2026-03-01T00:00:00Z,L-1\n")};
        options.dataset = "line";
        options.role_overrides = {{Role::context, "Batch"}};  // no such column
        EXPECT_THROW(import_files(project, options), UsageError);
    }
    EXPECT_EQ(test::read_bytes(dir / "p.twin"), before);
}

}  // namespace
}  // namespace twinbench
