#!/usr/bin/env bash
# Renders resources/icons/twinbench.svg to the PNG sizes of the freedesktop hicolor theme
# (resources/icons/hicolor/NxN/apps/twinbench.png) and to the Windows icon
# (resources/icons/twinbench.ico, PNG-compressed entries, read by Windows Vista and later).
# The results are committed, so building needs no SVG renderer; re-run after editing the SVG.
# Needs rsvg-convert (Debian package librsvg2-bin) and python3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
svg="$here/resources/icons/twinbench.svg"
out="$here/resources/icons"
sizes=(16 24 32 48 64 128 256)

command -v rsvg-convert >/dev/null || { echo "render-icons: install librsvg2-bin (rsvg-convert)" >&2; exit 1; }

pngs=()
for size in "${sizes[@]}"; do
  dir="$out/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$dir/twinbench.png"
  pngs+=("$dir/twinbench.png")
done

# ICONDIR + one ICONDIRENTRY per size, each pointing at a whole PNG file (width/height 0 = 256).
python3 - "$out/twinbench.ico" "${pngs[@]}" <<'PY'
import struct, sys
target, files = sys.argv[1], sys.argv[2:]
images = [open(f, "rb").read() for f in files]
header = struct.pack("<HHH", 0, 1, len(images))
offset = len(header) + 16 * len(images)
entries, data = b"", b""
for blob in images:
    width, height = struct.unpack(">II", blob[16:24])  # from the PNG IHDR chunk
    entries += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(blob), offset)
    offset += len(blob)
    data += blob
open(target, "wb").write(header + entries + data)
PY
echo "render-icons: wrote ${#sizes[@]} PNG sizes and twinbench.ico under $out"
