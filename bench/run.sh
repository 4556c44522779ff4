#!/usr/bin/env bash
# Runs spotcheck's benchmarks and prints each figure against its target (bench/README.md).
#
#   bench/run.sh BUILD_DIR      (BUILD_DIR holds spotcheck and engine_bench; `make bench`)
#
# Every figure is compared with a reference measured in the same run (nlohmann's parser,
# jq), because the machine is shared and noisy: absolute times move from run to run, the
# ratios much less. Each step prints "name: value (target: ...) PASS/MISS". A step that
# cannot run (e.g. `spotcheck batch` not built yet) prints why and the others go on.
# Misses do not fail the script (performance is measured, not asserted); a step that
# could not run makes it exit 1 at the end.
#
# Environment: BENCH_QUICK=1 runs fewer repetitions (for trying the script out only);
# BENCH_STEPS="generate batch instructions" runs only the steps named (machine always);
# BENCH_OUT overrides the output directory (default bench/out, gitignored).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 64
fi
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${BENCH_OUT:-$HERE/out}
mkdir -p "$OUT"
SPOTCHECK=$BUILD/spotcheck
ENGINE_BENCH=$BUILD/engine_bench
# Test data (bench/gen_cases.py, seed 1), regenerated when the generator or the KB changes.
CASES_200K=$OUT/cases-200k.ndjson
CASES_100K=$OUT/cases-100k.ndjson
CASES_1M=$OUT/cases-1m.ndjson
QUICK=${BENCH_QUICK:-0}
REPS=5
[[ $QUICK == 1 ]] && REPS=2

SUMMARY=$OUT/summary.txt
: >"$SUMMARY"
FAILED_STEPS=0

# report NAME VALUE TARGET OK(1/0): one result line, also kept in the summary.
report() {
  local verdict=MISS
  [[ $4 == 1 ]] && verdict=PASS
  printf '%s: %s (target: %s) %s\n' "$1" "$2" "$3" "$verdict" | tee -a "$SUMMARY"
}
# hyperfine_medians FILE: the median time of each command of a hyperfine export, in order.
hyperfine_medians() { jq -r '[.results[].median] | @tsv' "$1"; }
# human_ns NS: a time in nanoseconds, in the unit that reads best.
human_ns() {
  awk -v t="$1" 'BEGIN {
    if (t < 1e3) printf "%.4g ns\n", t; else if (t < 1e6) printf "%.4g us\n", t / 1e3
    else printf "%.4g ms\n", t / 1e6 }'
}
# report_below NAME NS LIMIT_NS DETAIL: a time whose target is an upper bound.
report_below() {
  report "$1" "$(human_ns "$2") = $4" "< $(human_ns "$3")" "$(calc "$2 < $3")"
}
# info NAME VALUE: a figure with no target.
info() { printf '%s: %s\n' "$1" "$2" | tee -a "$SUMMARY"; }
# calc EXPR: floating-point arithmetic (awk), e.g. calc "1.5 < 2" prints 1.
calc() { awk "BEGIN { printf \"%.4g\n\", ($1) }"; }
# median_of X...: the median of the numbers given.
median_of() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# Contention: how many cores other processes used while we measured, from the machine's
# busy time (/proc/stat, steal included) minus our own children's CPU time (bash `times`).
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}
# children_seconds VAR: sets VAR to the CPU time of this shell's finished children (`times`
# must run in this shell, not in a $(...) subshell, which has no children of its own).
children_seconds() {
  times >"$OUT/.times"
  printf -v "$1" '%s' "$(tail -1 "$OUT/.times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } print t }')"
}
now_seconds() { date +%s.%N; }
# wall_seconds CMD...: runs CMD (stdout discarded) and prints its wall-clock time.
wall_seconds() {
  local t0 t1
  t0=$(now_seconds)
  "$@" >/dev/null
  t1=$(now_seconds)
  calc "$t1 - $t0"
}
# times_seconds CMD...: runs CMD (stdout discarded) and prints "WALL CPU", CPU being user +
# system. While other processes load the machine, wall time counts the waits for a core and
# CPU time does not, so the ratio of CPU times is the steadier throughput comparison for two
# single-threaded commands.
times_seconds() {
  local f
  f=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$f" "$@" >/dev/null
  awk '{ printf "%s %s\n", $1, $2 + $3 }' "$f"
  rm -f "$f"
}
# measure CMD...: runs CMD and sets OTHERS_CORES (cores used by other processes meanwhile).
measure() {
  local b0 c0 t0 b1 c1 t1
  children_seconds c0
  b0=$(busy_seconds) t0=$(now_seconds)
  "$@"
  b1=$(busy_seconds) t1=$(now_seconds)
  children_seconds c1
  OTHERS_CORES=$(calc "(($b1 - $b0) - ($c1 - $c0)) / ($t1 - $t0)")
  [[ $(calc "$OTHERS_CORES < 0") == 1 ]] && OTHERS_CORES=0
  info "  other processes meanwhile" "${OTHERS_CORES} cores on average (of $(nproc))"
}

# section TITLE: a heading, with the load average (other users of the machine skew timings).
section() {
  printf '\n== %s == (load average %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf -- '-- %s (load average %s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$SUMMARY"
}

# run_step NAME FUNCTION: runs the step in a subshell with errexit really on (it is
# ignored in functions called from `||` lists), and goes on if it fails.
run_step() {
  local name=$1 rc
  shift
  # BENCH_STEPS="batch instructions": only the steps named (machine always runs).
  if [[ -n ${BENCH_STEPS:-} && $name != machine && " $BENCH_STEPS " != *" $name "* ]]; then
    return 0
  fi
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  if ((rc != 0)); then
    printf '%s: step FAILED (exit %d); continuing with the other steps\n' "$name" "$rc" | tee -a "$SUMMARY"
    FAILED_STEPS=$((FAILED_STEPS + 1))
  fi
}

# hyperfine runs commands without a shell: -N from 1.16 on, --shell=none before.
if hyperfine --help 2>/dev/null | grep -qE '^\s+-N, '; then
  HF_NOSHELL=(-N)
else
  HF_NOSHELL=(--shell=none)
fi
HF=(hyperfine --style basic "${HF_NOSHELL[@]}")

# ---------------------------------------------------------------------------------------
step_machine() {
  section "machine"
  local cpu
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
  info "date" "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  info "cores (nproc)" "$(nproc)"
  info "cpu" "${cpu:-unknown}"
  info "kernel" "$(uname -srm)"
  info "load average" "$(cut -d' ' -f1-3 /proc/loadavg)"
  info "memory" "$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
  info "tools" "$(hyperfine --version), $(jq --version), $(python3 --version 2>&1)"
  info "spotcheck" "$("$SPOTCHECK" --version 2>/dev/null | head -1 || echo '?')"
}

# ---------------------------------------------------------------------------------------
# median_ns NAME: the median real time of benchmark NAME, in ns, from engine_bench.json.
median_ns() {
  jq -r --arg n "$1" '
    .benchmarks[] | select(.run_name == $n and .aggregate_name == "median")
    | .real_time * ({"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[.time_unit])' \
    "$OUT/engine_bench.json" | grep . || { echo "no median for benchmark '$1' in engine_bench.json" >&2; return 1; }
}

step_engine() {
  section "engine micro-benchmarks (Google Benchmark, $REPS repetitions, medians)"
  [[ -x $ENGINE_BENCH ]] || { echo "engine_bench not found in $BUILD"; return 1; }
  # Also cycle 1,000 generated cases (a realistic mix), when the test data is there.
  [[ -s $CASES_200K ]] && export SPOTCHECK_BENCH_CASES=$CASES_200K
  measure "$ENGINE_BENCH" --benchmark_repetitions="$REPS" --benchmark_report_aggregates_only=true \
    --benchmark_out="$OUT/engine_bench.json" --benchmark_out_format=json
  echo
  local load image eval3 eval0 evali read nl_kb nl nl_dump nl_case sj append line
  load=$(median_ns load_kb)
  image=$(median_ns load_kb/image)
  eval3=$(median_ns evaluate/max_questions/3)
  eval0=$(median_ns evaluate/max_questions/0)
  evali=$(median_ns evaluate/interpreted/max_questions/3)
  read=$(median_ns read_case)
  append=$(median_ns result_append)
  line=$(median_ns batch_line)
  nl_kb=$(median_ns ref/nlohmann_parse_kb)
  nl=$(median_ns ref/nlohmann_parse)
  nl_dump=$(median_ns ref/nlohmann_parse_dump)
  nl_case=$(median_ns ref/nlohmann_to_case)
  sj=$(median_ns ref/simdjson_to_case 2>/dev/null || true)  # only with libsimdjson-dev

  report_below "load_kb/image (start-up: the embedded KB, checked and compiled at build time)" \
    "$image" 1e6 "$(calc "$image / $nl_kb")x nlohmann parse of the KB text"
  report_below "load_kb (parse + check + compile KB text: the --kb FILE path)" \
    "$load" 1e6 "$(calc "$load / $nl_kb")x nlohmann parse of the same text"
  report_below "evaluate, default options (max_questions=3)" \
    "$eval3" 2000 "$(calc "$eval3 / $nl")x nlohmann parse of one line"
  report_below "evaluate, max_questions=0" \
    "$eval0" 2000 "$(calc "$eval0 / $nl")x nlohmann parse of one line"
  report_below "evaluate, interpreted (--kb path), max_questions=3" \
    "$evali" 2000 "$(calc "$evali / $eval3")x the native built-in KB"
  info "read_case (one typical line)" \
    "$(calc "$read") ns; nlohmann parse $(calc "$nl") ns ($(calc "$nl / $read")x slower), DOM to Case $(calc "$nl_case") ns ($(calc "$nl_case / $read")x), parse+dump $(calc "$nl_dump") ns ($(calc "$nl_dump / $read")x)"
  if [[ -n $sj ]]; then
    info "read_case vs simdjson On-Demand to Case" "$(calc "$sj") ns ($(calc "$sj / $read")x read_case)"
  fi
  info "result_append (one full result)" "$(calc "$append") ns = $(calc "$append / $nl")x nlohmann parse of one line"
  info "batch_line (read + evaluate + append, one thread)" \
    "$(calc "$line / 1e3") us = $(calc "1e9 / $line / 1e3")k lines/s = $(calc "$line / $nl_dump")x nlohmann parse+dump"
  if [[ -n ${SPOTCHECK_BENCH_CASES:-} ]]; then
    local g3 g0 gread gline
    g3=$(median_ns evaluate/generated/max_questions/3)
    g0=$(median_ns evaluate/generated/max_questions/0)
    gread=$(median_ns read_case/generated)
    gline=$(median_ns batch_line/generated)
    info "evaluate, 1,000 generated cases cycled" \
      "$(calc "$g3 / 1e3") us default ($(calc "$g3 / $eval3")x the 4 cases), $(calc "$g0 / 1e3") us max_questions=0 ($(calc "$g0 / $eval0")x)"
    info "read_case, generated lines" "$(calc "$gread") ns"
    info "batch_line, generated cases" \
      "$(calc "$gline / 1e3") us = $(calc "1e9 / $gline / 1e3")k lines/s per thread (upper bound for batch --jobs 1)"
  fi
}

# ---------------------------------------------------------------------------------------
step_query() {
  section "whole process: one query vs jq -n 1 and true (hyperfine)"
  [[ -x $SPOTCHECK ]] || { echo "spotcheck not found in $BUILD"; return 1; }
  "$SPOTCHECK" query --age 3 --lesion petechiae --fever --json >/dev/null
  local runs=(--warmup 20 --min-runs 100)
  [[ $QUICK == 1 ]] && runs=(--warmup 3 --runs 10)
  measure "${HF[@]}" "${runs[@]}" --export-json "$OUT/query.json" \
    -n "spotcheck query" "$SPOTCHECK query --age 3 --lesion petechiae --fever --json" \
    -n "jq -n 1" "jq -n 1" \
    -n "true" "true"
  local sc jqt tt
  read -r sc jqt tt < <(hyperfine_medians "$OUT/query.json")
  report "query process time" \
    "$(calc "$sc * 1e3") ms vs jq -n 1 $(calc "$jqt * 1e3") ms = $(calc "$sc / $jqt")x jq" \
    "< 0.25x jq" "$(calc "$sc < 0.25 * $jqt")"
  # jq 1.6 compiles its jq-language builtins at every start, so it is a slow-starting
  # reference; starting a process that does nothing is the floor.
  info "query vs the floor (true)" "true $(calc "$tt * 1e3") ms; spotcheck query = $(calc "$sc / $tt")x that"
}

# ---------------------------------------------------------------------------------------
# gen N FILE: generates N cases into FILE unless it is there already, made by the same
# generator from the same findings (the stamp file records both).
gen() {
  local n=$1 file=$2 stamp
  stamp="n=$n seed=1 gen=$(sha256sum <"$HERE/gen_cases.py" | cut -c1-16)"
  stamp+=" findings=$(jq -c '.findings' "$ROOT/data/kb.json" | sha256sum | cut -c1-16)"
  if [[ -s $file && -f $file.stamp && $(cat "$file.stamp") == "$stamp" ]]; then
    echo "reusing $file"
  else
    echo "generating $n cases into $file"
    python3 "$HERE/gen_cases.py" -n "$n" --seed 1 -o "$file.tmp"
    mv "$file.tmp" "$file"
    echo "$stamp" >"$file.stamp"
  fi
}

step_generate() {
  section "test data (bench/gen_cases.py, seed 1)"
  gen 200000 "$CASES_200K"
  gen 100000 "$CASES_100K"
  gen 1000000 "$CASES_1M"
  ls -l "$CASES_200K" "$CASES_100K" "$CASES_1M"
}

# batch_works: says why and fails when `spotcheck batch` cannot evaluate a line yet.
batch_works() {
  local out
  if ! out=$(echo '{"age":3}' | "$SPOTCHECK" batch -q - 2>&1) || [[ $out != *triage* ]]; then
    echo "spotcheck batch does not work in this build yet: ${out:-no output}" | head -3
    return 1
  fi
}

step_batch() {
  section "batch throughput: 200,000 cases, jobs 1 / jobs 2 / jq -c . (hyperfine, interleaved pairs)"
  [[ -s $CASES_200K ]] || { echo "no test data"; return 1; }
  batch_works
  # Once outside the timings: one result line per case, or the timing means nothing.
  local lines results
  lines=$(wc -l <"$CASES_200K")
  results=$("$SPOTCHECK" batch -q --jobs 2 "$CASES_200K" | wc -l)
  if [[ $results != "$lines" ]]; then
    echo "spotcheck batch wrote $results lines for $lines cases"
    return 1
  fi
  local runs=(--warmup 1 --runs 5)
  [[ $QUICK == 1 ]] && runs=(--runs 2)
  measure "${HF[@]}" "${runs[@]}" --export-json "$OUT/batch.json" \
    -n "batch --jobs 1" "$SPOTCHECK batch -q --jobs 1 $CASES_200K" \
    -n "batch --jobs 2" "$SPOTCHECK batch -q --jobs 2 $CASES_200K" \
    -n "jq -c ." "jq -c . $CASES_200K"
  local j1 j2 jqt
  read -r j1 j2 jqt < <(hyperfine_medians "$OUT/batch.json")
  info "batch throughput" \
    "jobs 1 $(calc "$lines / $j1 / 1e3")k lines/s, jobs 2 $(calc "$lines / $j2 / 1e3")k lines/s, jq -c . $(calc "$lines / $jqt / 1e3")k lines/s"
  # CPU time (user + system, means) moves less than wall time when others load the machine.
  info "batch CPU time (user+sys, mean)" "$(jq -r '[.results[] | "\(.command) \(.user + .system | . * 100 | round / 100) s"] | join(", ")' "$OUT/batch.json")"
  info "batch --jobs 1 vs jq -c ., hyperfine medians" "$(calc "$jqt / $j1")x jq's throughput"
  # The verdict comes from interleaved pairs: this machine's speed drifts by up to 1.5x
  # within a minute, and hyperfine times all of one command's runs before the next's, so
  # its ratio can be skewed either way. Each pair runs both back to back (the order
  # alternating), and the median of the pairs' ratios is the figure.
  # The same for --jobs 2 against --jobs 1: each round runs --jobs 1 next to both others.
  local pairs=9 k t_spot t_two t_jq c_spot c_jq ratios=() cpu_ratios=() scaling=()
  [[ $QUICK == 1 ]] && pairs=3
  for ((k = 0; k < pairs; k++)); do
    if ((k % 2 == 0)); then
      read -r t_jq c_jq < <(times_seconds jq -c . "$CASES_200K")
      read -r t_spot c_spot < <(times_seconds "$SPOTCHECK" batch -q --jobs 1 "$CASES_200K")
      t_two=$(wall_seconds "$SPOTCHECK" batch -q --jobs 2 "$CASES_200K")
    else
      t_two=$(wall_seconds "$SPOTCHECK" batch -q --jobs 2 "$CASES_200K")
      read -r t_spot c_spot < <(times_seconds "$SPOTCHECK" batch -q --jobs 1 "$CASES_200K")
      read -r t_jq c_jq < <(times_seconds jq -c . "$CASES_200K")
    fi
    ratios+=("$(calc "$t_jq / $t_spot")")
    cpu_ratios+=("$(calc "$c_jq / $c_spot")")
    scaling+=("$(calc "$t_spot / $t_two")")
  done
  local median cpu_median two_median
  median=$(median_of "${ratios[@]}")
  cpu_median=$(median_of "${cpu_ratios[@]}")
  two_median=$(median_of "${scaling[@]}")
  info "batch --jobs 1 vs jq -c ., interleaved pairs (wall)" "$(printf '%s ' "${ratios[@]}")"
  info "batch --jobs 1 vs jq -c ., interleaved pairs (CPU)" "$(printf '%s ' "${cpu_ratios[@]}")"
  report "batch --jobs 1 vs jq -c ." "$(calc "$median")x jq's throughput (median of $pairs interleaved pairs, wall time)" \
    ">= 3x" "$(calc "$median >= 3")"
  report "batch --jobs 1 vs jq -c ., CPU time" "$(calc "$cpu_median")x jq's throughput (median of the same pairs, user+sys)" \
    ">= 3x" "$(calc "$cpu_median >= 3")"
  if [[ $(calc "${OTHERS_CORES:-0} > 0.25") == 1 ]]; then
    echo "warning: other processes used ${OTHERS_CORES} of $(nproc) cores during these timings," \
      "so --jobs 2 could not always get two: the ratio below understates scaling" | tee -a "$SUMMARY"
  fi
  info "batch --jobs 2 vs --jobs 1, hyperfine medians" "$(calc "$j1 / $j2")x"
  info "batch --jobs 2 vs --jobs 1, interleaved pairs" "$(printf '%s ' "${scaling[@]}")"
  report "batch --jobs 2 vs --jobs 1" "$(calc "$two_median")x (median of $pairs interleaved pairs)" \
    ">= 1.6x" "$(calc "$two_median >= 1.6")"
}

# The same comparison in instructions (callgrind), which other processes cannot move: on
# this shared machine the one figure that repeats exactly. Not the verdict (jq and spotcheck
# retire instructions at different rates), but a change in spotcheck's count is real.
step_instructions() {
  section "instructions per line: batch --jobs 1 vs jq -c ., 20,000 cases (callgrind)"
  command -v valgrind >/dev/null || { echo "valgrind is not installed"; return 1; }
  local cases=$OUT/cases-20k.ndjson spot jqi
  head -n 20000 "$CASES_200K" >"$cases"
  spot=$(callgrind_total "$SPOTCHECK" batch -q --jobs 1 "$cases")
  jqi=$(callgrind_total jq -c . "$cases")
  info "batch --jobs 1" "$(calc "$spot / 20000") instructions a line ($(calc "$spot / 1e6") M in all)"
  info "jq -c ." "$(calc "$jqi / 20000") instructions a line"
  report "batch --jobs 1 vs jq -c ., instructions" "$(calc "$jqi / $spot")x fewer than jq" \
    "information; >= 3x expected" "$(calc "$jqi / $spot >= 3")"
}
# callgrind_total CMD...: the instructions CMD executes (its stdout discarded).
callgrind_total() {
  local f
  f=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >/dev/null 2>"$f.log"
  awk '/^summary:/ { print $2 }' "$f"
  rm -f "$f" "$f.log"
}

# ---------------------------------------------------------------------------------------
# peak_rss_kb CMD...: the peak resident set size of CMD in KiB (its stdout discarded).
if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then
  peak_rss_kb() {
    local f rc=0
    f=$(mktemp)
    /usr/bin/time -f %M -o "$f" "$@" >/dev/null || rc=$?
    tail -1 "$f"
    rm -f "$f"
    return "$rc"
  }
else
  # No GNU time: poll the process's VmHWM (peak RSS, KiB) in /proc until it exits. The
  # last reading before exit misses at most the last poll interval's growth.
  peak_rss_kb() {
    local pid hwm=0 key val rc=0
    "$@" >/dev/null &
    pid=$!
    while [[ -r /proc/$pid/status ]]; do
      val=
      while read -r key val _; do
        [[ $key == VmHWM: ]] && break
        val=
      done <"/proc/$pid/status" 2>/dev/null || true
      [[ -z $val ]] && break  # exited (a zombie has no memory left)
      ((val > hwm)) && hwm=$val
      sleep 0.01
    done
    wait "$pid" || rc=$?
    echo "$hwm"
    return "$rc"
  }
fi

step_memory() {
  section "batch peak memory (RSS), default --jobs"
  [[ -s $CASES_100K && -s $CASES_1M ]] || { echo "no test data"; return 1; }
  batch_works
  # Three runs of each, compared by their medians: the peak moves by about a megabyte
  # from run to run (thread timing decides how full the blocks in flight are), which is
  # near the 10% being tested.
  local k r100 r1m all100=() all1m=()
  for ((k = 0; k < 3; k++)); do
    all100+=("$(peak_rss_kb "$SPOTCHECK" batch -q "$CASES_100K")")
    all1m+=("$(peak_rss_kb "$SPOTCHECK" batch -q "$CASES_1M")")
  done
  r100=$(median_of "${all100[@]}")
  r1m=$(median_of "${all1m[@]}")
  info "batch peak RSS (KiB), 100k / 1M cases, three runs each" "${all100[*]} / ${all1m[*]}"
  report "batch peak RSS, 100k cases" "$(calc "$r100 / 1024") MB (median of 3)" "< 64 MB" "$(calc "$r100 < 65536")"
  report "batch peak RSS, 1M cases" "$(calc "$r1m / 1024") MB (median of 3)" "< 64 MB" "$(calc "$r1m < 65536")"
  report "batch peak RSS, 1M vs 100k" "$(calc "$r1m / $r100")x" "<= 1.10x (flat in input size)" \
    "$(calc "$r1m <= 1.10 * $r100")"
}

# ---------------------------------------------------------------------------------------
run_step machine step_machine
run_step generate step_generate
run_step engine step_engine
run_step query step_query
run_step batch step_batch
run_step instructions step_instructions
run_step memory step_memory

printf '\n== summary (also in %s) ==\n' "${SUMMARY#"$ROOT"/}"
cat "$SUMMARY"
if ((FAILED_STEPS > 0)); then
  echo "$FAILED_STEPS step(s) could not run: see above"
  exit 1
fi
