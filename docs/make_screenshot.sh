#!/usr/bin/env bash
# Regenerate docs/report-screenshot.png, the README's picture of `vn-directives report`:
# the HTML page of the example report (plus the seed report when ../shared is here),
# rendered by headless Chromium. Offline: the page loads nothing from the network.
#
#   bash docs/make_screenshot.sh            # needs chromium (apt-get install -y chromium)
#   PYTHON=/path/to/python CHROMIUM=/path/to/chrome bash docs/make_screenshot.sh
set -euo pipefail
python=${PYTHON:-python}
case "$python" in  # a relative path must survive the cds below (no realpath: it would leave the venv)
    */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;;
esac
cd "$(dirname "$0")/.."

chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
    echo "chromium not found: install it (apt-get install -y chromium) or set CHROMIUM=/path/to/chrome" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

inputs=(--example)
seed=../shared/seed/000_abf98aa3573e390c.txt
if [ -f "$seed" ]; then
    cp "$seed" "$tmp/seed.txt"  # a file's report id is its path as given: keep it short
    inputs+=(seed.txt)
fi

# `report` exits 1 when a record could not be read; the page is still written, so go on.
(cd "$tmp" && "$python" -m nlp report "${inputs[@]}" --title "vn-directives report" -o report.html) || true
test -s "$tmp/report.html"

# Root needs --no-sandbox; the other flags keep Chromium from calling home or syncing.
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size=1280,1600 \
    --screenshot="$PWD/docs/report-screenshot.png" "file://$tmp/report.html" 2>/dev/null
echo "wrote docs/report-screenshot.png"
