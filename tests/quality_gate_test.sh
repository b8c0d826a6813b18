#!/usr/bin/env bash
# ctest quality_gate (docs/MODEL_QUALITY.md): a faulty model path must fail
# `benchtool check` on a quality budget while the speed budget still passes.
# Runs BM_ModelQuality/model:trained healthy and with each test-only fault
# (marketbench --mb_fault), checks each run against the quality rules of
# bench/budgets.json plus the speed rule of the same benchmark.
# Usage: quality_gate_test.sh MARKETBENCH BENCHTOOL BUDGETS_JSON
set -euo pipefail
bench=$1 benchtool=$2 budgets=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The rules of bench/budgets.json for BM_ModelQuality (quality and speed).
python3 - "$budgets" "$work/budgets.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
rules = [r for r in doc["rules"] if "BM_ModelQuality" in r["benchmark"]]
assert any(r.get("metric") == "samples_per_second" for r in rules), "no speed rule"
assert any(r.get("metric") == "accuracy" for r in rules), "no accuracy rule"
out = {"description": "BM_ModelQuality rules of bench/budgets.json", "rules": rules}
if "tiers" in doc:
    out["tiers"] = doc["tiers"]
json.dump(out, open(sys.argv[2], "w"))
PY

run() {  # run NAME [FAULT]
  local name=$1 fault=${2:-none}
  "$bench" --benchmark_filter='^BM_ModelQuality/model:trained$' --benchmark_min_time=0.05 \
    --mb_fault="$fault" --benchmark_out="$work/$name.json" --benchmark_out_format=json >/dev/null 2>"$work/$name.err" || { cat "$work/$name.err" >&2; exit 1; }
}

check() {  # check NAME EXPECTED_EXIT
  local name=$1 expected=$2 code=0
  "$benchtool" check "$work/$name.json" --budgets "$work/budgets.json" >"$work/$name.txt" 2>&1 || code=$?
  cat "$work/$name.txt"
  if [ "$code" -ne "$expected" ]; then
    echo "quality_gate: $name: benchtool check exited $code, expected $expected" >&2
    exit 1
  fi
}

# A line of the check output for a rule on METRIC must say PASS / FAIL.
expect_line() {  # expect_line NAME METRIC WORD
  if ! grep -E "samples_per_second|accuracy|log_loss|agreement_with_reference" "$work/$1.txt" \
      | grep -F "$2" | grep -qiw "$3"; then
    echo "quality_gate: $1: no $3 line for $2" >&2
    exit 1
  fi
}

run healthy
check healthy 0
expect_line healthy samples_per_second PASS

run swap_feature swap_feature
check swap_feature 1
expect_line swap_feature samples_per_second PASS
expect_line swap_feature accuracy FAIL

run kernel_offset kernel_offset
check kernel_offset 1
expect_line kernel_offset samples_per_second PASS
expect_line kernel_offset agreement_with_reference FAIL

echo "quality_gate: healthy passes; swap_feature fails on accuracy, kernel_offset on agreement_with_reference; speed rule passes in all three"
