// Fuzz target: a .twin file from a colleague. The bytes are written to a temporary
// *.twin file and opened with twinbench::Project read-only and then open_existing (which
// may migrate); when it opens, every dataset is listed and read back. ProjectError and
// the other twinbench::Error kinds are the expected answers to a bad file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "common/error.h"
#include "data/project.h"
#include "fuzz_common.h"

namespace fs = std::filesystem;

namespace {

const fs::path& work_dir() {
    static const fs::path dir = [] {
        fs::path base = fs::temp_directory_path() / ("twinbench-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(base);
        return base;
    }();
    return dir;
}

void remove_files(const fs::path& file) {
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
        fs::remove(fs::path(file.string() + suffix), ec);
}

void exercise(const fs::path& file, twinbench::Project::Mode mode) {
    try {
        twinbench::Project project(file, mode);
        (void)project.schema_version();
        for (const auto& info : project.datasets()) {
            const twinbench::Table table = project.read_dataset(info);
            const std::size_t rows = table.row_count();
            TWINBENCH_FUZZ_CHECK(table.time_s.empty() || table.time_s.size() == rows);
            for (const auto& column : table.columns) {
                // Every consumer indexes columns by row and levels by code: a damaged file
                // must be refused (ProjectError), never handed on with ragged columns.
                TWINBENCH_FUZZ_CHECK(column.size() == rows);
                if (column.type == twinbench::ColumnType::categorical)
                    for (const auto code : column.codes)
                        TWINBENCH_FUZZ_CHECK(code == twinbench::missing_code ||
                                             (code >= 0 && static_cast<std::size_t>(code) < column.levels.size()));
            }
            (void)project.rejected_rows(info.id, 10);
            (void)project.import_notes(info.id);
            (void)project.conditions(info.id);
        }
    } catch (const twinbench::Error&) {
        // not a project, newer schema, corrupt: expected
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path file = work_dir() / "input.twin";
    remove_files(file);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        TWINBENCH_FUZZ_CHECK(out.good());
    }
    exercise(file, twinbench::Project::Mode::read_only);
    exercise(file, twinbench::Project::Mode::open_existing);
    remove_files(file);
    return 0;
}
