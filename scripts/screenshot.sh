#!/usr/bin/env bash
# Render a report's index.html in headless Chromium to a PNG, as the issue notes describe.
# Usage: scripts/screenshot.sh [REPORT_DIR (default shieldsim-report)] [OUT.png] [WIDTHxHEIGHT]
# Needs chromium (Debian: apt-get install chromium).
set -euo pipefail
dir="${1:-shieldsim-report}"
out="${2:-$dir/screenshot.png}"
size="${3:-1300x6000}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "error: no chromium found (Debian: apt-get install chromium)" >&2
  exit 2
fi
if [ ! -f "$dir/index.html" ]; then
  echo "error: $dir/index.html not found (run: cargo run --release -- demo)" >&2
  exit 2
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size="${size/x/,}" --screenshot="$(realpath -m "$out")" \
  "file://$(realpath "$dir")/index.html" 2>/dev/null
echo "wrote $out"
