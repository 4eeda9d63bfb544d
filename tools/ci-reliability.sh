#!/usr/bin/env bash
# CI reliability stage (issue 8): the whole test suite on the ASan + UBSan build (preset
# `asan`, build/asan) and every libFuzzer target for a bounded time (tools/run-fuzz.sh,
# build/fuzz). Fails on any test failure, sanitizer report, fuzz crash or failing fuzz
# regression input; a crash input found must become tests/fuzz/regressions/<target>-<hash>.
#   tools/ci-reliability.sh [FUZZ_SECONDS_PER_TARGET]     default 30
# Environment: CI_RELIABILITY_GUI=OFF builds core + CLI only (default ON: the Qt workbench
#              and its offscreen tests too); CI_RELIABILITY_BENCH=OFF leaves the benchmark
#              programs out of the build (default ON); CI_RELIABILITY_JOBS=N (default: nproc);
#              CI_RELIABILITY_TARGETS="t1 t2" builds only these targets (default: all);
#              CI_RELIABILITY_TESTS=REGEX runs only these tests, each in a process through
#              ctest (-R); otherwise the engine's tests run in GoogleTest shards (below) and
#              CI_RELIABILITY_EXCLUDE=REGEX passes -E to ctest for the other programs, while
#              CI_RELIABILITY_ENGINE_EXCLUDE='Suite.Name:Suite.*' leaves engine tests out
#              (a GoogleTest negative filter); CI_RELIABILITY_FUZZ=OFF skips the fuzz step
#              (for a CI that runs tools/run-fuzz.sh on its own).
# The whole suite (engine, CLI, report CLI, the workbench's Qt tests) under the sanitizers;
# the benchmarks' smoke runs and the SIGKILL test left to the release run (.ci/run leaves
# out a few more, see there):
#   CI_RELIABILITY_FUZZ=OFF CI_RELIABILITY_BENCH=OFF \
#   CI_RELIABILITY_ENGINE_EXCLUDE='CrashConsistency.*' tools/ci-reliability.sh
# Installs what it needs with apt-get (as root, or through sudo). Prints the time per step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"  # cmake --preset and --build --preset read CMakePresets.json from here
fuzz_seconds="${1:-30}"
gui="${CI_RELIABILITY_GUI:-ON}"
bench="${CI_RELIABILITY_BENCH:-ON}"
jobs="${CI_RELIABILITY_JOBS:-$(nproc)}"
targets="${CI_RELIABILITY_TARGETS:-}"
fuzz="${CI_RELIABILITY_FUZZ:-ON}"
ctest_select=()
[ -n "${CI_RELIABILITY_TESTS:-}" ] && ctest_select+=(-R "$CI_RELIABILITY_TESTS")
[ -n "${CI_RELIABILITY_EXCLUDE:-}" ] && ctest_select+=(-E "$CI_RELIABILITY_EXCLUDE")
build="$here/build/asan"
t_start=$(date +%s)
step_start=$t_start
step() {  # step NAME: report the time of the step that just ended
  local now
  now=$(date +%s)
  printf 'ci-reliability: %-28s %4d s\n' "$1" $((now - step_start))
  step_start=$now
}

# --- packages (the project's own list; gcc's libasan/libubsan come with g++) -------------
"$here/tools/twinbench.sh" deps
step "packages"

# --- ASan + UBSan build ------------------------------------------------------------------
export CCACHE_BASEDIR="$here"
# Debug info carries the build folder, which ccache hashes by default: every fresh CI
# checkout would miss the cache and rebuild the sanitizer build from scratch.
export CCACHE_NOHASHDIR=true
cmake --preset asan -S "$here" -DTWINBENCH_BUILD_GUI="$gui" -DTWINBENCH_BUILD_BENCH="$bench" \
  >"$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
if [ -n "$targets" ]; then
  # shellcheck disable=SC2086  # a list of target names
  cmake --build --preset asan --parallel "$jobs" --target $targets
else
  cmake --build --preset asan --parallel "$jobs"
fi
step "asan build (GUI $gui, bench $bench${targets:+, $targets})"

# --- the test suite under the sanitizers -------------------------------------------------
# LeakSanitizer needs ptrace-like access to stop the process; some containers forbid it, and
# then every process would end with "LeakSanitizer has encountered a fatal error". Probe once.
leaks=1
if ASAN_OPTIONS=detect_leaks=1 "$build/app/twinbench-cli" --version 2>&1 | grep -q "LeakSanitizer has encountered a fatal error"; then
  echo "ci-reliability: LeakSanitizer cannot run in this environment (no ptrace); leak checks off" >&2
  leaks=0
fi
export ASAN_OPTIONS="detect_leaks=$leaks:halt_on_error=1:abort_on_error=0:check_initialization_order=1:detect_stack_use_after_return=1"
# Qt, fontconfig, GL and D-Bus keep process-lifetime allocations that LSan reports as leaks.
export LSAN_OPTIONS="suppressions=$here/tools/ci-reliability-lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export QT_QPA_PLATFORM=offscreen
# The release run of the suite already kills 50 times; under ASan a run is ~10x slower.
export TWINBENCH_CRASH_KILLS="${TWINBENCH_CRASH_KILLS:-20}"
status=0
if [ -n "${CI_RELIABILITY_TESTS:-}" ]; then
  (cd "$build" && ctest --output-on-failure --timeout 1800 -j "$jobs" "${ctest_select[@]}") || status=1
  step "asan ctest"
else
  # Every program but the engine's tests through ctest, a process per test as in the release
  # run; the engine's tests (label `engine`, ~700 of them) in $jobs processes of their own
  # (GoogleTest's shards), each running its share one after the other. Under ASan a process
  # per test cost more than the tests: each started the instrumented program and rebuilt
  # the fixtures its suite shares (the fitted sample plant: ~12 s there). Measured on this
  # machine's 2 cores: ~1,700 s of test time through ctest; the release run of the same
  # tests in one process took 119 s against ~450 s through ctest.
  (cd "$build" && ctest --output-on-failure --timeout 1800 -j "$jobs" -LE '^engine$' "${ctest_select[@]}") || status=1
  step "asan ctest (but the engine's)"
  engine_filter="*${CI_RELIABILITY_ENGINE_EXCLUDE:+-$CI_RELIABILITY_ENGINE_EXCLUDE}"
  pids=()
  for ((shard = 0; shard < jobs; shard++)); do
    (cd "$build/tests" && TZ=UTC GTEST_TOTAL_SHARDS="$jobs" GTEST_SHARD_INDEX="$shard" \
       timeout 3000 ./twinbench_core_tests --gtest_filter="$engine_filter" --gtest_brief=1 \
       >"$build/engine-shard-$shard.log" 2>&1) &
    pids+=($!)
  done
  for ((shard = 0; shard < jobs; shard++)); do
    if ! wait "${pids[$shard]}"; then
      status=1
      echo "ci-reliability: the engine's tests, shard $shard of $jobs, FAILED:" >&2
      tail -n 200 "$build/engine-shard-$shard.log" >&2
    fi
    grep -E '^\[==========\]|^\[  PASSED  \]|^\[  FAILED  \]' "$build/engine-shard-$shard.log" || true
  done
  step "asan engine tests ($jobs shards)"
fi

# --- fuzzing -----------------------------------------------------------------------------
if [ "$fuzz" != OFF ]; then
  FUZZ_JOBS="$jobs" "$here/tools/run-fuzz.sh" "$fuzz_seconds" || status=1
  step "fuzz (${fuzz_seconds} s per target)"
fi

printf 'ci-reliability: total %d s, %s\n' $(($(date +%s) - t_start)) "$([ "$status" -eq 0 ] && echo passed || echo FAILED)"
exit "$status"
