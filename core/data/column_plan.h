// What the parser will do with each column of one file: its name and unit, its type, how
// its numbers are written, its time format; and the interning of categorical labels.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "data/header_units.h"
#include "data/number_format.h"
#include "data/parsed_file.h"
#include "data/roles.h"
#include "data/timestamp_parser.h"

namespace twinbench {

struct ColumnPlan {
    NameAndUnit name;
    std::string header;
    ColumnType type = ColumnType::numeric;
    NumberFormat number_format;
    std::optional<TimestampFormat> timestamp_format;
    bool is_time_axis = false;
};

// Names must be unique and non-empty inside one table: an empty one becomes column_N, a
// repeated one gets " (2)", each with a note.
std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& headers, const std::string& file,
                                     std::vector<ImportNote>& notes);

// Interns categorical labels; consecutive rows usually repeat, so the last label is cached.
class LevelIndex {
  public:
    std::int32_t code(std::string_view label, std::vector<std::string>& levels);

  private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::int32_t, StringHash, std::equal_to<>> index_;
    std::int32_t last_code_ = -1;
};

}  // namespace twinbench
