#!/usr/bin/env bash
# Run the bundle the way a user's machine would: no venv, no Python on PATH,
# no display. Opens the sample, reports on it and exports .xlsx and .png.
set -euo pipefail
bundle="$(cd "$1" && pwd)"
out="$(mktemp -d)"
sample="$(find "$bundle" -name acme-b2b-saas.journey | head -1)"
run() { env -i HOME="$out" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$bundle/journeymap" "$@"; }
if env -i PATH=/usr/bin:/bin sh -c 'command -v python3' >/dev/null; then
  echo "note: a system python3 exists, but the bundle does not use it (PATH holds no venv)"
fi
run --version
run validate "$sample"
run report "$sample" | head -8
run export "$sample" "$out/summary.xlsx"
run export "$sample" "$out/map.png"
ls -la "$out"/summary.xlsx "$out"/map.png
echo "bundle size: $(du -sh "$bundle" | cut -f1)"
