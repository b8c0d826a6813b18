#!/usr/bin/env bash
# make bench, end to end:
#   1. runs the suite (or a FILTER / SUITE subset), saying up front how many
#      benchmarks it will run;
#   2. writes results/<UTC timestamp>_<sha>.json and results/latest.json, each
#      under a temporary name and then renamed;
#   3. checks bench/budgets.json (benchtool check) — on a subset, only the
#      rules that name a benchmark of the subset;
#   4. writes results/report.html and results/summary.md (benchtool report)
#      with every earlier results/<timestamp>_<sha>.json as history and
#      results/baseline.json, when it exists, as the baseline;
#   5. ends with the budget table, one "FAIL rule N ..." line per failed
#      check, the verdict and the report's path; summary.md ends with the
#      budget table too.
# Exit status: 0 all budgets pass; 1 a budget failed (the report is still
# written) or the benchmark run failed (nothing written); 2 usage.
# The baseline is only ever written by `make baseline`.
set -euo pipefail

bin=$1 benchtool=$2 results=$3 filter=${4:-} repetitions=${5:-1} suite=${6:-} budgets=${7:-bench/budgets.json}

die() { echo "bench: $*" >&2; exit 2; }

# The original orchestrator's modes, as named subsets.
suite_filter() {
  case $1 in
    ml) echo 'BM_(FmaPeak|Mlp|FeatureExtraction|MlRecommendation|ConcurrentModel|InferenceMemory|ModelLoad|ModelRegistry)' ;;
    load) echo 'BM_(RecommendationsUnderLoad|PlatformMixedLoad|ShardedCacheMixed|ConcurrentModelInference)' ;;
    pipeline) echo 'BM_(DailyPipeline|Db)' ;;
    market) echo 'BM_(BulkPriceQuery|PriceStore|PriceGather|ZipfSample|LatencyHistogram)' ;;
    cache) echo 'BM_(InferenceCache|Lru|UnorderedMap|ShardedCache|CacheCluster)' ;;
    *) return 1 ;;
  esac
}

[[ $repetitions =~ ^[1-9][0-9]*$ ]] || die "REPETITIONS must be a positive integer, got '$repetitions'"
if [ -n "$suite" ]; then
  [ -z "$filter" ] || die "give FILTER or SUITE, not both"
  filter=$(suite_filter "$suite") || die "unknown SUITE '$suite' (one of: ml, load, pipeline, market, cache)"
fi
[ -x "$bin" ] || die "no benchmark binary at $bin"
[ -x "$benchtool" ] || die "no benchtool at $benchtool"

mkdir -p "$results"
sha=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$results/${stamp}_${sha}.json"
tmp="$results/.${stamp}_${sha}.json.tmp"

list=$("$bin" --benchmark_list_tests=true ${filter:+--benchmark_filter="$filter"})
count=$(grep -c . <<<"$list" || true)
[ "$count" -gt 0 ] || die "no benchmark matches '${filter}'"
echo "bench: running $count benchmark(s) x $repetitions repetition(s)${suite:+ (SUITE=$suite)}${filter:+, filter '$filter'}"

args=(--benchmark_out="$tmp" --benchmark_out_format=json --benchmark_repetitions="$repetitions")
[ -n "$filter" ] && args+=(--benchmark_filter="$filter")
if ! "$bin" "${args[@]}"; then
  rm -f "$tmp"
  echo "bench: the benchmark run failed; no results written" >&2
  exit 1
fi
mv "$tmp" "$out"
cp "$out" "$results/.latest.json.tmp" && mv "$results/.latest.json.tmp" "$results/latest.json"
echo "bench: wrote $out and $results/latest.json"

# Budgets. A subset run checks only the rules that name one of its benchmarks
# (and, for a relative rule, whose reference is in the subset too): the others
# would fail as "matched nothing", which only means a full run is needed to
# check them.
check_budgets=$budgets
applicable=-1
if [ -n "$filter" ]; then
  check_budgets="$results/.budgets.subset.json"
  printf '%s\n' "$list" > "$results/.list.tmp"
  applicable=$(python3 -c '
import json, re, sys
doc = json.load(open(sys.argv[1]))
names = [line.strip() for line in open(sys.argv[3]) if line.strip()]
rules = doc.get("rules", [])
def named(pattern):
    return any(re.search(pattern, n) for n in names)
# A relative rule needs its reference in the subset too.
doc["rules"] = [r for r in rules if named(r["benchmark"])
                and ("relative_to" not in r or named(r["relative_to"]["benchmark"]))]
json.dump(doc, open(sys.argv[2], "w"), indent=2)
print(len(doc["rules"]))
' "$budgets" "$check_budgets" "$results/.list.tmp") || die "cannot read the budgets file $budgets"
  rm -f "$results/.list.tmp"
  echo "bench: $applicable budget rule(s) name a benchmark of this subset; a full run checks them all"
fi
check_status=0
if [ "$applicable" = 0 ]; then
  echo "(no budget rule names a benchmark of this subset)" > "$results/budgets.txt"
else
  "$benchtool" check "$out" --budgets "$check_budgets" --color never > "$results/budgets.txt" 2>&1 || check_status=$?
fi

# Report: every earlier timestamped run is history (the report drops copies
# of the run itself); the baseline only when `make baseline` made one.
history=()
for f in "$results"/[0-9]*_*.json; do
  [ -e "$f" ] && [ "$f" != "$out" ] && history+=("$f")
done
report_args=("$out" --html "$results/report.html" --markdown "$results/summary.md" --charts bench/charts.json)
# summary.md ends with the budget table (when the budgets file is usable).
[ "$applicable" != 0 ] && [ "$check_status" -lt 2 ] && report_args+=(--budgets "$check_budgets")
[ -f "$results/baseline.json" ] && report_args+=(--baseline "$results/baseline.json")
[ ${#history[@]} -gt 0 ] && report_args+=(--history "${history[@]}")
report_status=0
"$benchtool" report "${report_args[@]}" >/dev/null || report_status=$?
[ "$check_budgets" = "$budgets" ] || rm -f "$check_budgets"

echo
echo "==== budgets (bench/budgets.json) ===="
cat "$results/budgets.txt"
case $check_status in
  0) echo "bench: every budget passed" ;;
  1) echo "bench: BUDGET FAILED — $(grep -c '^FAIL ' "$results/budgets.txt") failed check(s), one FAIL line each above" ;;
  *) echo "bench: the budget check could not run (exit $check_status)" ;;
esac
if [ "$report_status" -eq 0 ]; then
  notes="summary: $results/summary.md; ${#history[@]} earlier run(s) as history"
  [ -f "$results/baseline.json" ] && notes+="; compared with $results/baseline.json"
  echo "bench: report: $(realpath "$results/report.html")  ($notes)"
else
  echo "bench: the report could not be written (benchtool report exit $report_status)" >&2
fi
if [ "$check_status" -ge 2 ] || [ "$report_status" -ne 0 ]; then exit 2; fi
exit "$check_status"
