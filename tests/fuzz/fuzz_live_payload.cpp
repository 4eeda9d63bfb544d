// Fuzz target: MQTT payloads and mapping files of `watch --mqtt` (core/live/payload_mapping.h).
// The input up to its first newline is read as a mapping file, the rest as a payload,
// read both with that mapping (when accepted) and with the default one, on a topic the
// mapping may name. Contract checked: a bad mapping only throws UsageError; a payload
// never throws, and a row it gives has a time stamp (text or a finite number) and finite
// numbers only, each cell named.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/error.h"
#include "fuzz_common.h"
#include "live/payload_mapping.h"

namespace {

void check(std::string_view topic, std::string_view payload, const twinbench::PayloadMapping& mapping) {
    const auto result = twinbench::read_payload(topic, payload, mapping, 1796083200.0);
    if (const auto* row = std::get_if<twinbench::LiveRow>(&result)) {
        TWINBENCH_FUZZ_CHECK(!row->time_text.empty() || (row->time_utc_s && std::isfinite(*row->time_utc_s)));
        TWINBENCH_FUZZ_CHECK(!row->cells.empty());
        for (const auto& cell : row->cells) {
            TWINBENCH_FUZZ_CHECK(!cell.number || std::isfinite(*cell.number));
        }
    } else {
        TWINBENCH_FUZZ_CHECK(!std::get<std::string>(result).empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string_view mapping_text = newline == std::string_view::npos ? input : input.substr(0, newline);
    const std::string_view payload = newline == std::string_view::npos ? input : input.substr(newline + 1);
    check("plant/line1", payload, twinbench::PayloadMapping{});
    try {
        const auto mapping = twinbench::parse_payload_mapping(mapping_text, "fuzz.json");
        check("plant/line1", payload, mapping);
        for (const auto& [topic, column] : mapping.topics) check(topic, payload, mapping);
    } catch (const twinbench::UsageError&) {
        // refused with a message: fine
    }
    return 0;
}
