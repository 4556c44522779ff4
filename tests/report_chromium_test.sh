#!/bin/sh
# The report for a doctor as a browser shows and prints it: headless Chromium renders the
# page that `query --report` wrote to PDF, and the PDF's text must hold the advice, the
# answers, the causes, the open questions and the disclaimer. Skipped (exit 77, with a
# message) where Chromium or pdftotext (poppler-utils) is missing; .ci/run installs both.
# usage: report_chromium_test.sh SPOTCHECK_BINARY
set -eu
bin=${1:?usage: report_chromium_test.sh SPOTCHECK_BINARY}
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "report_chromium_test: Chromium is not installed (.ci/run installs it); skipping"
  exit 77
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "report_chromium_test: pdftotext (poppler-utils) is not installed; skipping"
  exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/spotcheck-report.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
SOURCE_DATE_EPOCH=86400 "$bin" query --age 3 --lesion petechiae --fever --no-unwell \
  --report "$dir/report.html" >/dev/null
# A profile of its own, no network, no sandbox (CI runs as root in a container).
HOME="$dir" timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run \
  --user-data-dir="$dir/profile" --proxy-server='127.0.0.1:9' \
  --print-to-pdf="$dir/report.pdf" "file://$dir/report.html" >"$dir/browser.log" 2>&1 || {
  echo "report_chromium_test: FAIL: $browser could not print the page"
  cat "$dir/browser.log"
  exit 1
}
pdftotext -layout "$dir/report.pdf" "$dir/report.txt"
for expected in \
  "Written on 1970-01-02" \
  "EMERGENCY: Call the emergency number" \
  "Fever with spots that do not fade" \
  "What we were told" \
  "How old is the person?" \
  "Meningococcal disease" \
  "Questions left open" \
  "Sources" \
  "Educational information, not a diagnosis."; do
  grep -qF -- "$expected" "$dir/report.txt" || {
    echo "report_chromium_test: FAIL: the printed page lacks: $expected"
    cat "$dir/report.txt"
    exit 1
  }
done
echo "report_chromium_test: ok"
