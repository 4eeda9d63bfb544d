// How a historian exports the reference line's interval data: column names, the state
// words, the file split and the encoding. The standard style is the designed plant's
// export; the German style is that of an independent line's historian (German column
// names and state words, one file, Windows-1252). The values, their decimals, the
// `;` delimiter, the decimal comma, the dd.mm.yyyy HH:MM:SS local timestamps and the
// planted defects are the same in both.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "sample/reference_plant.h"

namespace twinbench {

enum class ExportStyle : std::uint8_t {
    // historian_YYYY-MM.csv, English column names, RUN/STOP/MAINT, UTF-8 with BOM.
    standard,
    // One file ofenlinie_export.csv for the whole period, German column names
    // ("Bandgeschwindigkeit [m/min]", ...), Status Produktion/Stillstand/Wartung,
    // Windows-1252 without BOM; the batch list as chargen.csv (`;`, dd.mm.yyyy HH:MM) and
    // the maintenance log as wartungsprotokoll.csv.
    german,
};
std::string_view export_style_name(ExportStyle style);  // "standard", "german"

namespace sample {

enum HistorianColumn : int {
    col_time,
    col_speed,
    col_setpoint,
    col_furnace,
    col_ambient,
    col_humidity,
    col_produced,
    col_scrap,
    col_energy,
    col_state,
    col_wear,
    column_count,
};

struct HistorianStyle {
    // UTF-8 (as truth.json names them); header_bytes() encodes them for the file.
    std::array<std::string_view, column_count> column_names;
    std::array<std::string_view, 3> state_words;  // by LineState
    bool monthly_files = true;                   // else one file, single_file_name
    std::string_view single_file_name;
    bool windows1252 = false;                    // else UTF-8 with BOM
    // Side files.
    std::string_view maintenance_log_name;
    std::string_view batches_name;
};

const HistorianStyle& historian_style(ExportStyle style);

std::string_view state_word(const HistorianStyle& style, LineState state);

// The header line with its CRLF (and the BOM for UTF-8), in the file's encoding.
std::string header_bytes(const HistorianStyle& style);

// The historian file of a local calendar month: historian_2026-02.csv, or the single file.
std::string historian_file_name(const HistorianStyle& style, int year, int month);

// UTF-8 text of Latin-1 characters (U+0000..U+00FF) as Windows-1252 bytes (which agree
// with Latin-1 there); other characters become '?'.
std::string latin1_utf8_to_windows1252(std::string_view utf8);

}  // namespace sample
}  // namespace twinbench
