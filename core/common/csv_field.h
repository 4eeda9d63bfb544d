// A field of a CSV file as RFC 4180 writes it: as it is, or quoted (quotes doubled) where it
// holds a comma, a quote or a line break. For names and labels the engine writes into CSV
// files (series exports, recommendation logs, training histories).
#pragma once

#include <string>
#include <string_view>

namespace twinbench {

std::string csv_field(std::string_view text);

}  // namespace twinbench
