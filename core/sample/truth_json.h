// Reading a truth.json written by a sample generator (furnace or dryer): lookups that
// throw twinbench::BadInputError naming the missing or mistyped key, so a hand-edited
// or truncated truth file says what is wrong instead of failing somewhere in a test.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twinbench::sample {

// Throws BadInputError located in "truth.json".
[[noreturn]] void bad_truth(const std::string& what);

// parent[key]; `path` is the dotted path of parent ("" at the top) for the message.
const nlohmann::json& member_of(const nlohmann::json& parent, std::string_view key,
                                const std::string& path);

// parent[group][key] as a number.
double number_at(const nlohmann::json& parent, std::string_view group, std::string_view key);

}  // namespace twinbench::sample
