#include "sample/historian_style.h"

namespace twinbench {

std::string_view export_style_name(ExportStyle style) {
    return style == ExportStyle::german ? "german" : "standard";
}

namespace sample {

namespace {

// "°" and "ß" as UTF-8 bytes, kept out of the literals so the source charset does not
// matter.
#define TWINBENCH_DEG "\xC2\xB0"
#define TWINBENCH_SZ "\xC3\x9F"
constexpr HistorianStyle standard_style{
    {
        "Zeitstempel",
        "Line speed [m/min]",
        "Furnace setpoint [" TWINBENCH_DEG "C]",
        "Furnace temperature [" TWINBENCH_DEG "C]",
        "Ambient temperature [" TWINBENCH_DEG "C]",
        "Relative humidity [%]",
        "Parts produced [count]",
        "Parts scrapped [count]",
        "Energy [kWh]",
        "Line state",
        "Conveyor wear [%]",
    },
    {"RUN", "STOP", "MAINT"},
    true,
    "",
    false,
    "maintenance_log.csv",
    "batches.csv",
};

constexpr HistorianStyle german_style{
    {
        "Datum/Uhrzeit",
        "Bandgeschwindigkeit [m/min]",
        "Ofen Sollwert [" TWINBENCH_DEG "C]",
        "Ofentemperatur [" TWINBENCH_DEG "C]",
        "Hallentemperatur [" TWINBENCH_DEG "C]",
        "rel. Feuchte [%]",
        "Teile [Stk]",
        "Ausschuss [Stk]",
        "Energie [kWh]",
        "Status",
        "Bandverschlei" TWINBENCH_SZ " [%]",
    },
    {"Produktion", "Stillstand", "Wartung"},
    false,
    "ofenlinie_export.csv",
    true,
    "wartungsprotokoll.csv",
    "chargen.csv",
};
#undef TWINBENCH_SZ
#undef TWINBENCH_DEG

}  // namespace

const HistorianStyle& historian_style(ExportStyle style) {
    return style == ExportStyle::german ? german_style : standard_style;
}

std::string_view state_word(const HistorianStyle& style, LineState state) {
    return style.state_words[static_cast<std::size_t>(state)];
}

std::string header_bytes(const HistorianStyle& style) {
    std::string header;
    for (int c = 0; c < column_count; ++c) {
        if (c > 0) {
            header.push_back(';');
        }
        header.append(style.column_names[static_cast<std::size_t>(c)]);
    }
    header.append("\r\n");
    if (style.windows1252) {
        return latin1_utf8_to_windows1252(header);
    }
    return "\xEF\xBB\xBF" + header;  // BOM, as spreadsheet-friendly exports write it
}

std::string historian_file_name(const HistorianStyle& style, int year, int month) {
    if (!style.monthly_files) {
        return std::string(style.single_file_name);
    }
    return "historian_" + std::to_string(year) + "-" + (month < 10 ? "0" : "") +
           std::to_string(month) + ".csv";
}

std::string latin1_utf8_to_windows1252(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < utf8.size()) {
            const auto next = static_cast<unsigned char>(utf8[++i]);
            out.push_back(static_cast<char>((c == 0xC2 ? 0x80 : 0xC0) | (next & 0x3F)));
        } else {
            // Skip the continuation bytes of a character outside Latin-1.
            while (i + 1 < utf8.size() && (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) == 0x80) {
                ++i;
            }
            out.push_back('?');
        }
    }
    return out;
}

}  // namespace sample
}  // namespace twinbench
