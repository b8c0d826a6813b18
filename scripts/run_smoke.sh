#!/usr/bin/env bash
# Runs every benchmark with a tiny minimum time and checks the JSON parses.
set -euo pipefail
bin=$1 results=$2
mkdir -p "$results"
tmp="$results/.smoke.json.tmp"
"$bin" --benchmark_min_time=0.001 --benchmark_out="$tmp" --benchmark_out_format=json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["benchmarks"], "no benchmarks"; print("smoke: %d benchmark rows, JSON ok" % len(d["benchmarks"]))' "$tmp"
mv "$tmp" "$results/smoke.json"
