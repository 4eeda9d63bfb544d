#!/usr/bin/env bash
# One entry point for a fresh Debian 12 / Ubuntu 24.04 machine:
#   tools/twinbench.sh run    install what is missing, build Release, open the workbench on the sample plant
#   tools/twinbench.sh test   install what is missing, build, run the whole test suite (GUI tests offscreen)
#   tools/twinbench.sh deps   only install the packages
# Works as root (CI) or as a user with sudo.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-run}"

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev libqt6opengl6-dev qt6-svg-dev libgl1-mesa-dev
  libqcustomplot-dev libeigen3-dev libsqlite3-dev sqlite3 zlib1g-dev
  libfast-float-dev libhowardhinnant-date-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev tzdata libxlsxwriter-dev libssl-dev libnlopt-cxx-dev
  libmuparser-dev libboost-dev libzip-dev libmosquitto-dev
)
# What the tests use besides the build: offscreen/X11 rendering checks, PDF rendering and
# the checks of the Windows recipe (tests/installer/check_windows_recipe.py), and the MQTT
# broker the live tests start on 127.0.0.1 (tests/core/live).
test_packages=(xvfb xauth poppler-utils python3 mosquitto)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing() {
  local wanted=("$@") missing=()
  for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "twinbench: installing ${missing[*]}" >&2
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

configure_and_build() {
  local preset="$1"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
  cmake --preset "$preset" -S "$here" >/dev/null
  cmake --build --preset "$preset" --parallel "$(nproc)"
}

case "$action" in
  deps)
    install_missing "${build_packages[@]}" "${test_packages[@]}"
    ;;
  run)
    install_missing "${build_packages[@]}"
    configure_and_build release
    shift || true
    if [ "$#" -eq 0 ]; then set -- --sample; fi
    exec "$here/build/release/app/twinbench" "$@"
    ;;
  test)
    install_missing "${build_packages[@]}" "${test_packages[@]}"
    configure_and_build release
    cd "$here/build/release"
    QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 900 -j "$(nproc)"
    ;;
  *)
    echo "usage: tools/twinbench.sh run|test|deps" >&2
    exit 2
    ;;
esac
