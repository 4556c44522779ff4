#!/bin/sh
# Runs each libFuzzer target of a build for a bounded time (docs/robustness.md).
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR is a build configured with -DSPOTCHECK_BUILD_FUZZERS=ON (the targets are in
# BUILD_DIR/fuzz); every target runs unless some are named. Each one starts from a copy of
# its seed corpus in a temporary directory, so that the inputs it adds do not land in the
# source tree; set FUZZ_KEEP=DIR to keep them in DIR/TARGET instead (to grow the seeds by
# hand: copy the few that matter back). Prints one line per target: runs, coverage,
# corpus size, time. Exits non-zero if any target crashed, leaked, timed out, ran out of
# memory or reported anything from a sanitizer; the input that did it is saved in
# FUZZ_ARTIFACTS (default: build/fuzz-artifacts) and its report in TARGET.log there.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 64
fi
build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=${*:-"fuzz_case_json fuzz_case_differential fuzz_csv_record fuzz_kb fuzz_cli"}
artifacts=$(mkdir -p "${FUZZ_ARTIFACTS:-build/fuzz-artifacts}" && cd "${FUZZ_ARTIFACTS:-build/fuzz-artifacts}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/spotcheck-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# No recovery from any report, leaks checked at exit, and UBSan's stack in its report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
for target in $targets; do
  exe="$build/fuzz/$target"
  if [ ! -x "$exe" ]; then
    echo "$target: not built ($exe is missing; configure with -DSPOTCHECK_BUILD_FUZZERS=ON)" >&2
    failed=1
    continue
  fi
  corpus="$work/$target"
  [ -n "${FUZZ_KEEP:-}" ] && corpus="$FUZZ_KEEP/$target"
  mkdir -p "$corpus"
  cp "$here/corpus/$target"/* "$corpus"/ 2>/dev/null || true
  log="$artifacts/$target.log"
  # The longest input tried: room for the built-in knowledge base (137 kB) in fuzz_kb,
  # 16 kB elsewhere. Longer cases only cost time per run, where the fuzzer should be
  # trying more shapes (the batch and CLI tests cover long lines and keys).
  case $target in
    fuzz_kb) max_len=200000 ;;
    *) max_len=16384 ;;
  esac
  start=$(date +%s)
  # -close_fd_mask=3: the program's own output (fuzz_cli's above all) would drown the
  #   report; findings and sanitizer reports still reach this log.
  # -timeout: one input taking this long is a finding (a hang, or quadratic work).
  # -rss_limit_mb / -malloc_limit_mb: an input that makes the program take this much
  #   memory is a finding too.
  # -print_final_stats: the numbers of the summary line.
  status=0
  "$exe" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -malloc_limit_mb=2048 \
    -max_len="$max_len" -close_fd_mask=3 -print_final_stats=1 \
    -artifact_prefix="$artifacts/$target-" >"$log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  units=$(find "$corpus" -type f | wc -l)
  # A sanitizer report or finding that did not stop the run still fails it.
  if grep -q -e '^==[0-9]*==ERROR' -e 'runtime error:' -e 'spotcheck fuzz finding' \
    -e '^SUMMARY: ' "$log"; then
    [ "$status" -eq 0 ] && status=1
  fi
  if [ "$status" -eq 0 ]; then verdict=ok; else verdict="FAILED (exit $status, see $log)"; fi
  printf '%-24s runs %-9s cov %-6s ft %-7s corpus %-6s time %ss  %s\n' \
    "$target" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$units" "$elapsed" "$verdict"
  if [ "$status" -ne 0 ]; then
    failed=1
    grep -m 1 -A 12 -e '^==[0-9]*==ERROR' -e 'runtime error:' -e 'spotcheck fuzz finding' \
      -e 'deadly signal' -e 'ERROR: libFuzzer' "$log" | sed 's/^/    /' || true
  fi
done
exit "$failed"
