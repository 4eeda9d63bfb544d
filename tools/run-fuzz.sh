#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang + ASan/UBSan in build/fuzz and runs
# each for a bounded time on a copy of its seed corpus (issue 8).
#   tools/run-fuzz.sh [SECONDS_PER_TARGET]      default 30
# Environment: FUZZ_TARGETS="fuzz_csv_import fuzz_condition" to run only some targets;
#              FUZZ_JOBS=N to build with N jobs.
# Prints per target the executions, exec/s and whether it crashed; exits 1 when any target
# crashed (inputs kept under build/fuzz/crashes/, logs under build/fuzz/logs/). Inputs under
# tests/fuzz/regressions/<target>-* are replayed first and must not crash.
# Works as root (CI) or as a user with sudo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi
build="$here/build/fuzz"
targets=(${FUZZ_TARGETS:-fuzz_csv_import fuzz_timestamp fuzz_project_open fuzz_condition fuzz_scenario_json fuzz_kpi_expression fuzz_live_payload})

# --- toolchain ---------------------------------------------------------------------------
# clang + libclang-rt-N-dev (libclang_rt.fuzzer, asan, ubsan; Debian 12 packages) and the core's
# libraries; llvm-N for llvm-symbolizer (readable stack traces). clang 16, not 14: clang 14 rejects lambdas that capture structured bindings
# (C++20 P1091, used in core/data/importer.cpp). FUZZ_CLANG_VERSION=N picks another one.
clang_version="${FUZZ_CLANG_VERSION:-16}"
packages=(clang-"$clang_version" libclang-rt-"$clang_version"-dev llvm-"$clang_version" cmake ninja-build pkg-config libeigen3-dev libsqlite3-dev
          zlib1g-dev libfast-float-dev libhowardhinnant-date-dev nlohmann-json3-dev libcli11-dev
          libfmt-dev tzdata libmuparser-dev libmosquitto-dev)
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "run-fuzz: installing ${missing[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- build -------------------------------------------------------------------------------
# -O1 -g1 as libFuzzer's own documentation builds its targets: line tables keep a crash's
# function, file and line, and the build of the whole core (CI builds it from an empty
# cache) is a good deal faster than at -O2 with full debug info.
# File by file (TWINBENCH_UNITY=OFF): under clang the engine's batches are not those of the
# GCC builds (the two -ffast-math files join them), and a batch only clang builds can hold a
# collision no other build shows (two files' now_utc_iso did).
sanitize_flags='-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
CC=clang-"$clang_version" CXX=clang++-"$clang_version" cmake -S "$here" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DTWINBENCH_BUILD_GUI=OFF -DTWINBENCH_BUILD_TESTS=OFF -DTWINBENCH_BUILD_BENCH=OFF \
  -DTWINBENCH_BUILD_FUZZ=ON -DTWINBENCH_UNITY=OFF \
  -DCMAKE_CXX_FLAGS="$sanitize_flags" >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --target twinbench_fuzz ${FUZZ_JOBS:+-j "$FUZZ_JOBS"}

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
symbolizer="/usr/lib/llvm-$clang_version/bin/llvm-symbolizer"
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-$symbolizer}"

# --- seed corpora ------------------------------------------------------------------------
corpus="$build/corpus"
crashes="$build/crashes"
logs="$build/logs"
rm -rf "$corpus" "$logs"
mkdir -p "$corpus" "$crashes" "$logs"

seed() {  # seed TARGET FILE...
  local dir="$corpus/$1"; shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/$(basename "$(dirname "$f")")_$(basename "$f")"
  done
  return 0
}
shopt -s nullglob
data="$here/tests/data"
seed fuzz_csv_import "$data"/import/*.csv "$data"/import/*.csv.gz "$data"/import/*.tsv "$data"/import/*.txt \
                     "$data"/hostile/*.csv "$data"/hostile/*.csv.gz
seed fuzz_project_open "$data"/hostile/*.twin
# Valid projects as seeds: one dataset with a main source, a sparse source and conditions.
"$build/tests/fuzz/fuzz_make_twin_seed" "$corpus/fuzz_project_open/valid_small.twin" \
  --condition "humid=humidity > 70" --condition "after maintenance=within 8h after maintenance" \
  "$data/import/dst_spring_berlin.csv" >/dev/null
"$build/tests/fuzz/fuzz_make_twin_seed" "$corpus/fuzz_project_open/valid_two_sources.twin" \
  "$data/import/historian_2026-01.csv" "$data/import/manual_checks.csv" "$data/import/batches.csv" >/dev/null
seed fuzz_timestamp "$here"/tests/fuzz/corpus/fuzz_timestamp/*
seed fuzz_condition "$here"/tests/fuzz/corpus/fuzz_condition/*
for t in "${targets[@]}"; do
  seed "$t" "$here"/tests/fuzz/corpus/"$t"/*  # regressions are replayed apart, not seeded
done

# --- run ---------------------------------------------------------------------------------
failed=0
printf '\n%-20s %8s %12s %10s  %s\n' target seconds executions exec/s result
summary=()
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  log="$logs/$t.log"
  # Known crashes first: every saved regression input must pass (each replayed alone).
  for r in "$here"/tests/fuzz/regressions/"$t"-*; do
    if ! "$bin" "$r" >"$logs/$(basename "$r").regression.log" 2>&1; then
      summary+=("$(printf '%-20s %8s %12s %10s  %s' "$t" - - - "REGRESSION FAILS: $(basename "$r") (log $logs/$(basename "$r").regression.log)")")
      failed=1
    fi
  done
  status=0
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/$t-" "$corpus/$t" >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  if [ "$status" -ne 0 ]; then
    artifact="$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')"
    result="CRASH (exit $status) ${artifact:-no input saved}; log $log"
    failed=1
  else
    result="ok, no crash"
  fi
  summary+=("$(printf '%-20s %8s %12s %10s  %s' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$result")")
done
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "run-fuzz: crashes found; reproduce with build/fuzz/tests/fuzz/TARGET INPUT" >&2
fi
exit "$failed"
