#!/bin/sh
# spotcheck batch is a pure line filter, so splitting its input into shards, running a
# copy on each and joining the outputs in order must give exactly the unsharded output.
# Checked here with GNU parallel, as docs/batch.md recommends for many cores or machines.
# usage: sharding_test.sh SPOTCHECK_BINARY      (exit 77 = skipped: no GNU parallel)
set -eu
bin=${1:?usage: sharding_test.sh SPOTCHECK_BINARY}
if ! command -v parallel >/dev/null 2>&1 || ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "sharding_test: GNU parallel is not installed; skipping"
  exit 77
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/spotcheck-shard.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# 3,000 varied cases (with blank lines, which give no output in either form), about
# 200 KB: with 1 KB blocks, a few hundred shards.
awk 'BEGIN {
  split("petechiae purpura ecchymosis", lesion, " ")
  split("face_neck arms_hands legs_buttocks trunk mouth widespread", where, " ")
  for (i = 0; i < 3000; i++) {
    if (i % 50 == 49) { print ""; continue }
    printf "{\"id\":\"s%d\",\"age\":%d,\"lesion\":\"%s\",\"location\":\"%s\",\"fever\":%s,\"blanching\":%s,\"recent_injury\":%s}\n",
      i, i % 95, lesion[i % 3 + 1], where[i % 6 + 1], (i % 2 ? "true" : "false"),
      (i % 5 ? "false" : "true"), (i % 7 ? "false" : "true")
  }
}' > "$dir/cases.jsonl"

"$bin" batch -q "$dir/cases.jsonl" > "$dir/whole.jsonl"
# --pipepart splits the file at line ends without reading it through one pipe; -k keeps
# the shards' outputs in input order.
parallel --will-cite --pipepart -a "$dir/cases.jsonl" --block 1k -k "'$bin' batch -q -" > "$dir/sharded.jsonl"

whole=$(wc -l < "$dir/whole.jsonl")
sharded=$(wc -l < "$dir/sharded.jsonl")
if [ "$whole" -ne 2940 ]; then
  echo "sharding_test: expected 2940 results unsharded, got $whole"
  exit 1
fi
if ! cmp -s "$dir/whole.jsonl" "$dir/sharded.jsonl"; then
  echo "sharding_test: sharded output ($sharded lines) differs from unsharded ($whole lines)"
  diff "$dir/whole.jsonl" "$dir/sharded.jsonl" | head -5
  exit 1
fi
echo "sharding_test: $whole results, identical sharded and unsharded"
