#!/usr/bin/env bash
# Renders a report in headless Chromium at 1280x800 to a PNG and fails on any
# JavaScript console message (the report writes none, so any message is an
# error or an exception) or when the table-sorting script did not run.
# Skips, successfully, when Chromium is not installed.
# usage: report_check.sh REPORT.html OUT.png
set -euo pipefail
report=$1 png=$2

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "report-check: Chromium is not installed (sudo apt-get install chromium); skipped"
  exit 0
fi
[ -f "$report" ] || { echo "report-check: no $report" >&2; exit 2; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A fresh profile and no background traffic: the page must render offline.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile" --hide-scrollbars --window-size=1280,800
       --enable-logging=stderr --v=0)
url="file://$(realpath "$report")"
rm -f "$png"

fail() {
  echo "report-check: FAIL $report: $1" >&2
  [ -n "${2:-}" ] && sed 's/^/  /' "$2" >&2
  exit 1
}

timeout 120 "$browser" "${flags[@]}" --screenshot="$(realpath -m "$png")" "$url" \
  > "$profile/screenshot.out" 2> "$profile/screenshot.log" || fail "Chromium failed to render" "$profile/screenshot.log"
[ -s "$png" ] || fail "no screenshot written" "$profile/screenshot.log"
timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" > "$profile/dom.html" 2> "$profile/dom.log" ||
  fail "Chromium failed to load the page" "$profile/dom.log"

cat "$profile/screenshot.log" "$profile/dom.log" > "$profile/all.log"
if grep -q ':CONSOLE' "$profile/all.log"; then
  grep ':CONSOLE' "$profile/all.log" > "$profile/console.log"
  fail "JavaScript console messages:" "$profile/console.log"
fi
# The sorting script sets this title on every header cell when it runs.
grep -q 'title="click to sort"' "$profile/dom.html" || fail "the table-sorting script did not run"
charts=$(grep -o '<svg ' "$profile/dom.html" | wc -l)
echo "report-check: ok $report: rendered at 1280x800 to $png, $charts charts, no JavaScript console message"
