#!/usr/bin/env bash
# Install test of the Linux packages, without containers:
#   1. builds BUILD_DIR (default build/release, configured with the release preset if new)
#      and packs the .deb and the .tar.gz with CPack;
#   2. copies a fresh Debian root (debootstrap --variant=minbase of the host's release, made
#      once and cached), installs the .deb there with apt, which must pull in every library
#      from the package's declared dependencies (no recommends);
#   3. runs the INSTALLED programs inside that root: twinbench-cli --version, sample, import,
#      audit, fit --json (the furnace time constant must match the sample's truth.json),
#      report when the CLI has it, and the GUI offscreen: --version and --screenshot of the
#      installed sample plant (which proves the GUI finds share/twinbench/sample_data);
#   4. unpacks the .tar.gz into another folder of that root and runs it from there.
# Usage (as root, or a user with sudo):  tools/ci-install-test.sh [BUILD_DIR]
# Environment: TWINBENCH_INSTALL_TEST_CACHE (base root cache, default
# /var/cache/twinbench-install-test), TWINBENCH_INSTALL_TEST_TIMEOUT (seconds per step,
# default 900), TWINBENCH_INSTALL_TEST_BUILD_TIMEOUT (the build, default 3600). Prints the
# time of every step and the total.
set -euo pipefail
# The whole script is one block, so bash reads it completely before running (editing the
# file during a run cannot change that run).
{

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build/release}"
build="$(mkdir -p "$build" && cd "$build" && pwd)"
cache="${TWINBENCH_INSTALL_TEST_CACHE:-/var/cache/twinbench-install-test}"
step_timeout="${TWINBENCH_INSTALL_TEST_TIMEOUT:-900}"
started=$(date +%s)

if [ "$(id -u)" -ne 0 ]; then exec sudo --preserve-env=TWINBENCH_INSTALL_TEST_CACHE,TWINBENCH_INSTALL_TEST_TIMEOUT,TWINBENCH_INSTALL_TEST_BUILD_TIMEOUT "$0" "$build"; fi

say() { echo "install-test [$(($(date +%s) - started)) s]: $*" >&2; }
fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
bounded() { timeout --kill-after=30 "$step_timeout" "$@"; }

# --- host tools -------------------------------------------------------------------------
needed=(debootstrap dpkg-dev cmake ninja-build python3)
missing=()
for p in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]}"
  bounded apt-get update
  DEBIAN_FRONTEND=noninteractive bounded apt-get install -y --no-install-recommends "${missing[@]}"
fi

# --- 1. build and pack ------------------------------------------------------------------
if [ ! -f "$build/CMakeCache.txt" ]; then
  if [ "$build" = "$here/build/release" ]; then
    cmake --preset release -S "$here" >/dev/null
  else
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
fi
say "building $build"
# Normally a no-op: CI has built and tested BUILD_DIR just before; a clean build gets an hour.
timeout --kill-after=30 "${TWINBENCH_INSTALL_TEST_BUILD_TIMEOUT:-3600}" \
  cmake --build "$build" --parallel "$(nproc)" >"$build/install-test-build.log" 2>&1 ||
  { tail -20 "$build/install-test-build.log" >&2; fail "the build failed (log: $build/install-test-build.log)"; }
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt"
rm -rf "$build/packages"
say "packing twinbench $version"
(cd "$build" && bounded cpack -G "DEB;TGZ" -B "$build/packages" >/dev/null)
deb="$(ls "$build"/packages/twinbench_"$version"_*.deb)"
tgz="$(ls "$build"/packages/twinbench-"$version"-Linux-*.tar.gz)"
for f in "$deb" "$tgz"; do say "package $(basename "$f"): $(du -h "$f" | cut -f1)"; done
dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/^ */  depends: /' >&2

# --- 2. a fresh root with the .deb and its dependencies ----------------------------------
. /etc/os-release
suite="${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}"
case "$ID" in
  debian) mirror=http://deb.debian.org/debian ;;
  ubuntu) mirror=http://archive.ubuntu.com/ubuntu ;;
  *) fail "no debootstrap mirror known for $ID" ;;
esac
base="$cache/$suite-minbase"
if [ ! -f "$base/.complete" ]; then
  say "debootstrap --variant=minbase $suite (once, cached in $base)"
  rm -rf --one-file-system "$base.partial"
  mkdir -p "$cache"
  bounded debootstrap --variant=minbase "$suite" "$base.partial" "$mirror" >/dev/null
  rm -rf --one-file-system "$base"
  mv "$base.partial" "$base"
  touch "$base/.complete"
fi

root="$cache/root"
cleanup() {
  if mountpoint -q "$root/proc"; then umount -l "$root/proc"; fi
}
trap cleanup EXIT
cleanup
rm -rf --one-file-system "$root"
cp -a "$base" "$root"
# The same archive (and its apt settings: proxies, snapshot validity) as this machine.
rm -f "$root/etc/apt/sources.list"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$root/etc/apt/sources.list.d/" 2>/dev/null || true
for conf in /etc/apt/apt.conf.d/*; do
  if grep -q "Acquire::" "$conf"; then cp "$conf" "$root/etc/apt/apt.conf.d/"; fi
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No init system in a chroot: package scripts must not try to start services.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
in_root() { bounded chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp/home LANG=C.UTF-8 "$@"; }

cp "$deb" "$tgz" "$root/tmp/"
say "apt-get install $(basename "$deb") into the fresh root"
in_root apt-get update >/dev/null
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "/tmp/$(basename "$deb")" >/dev/null
say "installed: $(in_root dpkg-query -W -f='${Package} ${Version} ${Installed-Size} KiB' twinbench)"

# --- 3. the installed programs -----------------------------------------------------------
in_root test -x /usr/bin/twinbench-cli || fail "no /usr/bin/twinbench-cli"
for f in usr/bin/twinbench usr/share/applications/org.twinbench.Twinbench.desktop \
         usr/share/metainfo/org.twinbench.Twinbench.metainfo.xml usr/share/icons/hicolor/scalable/apps/twinbench.svg \
         usr/share/icons/hicolor/48x48/apps/twinbench.png usr/share/doc/twinbench/copyright \
         usr/share/twinbench/sample_data/plant/truth/truth.json; do
  [ -e "$root/$f" ] || fail "the package did not install /$f"
done
out="$(in_root twinbench-cli --version)"
[ "$out" = "twinbench-cli $version" ] || fail "twinbench-cli --version said '$out', expected 'twinbench-cli $version'"
say "$out"

mkdir -p "$root/tmp/home" "$root/tmp/work"
in_root twinbench-cli sample /tmp/work/plant --days 7 >/dev/null
in_root sh -c 'twinbench-cli import /tmp/work/p.twin /tmp/work/plant/*.csv --dataset plant --timezone Europe/Berlin --json' \
  > "$root/tmp/work/import.json"
in_root twinbench-cli audit /tmp/work/p.twin >/dev/null
in_root twinbench-cli fit /tmp/work/p.twin --json > "$root/tmp/work/fit.json"
python3 - "$root/tmp/work" <<'PY' || fail "the installed twinbench-cli gave wrong results (above)"
import json, sys
work = sys.argv[1]
truth = json.load(open(f"{work}/plant/truth/truth.json"))
imported = json.load(open(f"{work}/import.json"))
fit = json.load(open(f"{work}/fit.json"))
malformed = len(truth["planted_defects"]["malformed_lines"])
exported = sum(f["rows"] for f in truth["files"] if not f["name"].startswith("truth/"))
assert imported["rows_imported"] == exported - malformed, (imported["rows_imported"], exported, malformed)
tau = next(t["estimate"] for t in fit["models"]["temperature"]["terms"] if t["name"] == "tau")
tau_true = truth["furnace"]["tau_min"]
assert abs(tau - tau_true) < 0.1 * tau_true, (tau, tau_true)
missing = {"temperature", "defect", "energy", "throughput"} - set(fit["models"])
assert not missing, missing
print(f"install-test: import {imported['rows_imported']} rows, fit tau {tau:.2f} min (truth {tau_true})", file=sys.stderr)
PY
cli_help="$(in_root twinbench-cli --help)"
if grep -qE '^ +report' <<<"$cli_help"; then
  for format in html pdf xlsx; do
    in_root twinbench-cli report /tmp/work/p.twin -o "/tmp/work/report.$format" >/dev/null
  done
  grep -q "<html" "$root/tmp/work/report.html" || fail "report.html is not HTML"
  [ "$(head -c 5 "$root/tmp/work/report.pdf")" = "%PDF-" ] || fail "report.pdf is not a PDF"
  [ "$(head -c 2 "$root/tmp/work/report.xlsx")" = "PK" ] || fail "report.xlsx is not a zip (XLSX)"
  say "report: html $(du -h "$root/tmp/work/report.html" | cut -f1), pdf $(du -h "$root/tmp/work/report.pdf" | cut -f1), xlsx $(du -h "$root/tmp/work/report.xlsx" | cut -f1)"
else
  say "twinbench-cli has no report command yet: skipped"
fi

gui_version="$(in_root env QT_QPA_PLATFORM=offscreen twinbench --version)"
[ "$gui_version" = "twinbench $version" ] || fail "twinbench --version said '$gui_version'"
# No TWINBENCH_SAMPLE_DATA_DIR and no source tree in this root: only the installed data can work.
in_root env QT_QPA_PLATFORM=offscreen twinbench --screenshot /tmp/work/workbench.png
python3 - "$root/tmp/work/workbench.png" <<'PY' || fail "the GUI screenshot is not a 1600x1000 PNG"
import struct, sys
head = open(sys.argv[1], "rb").read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (1600, 1000), head
PY
say "twinbench --screenshot from the installed sample plant: ok"

# --- 4. the .tar.gz, unpacked elsewhere --------------------------------------------------
in_root sh -c "mkdir -p /opt/unpacked && tar -xzf /tmp/$(basename "$tgz") -C /opt/unpacked"
top="/opt/unpacked/$(basename "$tgz" .tar.gz)"
out="$(in_root sh -c "cd / && $top/bin/twinbench-cli --version")"
[ "$out" = "twinbench-cli $version" ] || fail "the unpacked .tar.gz said '$out'"
# Remove the .deb's data: the unpacked copy must use its own share/twinbench/sample_data.
in_root dpkg --remove twinbench >/dev/null
in_root env QT_QPA_PLATFORM=offscreen HOME=/tmp/home2 "$top/bin/twinbench" --screenshot /tmp/work/unpacked.png
[ -s "$root/tmp/work/unpacked.png" ] || fail "the unpacked GUI wrote no screenshot"
say "the unpacked .tar.gz runs from $top"

say "PASSED in $(($(date +%s) - started)) s"
# A failed run keeps the root for a look (chroot "$root"); a passed one frees the space.
cleanup
rm -rf --one-file-system "$root"
exit 0
}
