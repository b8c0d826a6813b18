#!/usr/bin/env bash
# Cross-core cache-line transfers of BM_ShardedCacheMixed/threads:2, counted
# (docs/BENCHMARKS.md, BM_ShardedCacheMixed): builds an instrumented replay
# from this tree's headers and prints, as Markdown, the lines one core must
# take from the other per insert, by kind of line.
#
#   scripts/cache_transfers/run.sh [OPS [WARM_OPS]]     (default 4000000 1000000)
#
# A deterministic count (no timing): use it to compare designs of ClockShard
# on this machine's noisy cores. Exits 2 when the headers have changed so
# that patch.py's anchors no longer match.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ops=${1:-4000000}
warm=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/patch.py" "$root/include" "$work/include"
${CXX:-g++} -std=c++20 -O2 -DNDEBUG \
  -I"$work/include" -I"$root/include" -I"$root/src" -I"$root/bench" -I"$here" \
  "$here/replay.cpp" "$root/bench/support/cache_workload.cpp" \
  "$root"/src/core/{zipf,random}.cpp \
  "$root"/src/cache/{slot_index,lru_cache,sharded_lru_cache,hit_counters}.cpp \
  $(pkg-config --libs fmt 2>/dev/null || echo -lfmt) -lpthread -o "$work/replay"
"$work/replay" "$ops" "$warm"
