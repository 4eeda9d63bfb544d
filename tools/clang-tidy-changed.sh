#!/usr/bin/env bash
# Runs clang-tidy (configuration: .clang-tidy) on the C++ sources changed by the latest
# commits, with the Release build's compile flags. Findings are printed; the script fails
# only when clang-tidy itself reports an error.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build/release}"
range="${TIDY_RANGE:-HEAD~5}"
cd "$here"
if ! command -v clang-tidy >/dev/null; then
  echo "clang-tidy not installed; skipping" >&2
  exit 0
fi
git rev-parse --verify -q "$range" >/dev/null || range="$(git rev-list --max-parents=0 HEAD | tail -n 1)"
mapfile -t files < <(git diff --name-only --diff-filter=AM "$range" -- '*.cpp' | grep -E '^(core|app|ui|report_qt)/' || true)
# At most TIDY_MAX_FILES (default 24) of them, so that a merge of a whole branch keeps CI
# within its time: the rest are named and left to the next run's range or a manual one.
max_files="${TIDY_MAX_FILES:-24}"
if [ "${#files[@]}" -gt "$max_files" ]; then
  echo "clang-tidy: ${#files[@]} changed files, checking the first $max_files; left out: ${files[*]:$max_files}"
  files=("${files[@]:0:$max_files}")
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "clang-tidy: no changed sources"
  exit 0
fi
echo "clang-tidy on ${#files[@]} changed file(s)"
# The build compiles its files in batches (unity build), so its compile database names the
# batches, not the files: a database of the same configuration file by file (configured
# only, nothing built; the generated Qt headers are not needed by the checks).
tidy_db="$build-tidy"
release_options=()
if [ -f "$build/CMakeCache.txt" ]; then
  for option in CMAKE_BUILD_TYPE TWINBENCH_BUILD_GUI TWINBENCH_BUILD_TESTS TWINBENCH_BUILD_BENCH; do
    value="$(sed -n "s/^$option:[A-Z]*=//p" "$build/CMakeCache.txt")"
    [ -n "$value" ] && release_options+=("-D$option=$value")
  done
fi
cmake -S "$here" -B "$tidy_db" -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DTWINBENCH_UNITY=OFF -DTWINBENCH_UNITY_TESTS=OFF "${release_options[@]}" >"$tidy_db.configure.log" 2>&1 ||
  { cat "$tidy_db.configure.log"; exit 1; }
build="$tidy_db"
# One clang-tidy per core at a time (a header-heavy file takes 10-20 s); each prints its
# findings, and a file with an error leaves a mark in the shared folder.
marks="$(mktemp -d)"
trap 'rm -rf "$marks"' EXIT
export build marks
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} bash -c '
  f="$1"
  [ -f "$f" ] || exit 0
  out="$(clang-tidy -p "$build" --quiet "$f" 2>/dev/null || true)"
  if [ -n "$out" ]; then printf "%s\n" "$out"; fi
  if grep -q " error: " <<<"$out"; then touch "$marks/$(basename "$f").error"; fi
  exit 0' _ {}
if compgen -G "$marks/*.error" >/dev/null; then exit 1; fi
exit 0
