#include "ui/whatif/material_mix.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/missing_value.h"
#include "data/roles.h"

namespace twinbench::ui {
namespace {

// The grade label of a row, spelled as the replay spells it (numeric codes as "{}").
std::string label_of(const twinbench::Column& c, std::size_t row) {
    return c.type == twinbench::ColumnType::categorical ? std::string(c.label(row))
                                                        : fmt::format("{}", c.values[row]);
}

}  // namespace

std::vector<double> grade_shares(const std::vector<std::int16_t>& grades, std::size_t grade_count) {
    std::vector<double> out(grade_count, 0.0);
    double known = 0.0;
    for (auto g : grades)
        if (g >= 0 && static_cast<std::size_t>(g) < grade_count) {
            out[static_cast<std::size_t>(g)] += 1.0;
            known += 1.0;
        }
    if (known > 0.0)
        for (auto& s : out) s /= known;
    return out;
}

std::vector<GradeShareEnvelope> recorded_mix(const twinbench::Table& table,
                                             const std::vector<std::string>& grade_labels,
                                             const std::vector<std::int16_t>& replay_grades,
                                             double horizon_h) {
    const std::size_t n_grades = grade_labels.size();
    std::vector<GradeShareEnvelope> out(n_grades);
    const auto replay = grade_shares(replay_grades, n_grades);
    for (std::size_t g = 0; g < n_grades; ++g) {
        out[g].grade = grade_labels[g];
        out[g].replay_share = replay[g];
        out[g].min = out[g].median = out[g].max = nan;
    }
    const auto* material = table.find_role(twinbench::Role::material);
    if (material == nullptr || !table.has_time() || n_grades == 0 || !(horizon_h > 0.0)) return out;

    // Rows per grade and calendar day since the first row (carried forward between the
    // entries of a sparse batch list), then every horizon-long run of days.
    const double t0 = table.time_s.front();
    std::vector<std::vector<double>> per_day;  // [day][grade]
    int last = -1;
    std::map<std::string, int> index;
    for (std::size_t g = 0; g < n_grades; ++g) index[grade_labels[g]] = static_cast<int>(g);
    for (std::size_t row = 0; row < table.row_count(); ++row) {
        if (!material->is_missing(row)) {
            const auto it = index.find(label_of(*material, row));
            last = it == index.end() ? -1 : it->second;
        }
        if (last < 0 || !std::isfinite(table.time_s[row])) continue;
        const auto day =
            static_cast<std::size_t>(std::max(0.0, (table.time_s[row] - t0) / 86400.0));
        if (day >= per_day.size()) per_day.resize(day + 1, std::vector<double>(n_grades, 0.0));
        per_day[day][static_cast<std::size_t>(last)] += 1.0;
    }
    if (per_day.empty()) return out;
    const auto days = std::max<std::size_t>(
        1, std::min(per_day.size(), static_cast<std::size_t>(std::lround(horizon_h / 24.0))));
    std::vector<std::vector<double>> shares(n_grades);  // per grade, one per window
    for (std::size_t first = 0; first + days <= per_day.size(); ++first) {
        std::vector<double> count(n_grades, 0.0);
        double total = 0.0;
        for (std::size_t d = first; d < first + days; ++d)
            for (std::size_t g = 0; g < n_grades; ++g) {
                count[g] += per_day[d][g];
                total += per_day[d][g];
            }
        if (!(total > 0.0)) continue;
        for (std::size_t g = 0; g < n_grades; ++g) shares[g].push_back(count[g] / total);
    }
    for (std::size_t g = 0; g < n_grades; ++g) {
        auto& s = shares[g];
        if (s.empty()) continue;
        std::sort(s.begin(), s.end());
        out[g].min = s.front();
        out[g].max = s.back();
        out[g].median = s[s.size() / 2];
    }
    return out;
}

std::map<std::string, double> with_share(const std::map<std::string, double>& base,
                                         const std::string& grade, double share) {
    share = std::clamp(std::isfinite(share) ? share : 0.0, 0.0, 1.0);
    std::map<std::string, double> out = base;
    out[grade] = share;
    double others = 0.0;
    std::size_t n_others = 0;
    for (const auto& [g, s] : base)
        if (g != grade) {
            others += std::max(0.0, s);
            ++n_others;
        }
    if (n_others == 0) {
        out[grade] = 1.0;  // the only grade takes everything
        return out;
    }
    const double rest = 1.0 - share;
    for (auto& [g, s] : out) {
        if (g == grade) continue;
        s = others > 0.0 ? rest * std::max(0.0, base.at(g)) / others
                         : rest / static_cast<double>(n_others);
    }
    return out;
}

}  // namespace twinbench::ui
