#!/usr/bin/env bash
# Runs clang-tidy (configuration: .clang-tidy) on the C++ sources changed by the latest
# commits, using the compile database of the Release build. Findings are printed; the
# script fails only when clang-tidy itself reports an error.
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
