// Value-by-value checks of an imported project against a corpus manifest (the keys
// `cells`, `skipped_lines` and `source_file`, tests/data/README.md): what the project holds
// must be what the file means, not only the right counts.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/parsed_file.h"
#include "data/project.h"
#include "data/table.h"

namespace twinbench::test {

// One line per disagreement ("cells.Energie[3]: expected 2334.01, actual 2.33401"); empty
// when everything matches. Numbers must be equal as doubles (the manifest holds the value
// the file spells, which parses to the same double), texts byte for byte, times as the
// same instant (ISO 8601 UTC in the manifest), null = missing.
std::vector<std::string> check_cells(const nlohmann::json& expected, const std::vector<Table>& tables);
std::vector<std::string> check_skipped_lines(const nlohmann::json& expected, const std::vector<SkippedLine>& lines);
std::vector<std::string> check_source_file(const nlohmann::json& expected, const std::vector<SourceFileRecord>& files);

}  // namespace twinbench::test
