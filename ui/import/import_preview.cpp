#include "ui/import/import_preview.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QFileInfo>

#include "common/error.h"
#include "data/role_proposal.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

void detectRoles(std::vector<FilePreview>& previews) {
    // Files with the same columns become one source; the first of them stands for it.
    std::vector<const twinbench::Table*> sources;
    std::vector<std::size_t> owners;  // preview of each source
    std::set<std::string> signatures;
    for (std::size_t p = 0; p < previews.size(); ++p) {
        auto& preview = previews[p];
        if (!preview.ok()) continue;
        const auto& table = preview.parsed.table;
        preview.roles.assign(table.columns.size(), twinbench::Role::none);
        preview.roleReasons.assign(table.columns.size(), std::string());
        std::string signature;
        for (const auto& c : table.columns) signature += c.name + '\x1f';
        if (!signatures.insert(signature).second) continue;
        sources.push_back(&table);
        owners.push_back(p);
    }
    // The main source first, as the importer orders them: timed files, then most rows.
    std::vector<std::size_t> order(sources.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (sources[a]->has_time() != sources[b]->has_time()) return sources[a]->has_time();
        return sources[a]->row_count() > sources[b]->row_count();
    });
    std::vector<const twinbench::Table*> sortedSources;
    std::vector<std::size_t> sortedOwners;
    for (const std::size_t i : order) {
        sortedSources.push_back(sources[i]);
        sortedOwners.push_back(owners[i]);
    }
    sources = std::move(sortedSources);
    owners = std::move(sortedOwners);
    // The importer's proposal (names, units and how each column moves in these rows).
    const auto proposals = twinbench::propose_roles(sources, preview_detection_rows);
    for (std::size_t s = 0; s < proposals.size(); ++s) {
        auto& preview = previews[owners[s]];
        for (std::size_t c = 0; c < proposals[s].size(); ++c) {
            preview.roles[c] = proposals[s][c].role;
            preview.roleReasons[c] = proposals[s][c].reason;
        }
    }
    // Same-column files follow the first of their kind; every file keeps its time axis.
    for (auto& preview : previews) {
        if (!preview.ok()) continue;
        for (const auto& other : previews) {
            if (&other == &preview) break;
            if (!other.ok() || other.parsed.table.columns.size() != preview.parsed.table.columns.size()) continue;
            bool same = true;
            for (std::size_t c = 0; c < other.parsed.table.columns.size() && same; ++c)
                same = other.parsed.table.columns[c].name == preview.parsed.table.columns[c].name;
            if (same) {
                preview.roles = other.roles;
                preview.roleReasons = other.roleReasons;
                break;
            }
        }
        for (std::size_t c = 0; c < preview.roles.size(); ++c)
            if (preview.parsed.table.columns[c].role == twinbench::Role::time) preview.roles[c] = twinbench::Role::time;
    }
}

// The preview shows the first rows only; the rest was parsed for role detection.
void truncateRows(twinbench::ParsedFile& parsed, std::size_t rows) {
    auto& table = parsed.table;
    if (table.row_count() <= rows) return;
    if (table.has_time()) table.time_s.resize(rows);
    for (auto& c : table.columns) {
        if (c.type == twinbench::ColumnType::categorical) c.codes.resize(rows);
        else c.values.resize(rows);
    }
}

}  // namespace

std::vector<FilePreview> previewFiles(const QStringList& paths, const std::string& timeZone,
                                      const twinbench::FormatOverrides& overrides,
                                      const twinbench::ProgressCallback& progress) {
    std::vector<FilePreview> previews;
    previews.reserve(static_cast<std::size_t>(paths.size()));
    for (qsizetype i = 0; i < paths.size(); ++i) {
        FilePreview preview;
        preview.path = paths[i];
        twinbench::ParseOptions options;
        options.time_zone = timeZone;
        options.max_rows = preview_detection_rows;
        options.progress = progress;
        options.overrides = overrides;
        options.allow_ambiguous_numbers = true;
        try {
            preview.parsed = twinbench::parse_file(toPath(paths[i]), options);
        } catch (const twinbench::Error& e) {
            preview.error = toQString(e.what());
        }
        previews.push_back(std::move(preview));
        if (progress && !progress(static_cast<double>(i + 1) / static_cast<double>(paths.size()), "preview"))
            throw twinbench::Cancelled();
    }
    detectRoles(previews);
    for (auto& preview : previews) truncateRows(preview.parsed, preview_rows);
    return previews;
}

QString ambiguousNumbersMessage(const std::vector<const FilePreview*>& previews) {
    for (const auto* preview : previews) {
        if (!preview->ok() || preview->parsed.ambiguous_numbers.empty()) continue;
        const auto& a = preview->parsed.ambiguous_numbers.front();
        return QObject::tr("The numbers of column '%1' in %2 read two ways: '%3' (line %4) is a decimal number with "
                           "'%5' as the decimal mark, or a whole number with '%5' between the thousands. Choose the "
                           "decimal mark under File format, then import.")
            .arg(toQString(a.column), QFileInfo(preview->path).fileName(), toQString(a.example))
            .arg(a.line)
            .arg(a.example.find(',') != std::string::npos ? QLatin1Char(',') : QLatin1Char('.'));
    }
    return {};
}

std::vector<std::pair<twinbench::Role, std::string>> roleOverrides(const std::vector<PreviewRole>& roles) {
    std::vector<std::pair<twinbench::Role, std::string>> overrides;
    std::set<std::string> seen;
    for (const auto& r : roles) {
        if (r.role == twinbench::Role::time || r.detected == twinbench::Role::time) continue;
        if (!seen.insert(r.column).second) continue;
        if (r.edited) overrides.emplace_back(r.role, r.column);
    }
    return overrides;
}

}  // namespace twinbench::ui
