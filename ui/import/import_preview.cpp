#include "ui/import/import_preview.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/error.h"
#include "data/role_detection.h"
#include "ui/app/qt_strings.h"

namespace twinbench::ui {
namespace {

twinbench::RoleCandidate candidateFor(const twinbench::Column& c, bool isTimeAxis) {
    twinbench::RoleCandidate candidate;
    candidate.name = c.name;
    candidate.unit = c.unit;
    candidate.type = c.type;
    candidate.is_time_axis = isTimeAxis;
    if (c.type == twinbench::ColumnType::numeric)
        candidate.zero_one_only = std::all_of(c.values.begin(), c.values.end(),
                                              [](double v) { return std::isnan(v) || v == 0.0 || v == 1.0; });
    if (c.type == twinbench::ColumnType::categorical && !c.codes.empty())
        candidate.distinct_fraction = static_cast<double>(c.levels.size()) / static_cast<double>(c.codes.size());
    return candidate;
}

void detectRoles(std::vector<FilePreview>& previews) {
    // Files with the same columns become one source; their columns are candidates once.
    std::vector<twinbench::RoleCandidate> candidates;
    std::vector<std::pair<std::size_t, std::size_t>> owners;  // (preview, column)
    std::set<std::string> signatures;
    bool first = true;
    for (std::size_t p = 0; p < previews.size(); ++p) {
        auto& preview = previews[p];
        if (!preview.ok()) continue;
        const auto& table = preview.parsed.table;
        preview.roles.assign(table.columns.size(), twinbench::Role::none);
        std::string signature;
        for (const auto& c : table.columns) signature += c.name + '\x1f';
        if (!signatures.insert(signature).second) continue;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const bool timeAxis = table.columns[c].role == twinbench::Role::time;
            candidates.push_back(candidateFor(table.columns[c], timeAxis && first));
            owners.emplace_back(p, c);
        }
        first = false;
    }
    const auto roles = twinbench::detect_roles(candidates);
    for (std::size_t i = 0; i < roles.size(); ++i) previews[owners[i].first].roles[owners[i].second] = roles[i];
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
