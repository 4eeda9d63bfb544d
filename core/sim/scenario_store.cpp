#include "sim/scenario_store.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "common/utf8_path.h"
#include "data/scenario_records.h"

namespace twinbench {

void save_scenario(Project& project, const DatasetInfo& dataset, const Scenario& scenario) {
    upsert_scenario_record(project, dataset.id, {scenario.name, scenario.note, to_json(scenario).dump()});
}

std::vector<Scenario> stored_scenarios(const Project& project, const DatasetInfo& dataset) {
    std::vector<Scenario> out;
    for (const ScenarioRecord& record : scenario_records(project, dataset.id)) {
        const auto j = nlohmann::json::parse(record.spec_json, nullptr, false);
        if (j.is_discarded())
            throw ProjectError(
                fmt::format("{}: stored scenario '{}' is damaged", utf8_path_string(project.path()), record.name));
        out.push_back(scenario_from_json(
            j, fmt::format("{} (scenario '{}')", utf8_path_string(project.path()), record.name)));
    }
    return out;
}

bool delete_scenario(Project& project, const DatasetInfo& dataset, const std::string& name) {
    return delete_scenario_record(project, dataset.id, name);
}

Scenario read_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw BadInputError({path, 0, 0}, "cannot open the scenario file; check the path");
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann reports a byte offset; turn it into a line for the message.
        const std::string s = text.str();
        const auto offset = std::min<std::size_t>(e.byte, s.size());
        const auto line =
            1 + std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
        throw BadInputError(
            {path, line, 0},
            "not valid JSON; a scenario is an object with name, changes, note, tariff, limits");
    }
    return scenario_from_json(j, path);
}

void write_scenario_file(const std::string& path, const Scenario& scenario) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << to_json(scenario).dump(2) << '\n';
    if (!out) throw ProjectError(fmt::format("{}: cannot write the scenario file", path));
}

Scenario load_scenario(const Project& project, const DatasetInfo& dataset,
                       const std::string& file_or_name) {
    std::error_code ec;
    if (file_or_name.ends_with(".json") || std::filesystem::is_regular_file(file_or_name, ec))
        return read_scenario_file(file_or_name);
    std::vector<std::string> names;
    for (auto& s : stored_scenarios(project, dataset)) {
        if (s.name == file_or_name) return s;
        names.push_back(s.name);
    }
    throw UsageError(fmt::format(
        "no scenario '{}' in the project (stored: {})", file_or_name,
        names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "))));
}

}  // namespace twinbench
