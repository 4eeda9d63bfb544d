// Fuzz target: the timestamp parser. The input is parsed as one cell with every
// TimestampFormat, split into lines for format detection, and every parsed value goes
// through a Europe/Berlin LocalTimeResolver (DST gaps and repeated hours), whose results
// must be finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "data/timestamp_parser.h"
#include "fuzz_common.h"

namespace {

constexpr twinbench::TimestampFormat all_formats[] = {
    twinbench::TimestampFormat::iso8601,       twinbench::TimestampFormat::dmy_dot,
    twinbench::TimestampFormat::dmy_slash,     twinbench::TimestampFormat::mdy_slash,
    twinbench::TimestampFormat::dmy_dash,      twinbench::TimestampFormat::ymd_slash,
    twinbench::TimestampFormat::epoch_seconds, twinbench::TimestampFormat::epoch_millis,
};

void check_parsed(const twinbench::ParsedTimestamp& ts, twinbench::LocalTimeResolver& resolver) {
    TWINBENCH_FUZZ_CHECK(std::isfinite(ts.seconds));
    if (!ts.has_offset) {
        const auto result = resolver.resolve(ts.seconds);
        TWINBENCH_FUZZ_CHECK(std::isfinite(result.utc_seconds));
        // A zone offset is never more than a day.
        TWINBENCH_FUZZ_CHECK(std::fabs(result.utc_seconds - ts.seconds) <= 86400.0);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        twinbench::LocalTimeResolver resolver("Europe/Berlin");

        for (const auto format : all_formats) {
            (void)twinbench::timestamp_format_name(format);
            if (const auto ts = twinbench::parse_timestamp(input, format)) check_parsed(*ts, resolver);
        }

        std::vector<std::string_view> lines;
        std::size_t start = 0;
        while (start <= input.size()) {
            const std::size_t end = input.find('\n', start);
            const std::size_t stop = end == std::string_view::npos ? input.size() : end;
            lines.push_back(input.substr(start, stop - start));
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
        if (const auto guess = twinbench::detect_timestamp_format(lines)) {
            TWINBENCH_FUZZ_CHECK(guess->match_fraction >= 0.0 && guess->match_fraction <= 1.0);
            std::vector<double> local;
            twinbench::LocalTimeResolver row_resolver("Europe/Berlin");
            for (const auto line : lines) {
                if (const auto ts = twinbench::parse_timestamp(line, guess->format)) {
                    check_parsed(*ts, row_resolver);
                    if (!ts->has_offset) local.push_back(ts->seconds);
                }
            }
            const std::size_t before = local.size();
            const std::size_t moved = twinbench::fix_end_of_day_midnights(local);
            TWINBENCH_FUZZ_CHECK(local.size() == before);
            TWINBENCH_FUZZ_CHECK(moved <= local.size());
        }
    } catch (const twinbench::Error&) {
    }
    return 0;
}
