// One file out of a ZIP archive (an .xlsx is one), read with libzip: the tests look inside
// the spreadsheets the report writes without needing the `unzip` program, which a bare
// Debian root does not have.
#pragma once

#include <zip.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace twinbench::test {

// The bytes of `entry` ("xl/workbook.xml") in the archive at `archive`; throws
// std::runtime_error naming the archive and the entry when either cannot be read.
inline std::string zip_entry(const std::filesystem::path& archive, const std::string& entry) {
    int error = 0;
    zip_t* zip = zip_open(archive.string().c_str(), ZIP_RDONLY, &error);
    if (!zip)
        throw std::runtime_error("cannot open " + archive.string() + " as a ZIP archive (libzip error " +
                                 std::to_string(error) + ")");
    std::string out;
    bool read_whole = false;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(zip, entry.c_str(), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE)) {
        if (zip_file_t* file = zip_fopen(zip, entry.c_str(), 0)) {
            out.resize(static_cast<std::size_t>(stat.size));
            read_whole = zip_fread(file, out.data(), stat.size) == static_cast<zip_int64_t>(stat.size);
            zip_fclose(file);
        }
    }
    zip_close(zip);
    if (!read_whole) throw std::runtime_error("no readable " + entry + " in " + archive.string());
    return out;
}

}  // namespace twinbench::test
