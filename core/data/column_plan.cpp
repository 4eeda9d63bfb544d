#include "data/column_plan.h"

#include <algorithm>

#include <fmt/format.h>

namespace twinbench {

std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& headers, const std::string& file,
                                     std::vector<ImportNote>& notes) {
    std::vector<ColumnPlan> plans(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        plans[i].header = headers[i];
        plans[i].name = split_header(headers[i]);
        if (plans[i].name.name.empty()) {
            plans[i].name.name = "column_" + std::to_string(i + 1);
            if (!headers[i].empty() || headers.size() > 1)
                notes.push_back({file, fmt::format("column {} has no name; called it '{}'", i + 1,
                                                   plans[i].name.name)});
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (plans[j].name.name != plans[i].name.name) continue;
            const std::string original = plans[i].name.name;
            for (int k = 2;; ++k) {
                const std::string candidate = fmt::format("{} ({})", original, k);
                const bool used =
                    std::any_of(plans.begin(), plans.begin() + static_cast<std::ptrdiff_t>(i),
                                [&](const ColumnPlan& p) { return p.name.name == candidate; });
                if (!used) {
                    plans[i].name.name = candidate;
                    break;
                }
            }
            notes.push_back({file, fmt::format("column {} repeats the name '{}'; called it '{}'",
                                               i + 1, original, plans[i].name.name)});
            break;
        }
    }
    return plans;
}

std::int32_t LevelIndex::code(std::string_view label, std::vector<std::string>& levels) {
    if (last_code_ >= 0 && levels[static_cast<std::size_t>(last_code_)] == label) return last_code_;
    auto it = index_.find(label);
    if (it == index_.end()) {
        levels.emplace_back(label);
        it = index_.emplace(levels.back(), static_cast<std::int32_t>(levels.size() - 1)).first;
    }
    last_code_ = it->second;
    return last_code_;
}

}  // namespace twinbench
