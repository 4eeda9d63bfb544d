#include "sample/truth_json.h"

#include <fmt/format.h>

#include "common/error.h"

namespace twinbench::sample {

void bad_truth(const std::string& what) {
    throw BadInputError(FileLocation{"truth.json", 0, 0}, what);
}

const nlohmann::json& member_of(const nlohmann::json& parent, std::string_view key,
                                const std::string& path) {
    if (!parent.is_object()) {
        bad_truth("'" + path + "' is not an object");
    }
    const auto it = parent.find(std::string(key));
    if (it == parent.end()) {
        bad_truth("missing key '" + path + (path.empty() ? "" : ".") + std::string(key) + "'");
    }
    return *it;
}

double number_at(const nlohmann::json& parent, std::string_view group, std::string_view key) {
    const auto& g = member_of(parent, group, "");
    const auto& v = member_of(g, key, std::string(group));
    if (!v.is_number()) {
        bad_truth(fmt::format("'{}.{}' is not a number", group, key));
    }
    return v.get<double>();
}

}  // namespace twinbench::sample
