"""tests/data/misread/: files that an importer can read without an error and still store
differently from what they say (issue 18, "no silent misreads"). Each case is written
from its truth: the generator draws the values, spells them the way the file's
convention writes them, and puts the values themselves in the manifest (`cells`), so the
corpus runner compares what the project holds with what the file means, value by value.

One case (or a few) per class:
1. decimal comma with thousands dots, and the ambiguous column that must be asked about;
2. thousands separators: ',' '.' space, no-break spaces, apostrophes, and groups that are
   not groups of three (rejected, never misread);
3. a header wider than the rows (exports that drop empty trailing fields), a preamble kept
   with its text, and a data row above the header (an error, not a skipped line);
4. missing-value spellings of C runtimes, MSVC, pandas and spreadsheets;
5. open-end dates (9999-12-31) in a validity column;
plus a CRLF inside a quoted field and a cp1255 file with ':' between its fields.

Written by make_corpus.py (which imports this module); Python standard library only.
"""

from __future__ import annotations

import datetime as dt
import random

from make_corpus import Corpus, csv_line, entry, join_lines, ok, utc_iso, berlin, TZ_ARGS

UTC_ARGS = {"timezone": "UTC"}


def spell(x: float, decimals: int, mark: str = ".", group: str | None = None) -> str:
    """x with `decimals` decimals, `mark` as the decimal mark and `group` between groups
    of three digits of the integer part (None: no grouping)."""
    text = f"{abs(x):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    if group:
        parts = []
        while len(whole) > 3:
            parts.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = group.join([whole] + parts)
    out = whole + (mark + fraction if decimals else "")
    return ("-" if x < 0 else "") + out


def value(x: float, decimals: int) -> float:
    """What a cell spelled with `decimals` decimals means (the truth for `cells`)."""
    return float(f"{x:.{decimals}f}")


def times(n, start=dt.datetime(2026, 1, 14, 6, 0), step_min=15):
    return [start + dt.timedelta(minutes=step_min * k) for k in range(n)]


def iso_local(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def utc_of(t: dt.datetime) -> str:
    return utc_iso(t.replace(tzinfo=dt.timezone.utc))


def build_misread(c: Corpus) -> None:
    build_decimal_marks(c)
    build_thousands(c)
    build_headers(c)
    build_missing(c)
    build_dates(c)
    build_text(c)


# ---- 1. decimal comma with thousands dots ------------------------------------------------


def build_decimal_marks(c: Corpus) -> None:
    rnd = random.Random(1801)
    ts = times(12)
    temps = [value(rnd.uniform(18.0, 24.0), 1) for _ in ts]
    weights = [float(rnd.randint(1000, 9999)) for _ in ts]
    weights[5] = 985.0  # reads the same either way
    states = ["Produktion" if k % 5 else "Rüsten" for k in range(len(ts))]
    lines = ["Zeitstempel;Temperatur [°C];Gewicht [kg];Status"]
    for t, temp, w, s in zip(ts, temps, weights, states):
        lines.append(";".join([iso_local(t), spell(temp, 1, ","), spell(w, 0, ",", "."), s]))
    c.write("decimal_comma_thousands_dot.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("decimal_comma_thousands_dot.csv", args=UTC_ARGS,
                expect=ok(12, 0, columns=4, time_column="Zeitstempel", rejected_lines=[],
                          types={"Temperatur": "numeric", "Gewicht": "numeric", "Status": "categorical"},
                          cells={"Temperatur": temps, "Gewicht": weights},
                          detected={"delimiter": ";", "decimal_mark": ",", "thousands": "."}),
                why="Issue 18 class 1: '20,5' can only be a decimal comma (a group of one digit), so the file "
                    "writes ',' for decimals and '1.234' in the other column is 1234, not 1.234. Today's vote "
                    "ties and stores Temperatur as text and Gewicht 1000 times too small."))

    # The mirror: decimal points decide, "1,234" groups thousands.
    rnd = random.Random(1802)
    ts = times(12)
    temps = [value(rnd.uniform(180.0, 190.0), 1) for _ in ts]
    counts = [float(rnd.randint(1000, 99999)) for _ in ts]
    lines = ["Timestamp,Furnace temperature [°C],Parts produced"]
    for t, temp, n in zip(ts, temps, counts):
        lines.append(csv_line([iso_local(t), spell(temp, 1), spell(n, 0, ".", ",")]))
    c.write("thousands_comma_decided_by_file.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("thousands_comma_decided_by_file.csv", args=UTC_ARGS,
                expect=ok(12, 0, columns=3, time_column="Timestamp", rejected_lines=[],
                          cells={"Furnace temperature": temps, "Parts produced": counts},
                          detected={"delimiter": ",", "decimal_mark": ".", "thousands": ","}),
                why="Decimal points in one column ('185.3') decide the file, so '\"12,345\"' in the count column is "
                    "12345. Today the count column is text."))

    # Nothing in the file tells: ask (exit 2, the column and the option), never guess.
    rnd = random.Random(1803)
    ts = times(10)
    weights = [float(rnd.randint(1000, 9999)) for _ in ts]
    lines = ["Zeitstempel;Gewicht [kg];Status"]
    for t, w in zip(ts, weights):
        lines.append(";".join([iso_local(t), spell(w, 0, ",", "."), "Produktion"]))
    c.write("ambiguous_thousands_dot.csv", join_lines(lines).encode("utf-8"))
    base = "ambiguous_thousands_dot.csv"
    c.add(entry(base, args=UTC_ARGS,
                expect={"exit": 2,
                        "message_contains": [base, "'Gewicht'", "--decimal", spell(weights[0], 0, ",", ".")],
                        "message_regex": r"^error: .*" + base.replace(".", r"\.") + r":2:2: "},
                why="Every value looks like '1.234' and no other column has a decimal: 1.234 or 1234? The "
                    "import says so and asks for --decimal (exit 2) instead of storing either. Today: 1.234."))
    c.add(entry(base, args={**UTC_ARGS, "decimal": ","},
                expect=ok(10, 0, columns=3, time_column="Zeitstempel", rejected_lines=[], cells={"Gewicht": weights},
                          source_file={"decimal_mark": ",", "thousands": ".", "given": "--decimal ','"}),
                why="The same file with --decimal ',': '.' groups thousands, 1.234 is 1234; the setting is recorded "
                    "with the file."))
    c.add(entry(base, args={**UTC_ARGS, "thousands": "none"},
                expect=ok(10, 0, columns=3, time_column="Zeitstempel", rejected_lines=[],
                          cells={"Gewicht": [w / 1000.0 for w in weights]},
                          source_file={"decimal_mark": ".", "thousands": "", "given": "--thousands none"}),
                why="The same file with --thousands none: no grouping, so '.' is the decimal mark and 1.234 is 1.234."))

    # A file written by two systems: each column keeps its own evidence.
    rnd = random.Random(1804)
    ts = times(10)
    a = [value(rnd.uniform(10, 30), 1) for _ in ts]
    b = [value(rnd.uniform(100, 300), 2) for _ in ts]
    lines = ["Zeitstempel;Zuluft [°C];Abluft [°C]"]
    for t, x, y in zip(ts, a, b):
        lines.append(";".join([iso_local(t), spell(x, 1, ","), spell(y, 2, ".")]))
    c.write("decimal_marks_per_column.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("decimal_marks_per_column.csv", args=UTC_ARGS,
                expect=ok(10, 0, columns=3, time_column="Zeitstempel", rejected_lines=[],
                          cells={"Zuluft": a, "Abluft": b}, notes_contain=["two ways"]),
                why="One column writes '21,5', another '185.25': each is only valid one way, so each is read its "
                    "own way and a note says the file mixes them. Today the vote makes one of them text."))


# ---- 2. thousands separators ---------------------------------------------------------------


def build_thousands(c: Corpus) -> None:
    rnd = random.Random(1811)
    ts = times(30)
    temps = [value(rnd.uniform(180, 190), 1) for _ in ts]
    energy = [value(rnd.uniform(500, 2_500_000), 2) for _ in ts]
    energy[3] = 2334.01  # the "2,334.01"
    energy[7] = 987.25
    lines = ["Timestamp,Furnace temperature [°C],Energy [kWh]"]
    bad = {12: "1,23,456.7", 21: "12,34.5"}  # Indian grouping, a two-digit group
    for k, (t, temp, e) in enumerate(zip(ts, temps, energy)):
        cell = bad.get(k, spell(e, 2, ".", ","))
        lines.append(csv_line([iso_local(t), spell(temp, 1), cell]))
    c.write("thousands_comma_quoted.csv", join_lines(lines).encode("utf-8"))
    kept = [e for k, e in enumerate(energy) if k not in bad]
    c.add(entry("thousands_comma_quoted.csv", args=UTC_ARGS,
                expect=ok(28, 2, columns=3, time_column="Timestamp", rejected_lines=[k + 2 for k in sorted(bad)],
                          types={"Energy": "numeric"}, cells={"Energy": kept},
                          detected={"decimal_mark": ".", "thousands": ","}),
                why="Quoted '\"2,334.01\"' and '\"1,234,567.89\"' are numbers (groups of three); '1,23,456.7' and "
                    "'12,34.5' are not groups of three and reject their rows instead of being misread. Today the "
                    "column is text."))

    rnd = random.Random(1812)
    ts = times(12)
    energy = [value(rnd.uniform(500, 20_000_000), 1) for _ in ts]
    energy[2] = 1234.5
    energy[4] = 987.5
    lines = ["Zeitstempel;Energie [kWh]"]
    for t, e in zip(ts, energy):
        lines.append(";".join([t.strftime("%d.%m.%Y %H:%M"), spell(e, 1, ",", ".")]))
    c.write("thousands_dot_decimal_comma.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("thousands_dot_decimal_comma.csv", args=UTC_ARGS,
                expect=ok(12, 0, columns=2, time_column="Zeitstempel", rejected_lines=[], cells={"Energie": energy},
                          detected={"decimal_mark": ",", "thousands": "."}),
                why="'1.234,5' and '12.345.678,9': '.' groups thousands, ',' is the decimal mark."))

    rnd = random.Random(1813)
    ts = times(12)
    energy = [value(rnd.uniform(1000, 9_000_000), 1) for _ in ts]
    spaces = [" ", "\u00a0", "\u202f", "\u2009"]
    lines = ["Zeitstempel;Énergie [kWh]"]
    for k, (t, e) in enumerate(zip(ts, energy)):
        lines.append(";".join([t.strftime("%d/%m/%Y %H:%M"), spell(e, 1, ",", spaces[k % 4])]))
    c.write("thousands_space.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("thousands_space.csv", args=UTC_ARGS,
                expect=ok(12, 0, columns=2, time_column="Zeitstempel", rejected_lines=[], cells={"Énergie": energy},
                          detected={"decimal_mark": ","}),
                why="'1 234,5' with a space, a no-break space (U+00A0), a narrow no-break space (U+202F) and a thin "
                    "space (U+2009) between the groups: French and SI exports."))

    rnd = random.Random(1814)
    ts = times(12)
    energy = [value(rnd.uniform(1000, 900_000), 2) for _ in ts]
    lines = ["Zeit;Energie [kWh]"]
    for k, (t, e) in enumerate(zip(ts, energy)):
        lines.append(";".join([iso_local(t), spell(e, 2, ".", "'" if k % 2 else "\u2019")]))
    c.write("thousands_apostrophe.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("thousands_apostrophe.csv", args=UTC_ARGS,
                expect=ok(12, 0, columns=2, time_column="Zeit", rejected_lines=[], cells={"Energie": energy},
                          detected={"decimal_mark": ".", "thousands": "'"}),
                why="Swiss '1'234.50' (apostrophe, also U+2019)."))


# ---- 3. headers and preambles --------------------------------------------------------------


def build_headers(c: Corpus) -> None:
    rnd = random.Random(1821)
    ts = times(14)
    temps = [value(rnd.uniform(180, 190), 1) for _ in ts]
    speeds = [value(rnd.uniform(2.8, 3.4), 2) for _ in ts]
    remarks = {4: "Brenner 2 gewechselt", 9: "Probe gezogen"}
    lines = ["Zeitstempel,Ofentemperatur [°C],Bandgeschwindigkeit [m/min],Status,Schicht,Bemerkung"]
    for k, (t, temp, v) in enumerate(zip(ts, temps, speeds)):
        fields = [iso_local(t), spell(temp, 1), spell(v, 2), "Produktion", "A" if k < 7 else "B"]
        if k in remarks:
            fields.append(remarks[k])
        lines.append(csv_line(fields))
    c.write("header_wider_than_rows.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("header_wider_than_rows.csv", args=UTC_ARGS,
                expect=ok(14, 0, columns=6, time_column="Zeitstempel", rejected_lines=[],
                          cells={"Zeitstempel": [utc_of(t) for t in ts], "Ofentemperatur": temps,
                                 "Bemerkung": [remarks.get(k) for k in range(len(ts))]},
                          missing={"Bemerkung": 12}, report_missing={"Bemerkung": 12, "Ofentemperatur": 0},
                          skipped_lines=[],
                          detected={"has_header": True, "header_line": 1}),
                why="Issue 18 class 3: the export leaves out empty trailing fields, so most rows have 5 fields under "
                    "a 6-field header. The header is the header, the first row is data, the missing remarks are "
                    "missing values. Today the header is skipped as preamble and the first row becomes the header."))

    ts = times(6)
    temps = [value(180 + 0.5 * k, 1) for k in range(len(ts))]
    preamble = ["Historian-Export Linie 2 – Durchlaufofen", "Exportiert am 14.01.2026 07:14 von j.weber"]
    lines = preamble + ["Zeitstempel;Ofentemperatur [°C];Status"]
    for t, temp in zip(ts, temps):
        lines.append(";".join([iso_local(t), spell(temp, 1, ","), "Produktion"]))
    c.write("preamble_kept.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("preamble_kept.csv", args=UTC_ARGS,
                expect=ok(6, 0, columns=3, time_column="Zeitstempel", rejected_lines=[], cells={"Ofentemperatur": temps},
                          skipped_lines=[{"line": 1, "text": preamble[0]}, {"line": 2, "text": preamble[1]}],
                          source_file={"header_line": 3}, detected={"header_line": 3}),
                why="The two preamble lines are skipped, and kept in the project with their text (skipped_line)."))

    ts = times(8)
    lines = ["Export Linie 2",
             csv_line(["2026-01-14 05:45:00", "183.9", "3.10", "Produktion"]),
             "--- Werte ab 06:00 ---",
             "Zeitstempel,Ofentemperatur [°C],Bandgeschwindigkeit [m/min],Status"]
    for k, t in enumerate(ts):
        lines.append(csv_line([iso_local(t), spell(184 + 0.1 * k, 1), "3.20", "Produktion"]))
    c.write("row_above_header.csv", join_lines(lines).encode("utf-8"))
    base = "row_above_header.csv"
    c.add(entry(base, args=UTC_ARGS,
                expect={"exit": 3, "message_contains": [base, "reads like a data row", "--header-line"],
                        "message_regex": r"^error: .*" + base.replace(".", r"\.") + r":2:1: "},
                why="A data row pasted above the preamble and header: skipping it would lose a row, so the import "
                    "stops naming the line and --header-line (exit 3). Today it is skipped with a note."))


# ---- 4. missing-value spellings --------------------------------------------------------------


def build_missing(c: Corpus) -> None:
    rnd = random.Random(1831)
    ts = times(36)
    spellings = ["-nan", "1.#QNAN", "-1.#IND", "<NA>", "#NA", "#N/A", "NaN", "nan", "NA", "n/a", "NULL", "",
                 "-NaN", "1.#IND", "-1.#QNAN", "None", "#N/A N/A", "null"]
    temps = [value(rnd.uniform(180, 190), 1) for _ in ts]
    energy = [value(rnd.uniform(25, 35), 2) for _ in ts]
    temp_cells, energy_cells = [], []
    for k in range(len(ts)):
        temp_missing = k % 2 == 1 and k // 2 < len(spellings)
        energy_missing = k % 4 == 0
        temp_cells.append(spellings[k // 2] if temp_missing else spell(temps[k], 1))
        energy_cells.append(spellings[(k // 4 + 5) % len(spellings)] if energy_missing else spell(energy[k], 2))
        if temp_missing:
            temps[k] = None
        if energy_missing:
            energy[k] = None
    lines = ["Timestamp,Furnace temperature [°C],Energy [kWh],State"]
    for k, t in enumerate(ts):
        lines.append(csv_line([iso_local(t), temp_cells[k], energy_cells[k], "RUN"]))
    c.write("missing_spellings.csv", join_lines(lines).encode("utf-8"))
    n_temp = sum(v is None for v in temps)
    n_energy = sum(v is None for v in energy)
    c.add(entry("missing_spellings.csv", args=UTC_ARGS,
                expect=ok(36, 0, columns=4, time_column="Timestamp", rejected_lines=[],
                          types={"Furnace temperature": "numeric", "Energy": "numeric"},
                          cells={"Furnace temperature": temps, "Energy": energy},
                          missing={"Furnace temperature": n_temp, "Energy": n_energy},
                          report_missing={"Furnace temperature": n_temp, "Energy": n_energy}),
                why="Issue 18 class 4: what C runtimes, MSVC, pandas, R and spreadsheets write for 'no value' "
                    "(-nan, 1.#QNAN, -1.#IND, <NA>, #NA, #N/A, NaN, NULL, None, #N/A N/A...) is a missing cell, "
                    "counted per column in the import report; the numbers around it stay numbers. Today the "
                    "temperature column becomes text."))


# ---- 5. open-end dates ---------------------------------------------------------------------------


def build_dates(c: Corpus) -> None:
    starts = [dt.datetime(2026, 1, 5) + dt.timedelta(days=7 * k) for k in range(8)]
    ends = [dt.datetime(9999, 12, 31), dt.datetime(2026, 3, 31), dt.datetime(9999, 12, 31, 23, 59, 59),
            dt.datetime(2026, 6, 30), dt.datetime(2999, 12, 31), None, dt.datetime(2026, 12, 31),
            dt.datetime(9999, 12, 31)]
    cells_end = []
    lines = ["Los;Gültig ab;Gültig bis;Menge [kg]"]
    rnd = random.Random(1841)
    amounts = [float(rnd.randint(100, 5000)) for _ in starts]
    for k, (s, e, m) in enumerate(zip(starts, ends, amounts)):
        end_text = "1899-12-30" if e is None else (e.strftime("%Y-%m-%d %H:%M:%S") if e.second else e.strftime("%Y-%m-%d"))
        lines.append(";".join([f"L-{4711 + k}", s.strftime("%Y-%m-%d"), end_text, spell(m, 0)]))
        cells_end.append(None if e is None else utc_iso(berlin(e)))
    c.write("lot_validity_open_end.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("lot_validity_open_end.csv", args=TZ_ARGS,
                expect=ok(8, 0, columns=4, time_column="Gültig ab", rejected_lines=[],
                          types={"Gültig bis": "timestamp"},
                          cells={"Gültig ab": [utc_iso(berlin(s)) for s in starts], "Gültig bis": cells_end},
                          notes_contain=["open ends", "placeholders for an empty date"]),
                why="Issue 18 class 5: lots valid until further notice (9999-12-31, 2999-12-31) are kept with their "
                    "open end and noted; Excel's day zero (1899-12-30) is an empty date, a missing value. Today "
                    "those rows are rejected as 'outside the years 1900 to 2199'."))


# ---- line ends and encodings ----------------------------------------------------------------------


def build_text(c: Corpus) -> None:
    ts = times(5)
    remarks = ["Zeile 1\r\nZeile 2", "ok", "eins\rzwei", "drei\nvier", "Ende"]
    lines = ["Zeitstempel,Ofentemperatur [°C],Bemerkung"]
    for k, (t, r) in enumerate(zip(ts, remarks)):
        lines.append(csv_line([iso_local(t), spell(180 + k, 1), r]))
    c.write("crlf_in_quoted_field.csv", join_lines(lines, eol="\r\n").encode("utf-8"))
    c.add(entry("crlf_in_quoted_field.csv", args=UTC_ARGS,
                expect=ok(5, 0, columns=3, time_column="Zeitstempel", rejected_lines=[], cells={"Bemerkung": remarks}),
                why="A CRLF file whose quoted remarks hold CRLF, a lone CR and a lone LF: each is kept as written. "
                    "Today CRLF inside quotes is stored as CR CR."))

    ts = times(6, step_min=24 * 60)
    temps = [value(180 + 0.7 * k, 1) for k in range(len(ts))]
    states = ["פעיל", "פעיל", "עצירה", "פעיל", "תחזוקה", "פעיל"]
    lines = ["תאריך:טמפרטורה:מצב"]
    for t, temp, s in zip(ts, temps, states):
        lines.append(":".join([t.strftime("%d.%m.%Y"), spell(temp, 1), s]))
    c.write("cp1255_colon.csv", join_lines(lines, eol="\r\n").encode("cp1255"))
    c.add(entry("cp1255_colon.csv", args={**UTC_ARGS, "encoding": "windows-1255", "delimiter": ":"},
                expect=ok(6, 0, columns=3, time_column="תאריך", rejected_lines=[],
                          column_names=["תאריך", "טמפרטורה", "מצב"],
                          cells={"טמפרטורה": temps, "מצב": states},
                          source_file={"encoding": "windows-1255", "delimiter": ":",
                                       "given": "--encoding windows-1255 --delimiter ':'"}),
                why="A Hebrew cp1255 export with ':' between the fields, which no detection can tell from "
                    "Windows-1252 with one column: --encoding windows-1255 --delimiter ':' read it, and the "
                    "settings are recorded with the file."))
