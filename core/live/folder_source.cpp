#include "live/folder_source.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/cell_parsing.h"
#include "data/csv_dialect.h"
#include "data/csv_reader.h"
#include "data/number_format.h"

namespace twinbench {
namespace {

bool followed_name(const std::string& name) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find(".csv") != std::string::npos || lower.find(".tsv") != std::string::npos ||
           lower.find(".txt") != std::string::npos;
}

struct Listed {
    std::filesystem::path path;
    std::string name;
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t modified_ns = 0;
};

std::vector<Listed> list_folder(const std::filesystem::path& folder) {
    std::vector<Listed> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        const std::string name = utf8_path_string(entry.path().filename());
        if (!followed_name(name)) continue;
        struct stat st {};
        if (::stat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        out.push_back({entry.path(), name, static_cast<std::uint64_t>(st.st_dev),
                       static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_size),
                       static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec});
    }
    // Oldest first: a rotated file's last rows come before the new file's first ones.
    std::sort(out.begin(), out.end(), [](const Listed& a, const Listed& b) {
        return a.modified_ns != b.modified_ns ? a.modified_ns < b.modified_ns : a.name < b.name;
    });
    return out;
}

std::string read_range(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(static_cast<std::streamoff>(offset));
    std::string text(bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(bytes));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string cut(std::string_view text, std::size_t max = 1000) {
    return std::string(text.substr(0, max));
}

}  // namespace

FolderSource::FolderSource(std::filesystem::path folder) : folder_(std::move(folder)) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder_, ec))
        throw UsageError(fmt::format("--folder {}: no such folder; give the folder the CSV exports are written to",
                                     utf8_path_string(folder_)));
}

std::string FolderSource::name() const {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(folder_, ec);
    return "folder:" + utf8_path_string(ec ? folder_ : absolute.lexically_normal());
}

std::string FolderSource::link_state() const {
    std::size_t followed = 0;
    for (const auto& f : files_) followed += f.seen && !f.ignored;
    return fmt::format("following {} file{} in {}", followed, followed == 1 ? "" : "s",
                       utf8_path_string(folder_));
}

std::string FolderSource::checkpoint() const {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : files_) {
        nlohmann::json formats = nlohmann::json::array();
        for (const auto& format : f.time_formats)
            formats.push_back(format ? nlohmann::json(static_cast<int>(*format)) : nlohmann::json());
        files.push_back({{"device", f.device}, {"inode", f.inode}, {"path", f.path}, {"offset", f.offset},
                         {"line", f.line}, {"header_read", f.header_read}, {"ignored", f.ignored},
                         {"delimiter", std::string(1, f.delimiter)}, {"decimal_mark", std::string(1, f.decimal_mark)},
                         {"short_rows", f.rows_drop_trailing_fields}, {"header", f.header},
                         {"time_formats", formats}});
    }
    return nlohmann::json{{"files", files}}.dump();
}

void FolderSource::restore(const std::string& checkpoint) {
    files_.clear();
    if (checkpoint.empty()) return;
    try {
        const auto json = nlohmann::json::parse(checkpoint);
        for (const auto& j : json.at("files")) {
            FollowedFile f;
            f.device = j.at("device").get<std::uint64_t>();
            f.inode = j.at("inode").get<std::uint64_t>();
            f.path = j.at("path").get<std::string>();
            f.offset = j.at("offset").get<std::uint64_t>();
            f.line = j.at("line").get<std::int64_t>();
            f.header_read = j.at("header_read").get<bool>();
            f.ignored = j.at("ignored").get<bool>();
            f.delimiter = j.at("delimiter").get<std::string>().at(0);
            f.decimal_mark = j.at("decimal_mark").get<std::string>().at(0);
            f.rows_drop_trailing_fields = j.at("short_rows").get<bool>();
            f.header = j.at("header").get<std::vector<std::string>>();
            for (const auto& format : j.at("time_formats"))
                f.time_formats.push_back(format.is_null()
                                             ? std::nullopt
                                             : std::optional<TimestampFormat>(static_cast<TimestampFormat>(format.get<int>())));
            files_.push_back(std::move(f));
        }
    } catch (const std::exception& e) {
        throw ProjectError(fmt::format("the saved read position of {} is damaged ({}); start afresh with "
                                       "another dataset or restore the project from a backup",
                                       name(), e.what()));
    }
}

LiveBatch FolderSource::poll(std::chrono::milliseconds wait) {
    LiveBatch batch;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (true) {
        const auto listed = list_folder(folder_);
        for (auto& f : files_) f.seen = false;
        for (const auto& entry : listed) {
            auto it = std::find_if(files_.begin(), files_.end(), [&](const FollowedFile& f) {
                return f.device == entry.device && f.inode == entry.inode;
            });
            if (it == files_.end()) {
                FollowedFile f;
                f.device = entry.device;
                f.inode = entry.inode;
                f.path = entry.name;
                files_.push_back(std::move(f));
                it = files_.end() - 1;
                batch.notes.push_back(fmt::format("{}: new file, read from its first line", entry.name));
            } else if (it->path != entry.name) {
                batch.notes.push_back(
                    fmt::format("{} was renamed to {} (rotation): followed on", it->path, entry.name));
                it->path = entry.name;
            }
            it->seen = true;
            if (entry.size < it->offset) {
                // Truncated in place (copytruncate rotation): the rows now in it are new.
                batch.notes.push_back(fmt::format("{} shrank from {} to {} bytes (truncated): read again from its start",
                                                  entry.name, it->offset, entry.size));
                const auto device = it->device, inode = it->inode;
                *it = FollowedFile{};
                it->device = device;
                it->inode = inode;
                it->path = entry.name;
                it->seen = true;
            }
            if (!it->ignored && entry.size > it->offset) read_new_rows(*it, entry.path, batch);
        }
        // A file gone from the folder is forgotten: its identity may be reused by a new file.
        files_.erase(std::remove_if(files_.begin(), files_.end(), [](const FollowedFile& f) { return !f.seen; }),
                     files_.end());
        if (!batch.empty() || std::chrono::steady_clock::now() >= deadline) return batch;
        std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
            std::chrono::milliseconds(50),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())));
    }
}

bool FolderSource::read_header(FollowedFile& file, std::string_view text, std::size_t& consumed, LiveBatch& batch) {
    // The header is known once a data row follows it: sniffing on the header alone could
    // not tell a header from a first row.
    const auto dialect = sniff_dialect(text);
    CsvReader reader(text, dialect.delimiter);
    CsvRecord record;
    bool header_seen = false;
    std::size_t after_header = 0;
    std::int64_t header_end_line = 0;
    while (reader.next(record)) {
        if (!header_seen) {
            if (record.line < dialect.first_table_line) continue;
            if (!dialect.has_header) {
                batch.notes.push_back(fmt::format(
                    "{}: no header line, so its columns cannot be matched to the dataset's; the file is skipped",
                    file.path));
                file.ignored = true;
                return false;
            }
            header_seen = true;
            after_header = reader.position();
            header_end_line = record.end_line;
            file.header.clear();
            for (const auto field : record.fields) file.header.emplace_back(trim_cell(field));
            continue;
        }
        if (record.blank()) continue;
        // A data row follows: the header stands.
        file.header_read = true;
        file.delimiter = dialect.delimiter;
        file.rows_drop_trailing_fields = dialect.rows_drop_trailing_fields;
        file.line = header_end_line;
        consumed = after_header;
        return true;
    }
    return false;
}

bool FolderSource::read_new_rows(FollowedFile& file, const std::filesystem::path& path, LiveBatch& batch) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size <= file.offset) return false;
    std::string text = read_range(path, file.offset, std::min<std::uint64_t>(size - file.offset, max_bytes_per_poll));
    // Only complete lines: the last one may still be being written.
    const auto last_newline = text.find_last_of('\n');
    if (last_newline == std::string::npos) return false;
    text.resize(last_newline + 1);
    std::size_t skip = 0;
    if (file.offset == 0 && text.rfind("\xEF\xBB\xBF", 0) == 0) skip = 3;
    std::string_view view(text);
    view.remove_prefix(skip);

    std::size_t consumed = 0;
    if (!file.header_read) {
        if (!read_header(file, view, consumed, batch)) {
            if (file.ignored) file.offset = size;
            return false;
        }
        view.remove_prefix(consumed);
        consumed += skip;
        // How this file writes its times and decimals, from the rows at hand.
        std::vector<TimestampFormatTally> tallies(file.header.size());
        DecimalMarkTally decimals;
        CsvReader sample(view, file.delimiter);
        CsvRecord record;
        for (int n = 0; n < 500 && sample.next(record); ++n) {
            for (std::size_t c = 0; c < record.fields.size() && c < tallies.size(); ++c) {
                const auto cell = trim_cell(record.fields[c]);
                if (is_missing_token(cell)) continue;
                tallies[c].add(cell);
                decimals.add(cell, record.line);
            }
        }
        file.time_formats.clear();
        for (const auto& tally : tallies) {
            const auto guess = tally.result();
            file.time_formats.push_back(guess ? std::optional<TimestampFormat>(guess->format) : std::nullopt);
        }
        file.decimal_mark = decimals.evidence() == DecimalEvidence::comma ? ',' : '.';
    }

    CsvReader reader(view, file.delimiter);
    CsvRecord record;
    std::size_t used = 0;  // bytes of `view` whose rows are handed out
    std::int64_t lines_used = 0;
    const std::size_t columns = file.header.size();
    while (reader.next(record)) {
        if (record.unterminated_quote && reader.position() >= view.size()) break;  // quoted line break still coming
        used = reader.position();
        lines_used = record.end_line;
        if (record.blank()) continue;
        const std::int64_t line = file.line + record.line;
        const auto reject = [&](std::string reason) {
            batch.rejected.push_back({file.path, line, std::move(reason), cut(record.raw)});
        };
        if (record.unterminated_quote) {
            reject("a quote opened on this line is never closed");
            continue;
        }
        if (record.has_nul) {
            reject("the line contains NUL bytes (damaged export)");
            continue;
        }
        if (record.fields.size() != columns &&
            !(file.rows_drop_trailing_fields && record.fields.size() < columns)) {
            reject(fmt::format("expected {} fields, found {}", columns, record.fields.size()));
            continue;
        }
        LiveRow row;
        row.origin = file.path;
        row.line = line;
        row.raw = cut(record.raw);
        row.decimal_mark = file.decimal_mark;
        row.cells.reserve(columns);
        for (std::size_t c = 0; c < record.fields.size(); ++c)
            row.cells.push_back({file.header[c], std::string(record.fields[c]), std::nullopt, file.time_formats[c]});
        batch.rows.push_back(std::move(row));
    }
    file.offset += consumed + used;
    file.line += lines_used;
    return true;
}

}  // namespace twinbench
