// How MQTT payloads become rows (PRODUCT.md section 5). By default each message is one
// row, a JSON object {"time": "2026-12-06T14:15:00+01:00", "<column>": value, ...} with the
// columns named as `import` lists them. Other shapes are described by a mapping file
// (`watch --mapping FILE`, docs/LIVE.md), JSON:
//
//   {
//     "time": "/ts",                       key or JSON pointer of the time stamp
//     "time_unit": "s",                    "iso" (text), "s" or "ms" for epoch numbers
//     "columns": {"/data/t_out": "Outlet temperature", "press": "Pressure"},
//     "topics": {"plant/line1/speed": "Line speed"},
//     "value": "v"                         key of the value in one-value-per-topic payloads
//   }
//
// "columns" maps payload keys (or JSON pointers, starting with '/') to column names; when
// given, only those keys are read. "topics" maps a topic to one column: its payload is a
// bare value (number or text, stamped with the time it arrived) or an object with the
// time and "value". A payload that cannot be read is returned as a reason, never thrown.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "live/live_source.h"

namespace twinbench {

struct PayloadMapping {
    std::string time_key = "time";
    enum class TimeUnit { automatic, iso, seconds, milliseconds } time_unit = TimeUnit::automatic;
    std::map<std::string, std::string> columns;  // payload key or JSON pointer -> column
    std::map<std::string, std::string> topics;   // topic -> column (one value per message)
    std::string value_key = "value";
};

// Reads a mapping file's text. Throws UsageError naming the file and what is wrong.
PayloadMapping parse_payload_mapping(std::string_view json_text, const std::string& file_name);

// One message as a row, or the reason it cannot be one. `arrival_utc_s` stamps a bare
// value of a one-value-per-topic payload.
std::variant<LiveRow, std::string> read_payload(std::string_view topic, std::string_view payload,
                                                const PayloadMapping& mapping, double arrival_utc_s);

}  // namespace twinbench
