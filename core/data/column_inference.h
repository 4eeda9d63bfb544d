// Decides a column's type from a sample of its cells: timestamp, numeric, boolean or
// categorical. A sample is enough because the parser demotes a column (boolean ->
// numeric -> categorical) when the full pass disagrees.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/number_format.h"
#include "data/roles.h"
#include "data/timestamp_parser.h"

namespace twinbench {

struct InferredType {
    ColumnType type = ColumnType::numeric;
    std::optional<TimestampFormatGuess> timestamp;  // for timestamp columns
};

// cells: trimmed sample cells of one column (missing tokens included, they are skipped).
// number_format: how the column writes its numbers (decided beforehand, number_format.h).
InferredType infer_column_type(const std::vector<std::string>& cells, std::string_view column_name,
                               const NumberFormat& number_format);

}  // namespace twinbench
