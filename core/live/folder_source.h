// A folder of CSV exports that a historian or a PLC logger keeps writing: each file is
// followed by its identity (device and inode) and the byte offset read so far, so a file
// renamed by a rotation is followed on under its new name, a file that shrinks (truncated
// in place) is read again from its start, and a new file is read from its first line. A
// last line without its line end yet is left for the next poll. The header of each file
// maps its columns by name; cells are read later by LiveIngest with the importer's rules.
//
// Files followed: regular files whose name contains ".csv", ".tsv" or ".txt" (so a
// rotated "data.csv.1" stays followed), UTF-8 text, read in order of modification time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "live/live_source.h"

namespace twinbench {

class FolderSource final : public LiveSource {
  public:
    // Throws UsageError when the folder does not exist.
    explicit FolderSource(std::filesystem::path folder);

    std::string name() const override;
    void restore(const std::string& checkpoint) override;
    LiveBatch poll(std::chrono::milliseconds wait) override;
    std::string checkpoint() const override;
    std::string link_state() const override;

    // Most bytes read from one file per poll, so a large backlog is committed in parts.
    static constexpr std::size_t max_bytes_per_poll = 4u << 20;

  private:
    struct FollowedFile {
        std::uint64_t device = 0;
        std::uint64_t inode = 0;
        std::string path;           // its name when last seen (file name within the folder)
        std::uint64_t offset = 0;   // bytes read: up to the end of the last complete row
        std::int64_t line = 0;      // physical lines read
        bool header_read = false;
        bool ignored = false;       // no header: nothing to map its columns by
        char delimiter = ',';
        char decimal_mark = '.';
        bool rows_drop_trailing_fields = false;
        std::vector<std::string> header;
        std::vector<std::optional<TimestampFormat>> time_formats;
        bool seen = false;          // present in the latest folder scan
    };
    bool read_new_rows(FollowedFile& file, const std::filesystem::path& path, LiveBatch& batch);
    bool read_header(FollowedFile& file, std::string_view text, std::size_t& consumed, LiveBatch& batch);

    std::filesystem::path folder_;
    std::vector<FollowedFile> files_;
};

}  // namespace twinbench
