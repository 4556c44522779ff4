#!/bin/sh
# Scaling of a `--kb` knowledge base (bench/README.md, "Large knowledge bases"): knowledge
# bases 1x, 10x and 100x data/kb.json from bench/gen_kb.py, each loaded by `spotcheck kb
# info` next to `jq . FILE` (the reference, same run), and evaluated by `spotcheck batch
# --jobs 1` on 20,000 generated cases; then the 100x one on 5,000 cases that each answer the
# findings of 1, 10 or 50 copies (10 and 50 times the rules touched).
#
#   bench/scale.sh build/release/spotcheck [OUTDIR]
#
# CPU seconds (user + sys, the best of 3 runs) rather than wall time: the machine is shared
# and its load moves wall time by several times, CPU time much less.
set -eu
spotcheck=$1
out=${2:-bench/out/scale}
here=$(dirname "$0")
mkdir -p "$out"

cpu() {  # best user+sys seconds of 3 runs of "$@", output discarded
  if ! "$@" >/dev/null 2>"$out/err.txt"; then
    echo "failed: $*: $(head -n 1 "$out/err.txt")" >&2
    exit 1
  fi
  best=
  for _ in 1 2 3; do
    /usr/bin/time -o "$out/time.txt" -f '%U %S' "$@" >/dev/null 2>&1 || true
    t=$(tail -n 1 "$out/time.txt" | awk '{printf "%.3f", $1 + $2}')
    best=$(printf '%s\n%s\n' "$t" "${best:-$t}" | sort -n | head -n 1)
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 1 10 100; do
  "$here/gen_kb.py" --scale "$n" --cases 20000 --cases-out "$out/cases$n.ndjson" >"$out/kb$n.json"
  load=$(cpu "$spotcheck" kb info --kb "$out/kb$n.json")
  jq=$(cpu jq . "$out/kb$n.json")
  batch=$(cpu "$spotcheck" batch -q --jobs 1 --kb "$out/kb$n.json" "$out/cases$n.ndjson")
  echo "x$n: $(wc -c <"$out/kb$n.json") bytes; load ${load} s (jq . ${jq} s, ratio $(echo "$load $jq" | awk '{printf "%.2f", $1 / ($2 > 0 ? $2 : 0.001)}')); per case $(echo "$batch $load" | awk '{printf "%.1f", ($1 - $2) / 20000 * 1e6}') us"
done
for spread in 1 10 50; do
  "$here/gen_kb.py" --scale 100 --cases 5000 --spread "$spread" --cases-out "$out/spread$spread.ndjson" >/dev/null
  load=$(cpu "$spotcheck" kb info --kb "$out/kb100.json")
  batch=$(cpu "$spotcheck" batch -q --jobs 1 --kb "$out/kb100.json" "$out/spread$spread.ndjson")
  echo "x100, each case answering $spread copies: per case $(echo "$batch $load" | awk '{printf "%.1f", ($1 - $2) / 5000 * 1e6}') us"
done
