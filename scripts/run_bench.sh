#!/usr/bin/env bash
# Runs the benchmark suite and writes results/<UTC timestamp>_<sha>.json and
# results/latest.json, each written under a temporary name and then renamed.
set -euo pipefail
bin=$1 results=$2 filter=${3:-} repetitions=${4:-1}
mkdir -p "$results"
sha=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$results/${stamp}_${sha}.json"
tmp="$results/.${stamp}_${sha}.json.tmp"
args=(--benchmark_out="$tmp" --benchmark_out_format=json --benchmark_repetitions="$repetitions")
[ -n "$filter" ] && args+=(--benchmark_filter="$filter")
if [ "$repetitions" -gt 1 ]; then args+=(--benchmark_report_aggregates_only=false); fi
count=$("$bin" --benchmark_list_tests=true ${filter:+--benchmark_filter="$filter"} | wc -l)
echo "bench: running $count benchmarks x $repetitions repetition(s)"
if ! "$bin" "${args[@]}"; then
  rm -f "$tmp"
  echo "bench: the benchmark run failed; no results written" >&2
  exit 1
fi
mv "$tmp" "$out"
cp "$out" "$results/.latest.json.tmp" && mv "$results/.latest.json.tmp" "$results/latest.json"
echo "bench: wrote $out and $results/latest.json"
