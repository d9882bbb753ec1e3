#!/usr/bin/env bash
# Render a report's index.html in headless Chromium to a PNG of the whole page, as the issue
# notes describe.
# Usage: scripts/screenshot.sh [REPORT_DIR (default shieldsim-report)] [OUT.png] [WIDTH[xHEIGHT]]
# WIDTH defaults to 1300 px. Without HEIGHT the page's full height is measured first: a small
# page loads the report in a same-size iframe (file access allowed between local files) and
# prints document.scrollHeight, which Chromium's --dump-dom returns. If that fails, 24000 px.
# Needs chromium (Debian: apt-get install chromium).
set -euo pipefail
dir="${1:-shieldsim-report}"
out="${2:-$dir/screenshot.png}"
size="${3:-1300}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "error: no chromium found (Debian: apt-get install chromium)" >&2
  exit 2
fi
if [ ! -f "$dir/index.html" ]; then
  echo "error: $dir/index.html not found (run: cargo run --release -- demo)" >&2
  exit 2
fi
page="file://$(realpath "$dir")/index.html"
width="${size%%x*}"
if [[ "$size" == *x* ]]; then
  height="${size#*x}"
else
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  cat >"$tmp/measure.html" <<EOF
<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:${width}px;height:800px;border:0" src="$page"></iframe><pre id="h"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {
  var d = this.contentDocument;
  document.getElementById("h").textContent =
    "PAGE_HEIGHT=" + Math.ceil(Math.max(d.documentElement.scrollHeight, d.body.scrollHeight));
});
</script></body></html>
EOF
  height="$("$browser" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
    --virtual-time-budget=15000 --window-size="$width,800" --dump-dom "file://$tmp/measure.html" \
    2>/dev/null | grep -o 'PAGE_HEIGHT=[0-9][0-9]*' | head -n 1 | cut -d= -f2 || true)"
  if [ -z "$height" ]; then
    echo "note: could not measure the page height; using 24000 px" >&2
    height=24000
  fi
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size="$width,$height" --screenshot="$(realpath -m "$out")" \
  "$page" 2>/dev/null >/dev/null
echo "wrote $out (${width}x${height})"
