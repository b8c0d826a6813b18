#!/usr/bin/env bash
# How well the `benchtool ab` gate works on this machine (docs/CI.md, "How well the gate works").
#
#   scripts/gate_power.sh [-n TRIALS] [-b BUDGET] [-o DIR] [-l LOCKFILE | -w WRAPPER]
#                         [-- benchmark flags]
#
# Runs TRIALS A/A `ab` runs (the same binary on both sides, --budget BUDGET each, default 90s),
# then makes true slowdowns of 3, 5, 10 and 20% by multiplying the NEW side's real_time and
# cpu_time by 1.03 ... 1.20 (real, independent noise plus a known multiplicative change) and
# compares again. Prints, as Markdown: A/A runs with any false `regressed`/`improved`, false
# verdicts per comparison, and for each slowdown the share reported `regressed` in total and
# among the comparisons whose reported MDE is below the slowdown, with the other verdicts.
#
# -l LOCKFILE runs each ab under `flock -x LOCKFILE` (a shared machine's measurement lock);
# -w WRAPPER runs each ab under the command WRAPPER (split on spaces), e.g.
# -w '/work/bin/cpulock x': one exclusive hold per trial (about BUDGET), so other jobs run
# between trials.
# Trials already in DIR (default results/gate_power) are kept, so an interrupted run resumes;
# the summary covers every trial in DIR. BENCHTOOL and BINARY override the two programs.
set -euo pipefail

BENCHTOOL=${BENCHTOOL:-build/release/tools/benchtool/benchtool}
BINARY=${BINARY:-build/release/bench/marketbench}
trials=20
budget=90s
out=results/gate_power
lock=""
wrapper=()
while getopts "n:b:o:l:w:h" opt; do
  case $opt in
    n) trials=$OPTARG ;;
    b) budget=$OPTARG ;;
    o) out=$OPTARG ;;
    l) lock=$OPTARG ;;
    w) read -r -a wrapper <<< "$OPTARG" ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ ${1:-} == "--" ]] && shift
for program in "$BENCHTOOL" "$BINARY"; do
  [[ -x $program ]] || { echo "gate_power: $program is not an executable (make build)" >&2; exit 2; }
done
factors=(1.00 1.03 1.05 1.10 1.20)
mkdir -p "$out"

# NEW's times multiplied by $3, written to $2.
scale_times() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
src, dst, factor = sys.argv[1], sys.argv[2], float(sys.argv[3])
doc = json.load(open(src))
for row in doc["benchmarks"]:
    if row.get("run_type", "iteration") == "iteration":
        for key in ("real_time", "cpu_time"):
            if isinstance(row.get(key), (int, float)):
                row[key] *= factor
json.dump(doc, open(dst + ".tmp", "w"), indent=1)
PY
  mv "$2.tmp" "$2"
}

for ((t = 1; t <= trials; t++)); do
  dir=$out/trial$(printf %03d "$t")
  if [[ ! -f $dir/done ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    ab=("$BENCHTOOL" ab --base "$BINARY" --new "$BINARY" --budget "$budget" --out-dir "$dir"
        --format json -o "$dir/ab.json" -- "$@")
    # Timed inside the lock: the wall time of the ab run itself, not the wait.
    timed=(bash -c 'start=$(date +%s%N); "$@"; rc=$?
      awk -v a="$start" -v b="$(date +%s%N)" "BEGIN { printf \"%.1f\\n\", (b - a) / 1e9 }" \
        > "$SECONDS_FILE"; exit $rc' timed "${ab[@]}")
    export SECONDS_FILE=$dir/seconds
    if [[ -n $lock ]]; then flock -x "$lock" "${timed[@]}" 2> "$dir/ab.log" || [[ $? == 1 ]]
    else "${wrapper[@]}" "${timed[@]}" 2> "$dir/ab.log" || [[ $? == 1 ]]; fi
    touch "$dir/done"
  fi
  for f in "${factors[@]}"; do
    [[ -f $dir/compare-$f.json ]] && continue
    scale_times "$dir/new.json" "$dir/new-$f.json" "$f"
    "$BENCHTOOL" compare "$dir/base.json" "$dir/new-$f.json" --p-adjust holm --format json \
      -o "$dir/compare-$f.json" || [[ $? == 1 ]]
    rm -f "$dir/new-$f.json"
  done
  echo "gate_power: trial $t/$trials done ($(cat "$dir/seconds") s)" >&2
done

python3 - "$out" "${factors[@]}" <<'PY'
import glob, json, re, statistics, sys
out, factors = sys.argv[1], sys.argv[2:]
trials = sorted(d.rsplit("/", 1)[0] for d in glob.glob(f"{out}/trial*/done"))
def load(d, f):
    return json.load(open(f"{d}/compare-{f}.json"))["comparisons"]
# The ab time of a trial: the sum of its runs' times (ab.log), which leaves out any lock wait.
seconds = [sum(float(x) for x in re.findall(r" in ([0-9.]+) s$", open(f"{d}/ab.log").read(), re.M))
           for d in trials]
aa = [load(d, "1.00") for d in trials]
n = sum(len(c) for c in aa)
false = [sum(e["verdict"] in ("regressed", "improved") for e in c) for c in aa]
runs = [c[0]["base"]["n"] for c in aa if c and c[0]["base"]]
print(f"{len(trials)} A/A trials, {n // max(len(trials), 1)} benchmarks each, "
      f"{min(runs)}-{max(runs)} runs per side, ab time (sum of its runs) median "
      f"{statistics.median(seconds):.0f} s (max {max(seconds):.0f} s)\n")
print("| | measured |\n|---|---|")
print(f"| A/A runs with at least one `regressed`/`improved` | {sum(x > 0 for x in false)} of {len(trials)} |")
print(f"| A/A false verdicts | {sum(false)} of {n} comparisons ({100 * sum(false) / n:.2f}%) |")
verdicts = {v: sum(e["verdict"] == v for c in aa for e in c) for v in ("unchanged", "inconclusive")}
print(f"| A/A `unchanged` / `inconclusive` | {verdicts['unchanged']} / {verdicts['inconclusive']} |")
mdes = {}
for c in aa:
    for e in c:
        mdes.setdefault(e["name"], []).append(e["mde"] if e["mde"] is not None else float("inf"))
below = sum(statistics.median(v) < 0.10 for v in mdes.values())
print(f"| benchmarks whose median MDE is below 10% | {below} of {len(mdes)} |")
print("\n| slowdown | `regressed` (all) | `regressed` where MDE < slowdown | `inconclusive` | `unchanged` | `improved` |")
print("|---|---|---|---|---|---|")
for f in factors[1:]:
    size = float(f) - 1
    es = [e for d in trials for e in load(d, f)]
    reg = sum(e["verdict"] == "regressed" for e in es)
    small = [e for e in es if e["mde"] is not None and e["mde"] < size]
    reg_small = sum(e["verdict"] == "regressed" for e in small)
    count = lambda v: sum(e["verdict"] == v for e in es)
    share = f"{reg_small} of {len(small)} ({100 * reg_small / len(small):.0f}%)" if small else "-"
    print(f"| {size:.0%} | {reg} of {len(es)} ({100 * reg / len(es):.0f}%) | {share} | "
          f"{count('inconclusive')} | {count('unchanged')} | {count('improved')} |")
print("\nPer benchmark (A/A): median MDE, false verdicts")
for name, v in mdes.items():
    fv = sum(e["verdict"] in ("regressed", "improved") for c in aa for e in c if e["name"] == name)
    print(f"- {name}: MDE {100 * statistics.median(v):.1f}%, false verdicts {fv}")
PY
