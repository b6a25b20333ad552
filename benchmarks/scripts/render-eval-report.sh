#!/usr/bin/env bash
# Renders an eval report.html in headless Chromium (Debian package `chromium`) to a PNG screenshot, so a person
# (or CI) can check that the page renders. Usage: render-eval-report.sh REPORT_DIR [OUT.png]
# Exit: 0 rendered, 2 usage, 3 chromium missing, 4 rendering failed or produced no image.
set -euo pipefail
dir="${1:?usage: render-eval-report.sh REPORT_DIR [OUT.png]}"
out="${2:-$dir/report-screenshot.png}"
[[ -f "$dir/report.html" ]] || { echo "no $dir/report.html" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$browser" ]] || { echo "chromium not installed (apt-get install -y chromium)" >&2; exit 3; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
abs="$(cd "$dir" && pwd)/report.html"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1200,4000 \
  --screenshot="$out" "file://$abs" >/dev/null 2>&1 || true
[[ -s "$out" ]] || { echo "chromium produced no screenshot" >&2; exit 4; }
echo "$out"
