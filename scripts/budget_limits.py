#!/usr/bin/env python3
"""Per-rule spread of the budget checks over several runs, for setting limits.

    scripts/budget_limits.py BENCHTOOL BUDGETS.json RUN.json [RUN.json ...]

Runs `benchtool check --format json` on every run and prints, per rule and
benchmark, the limit, the min and max of the measured value (a ratio for a
relative rule) over the runs, and the headroom: how far the worst run is from
the limit (limit / max for < and <=, min / limit for > and >=). docs/CI.md
says how the shipped limits were derived from this table.
"""
import json
import subprocess
import sys


def checks(benchtool, budgets, run):
    out = subprocess.run([benchtool, "check", run, "--budgets", budgets, "--format", "json"],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"budget_limits: benchtool check {run} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)["checks"]


def headroom(op, limit, lo, hi):
    if op in ("<", "<=") and hi:
        return limit / hi
    if op in (">", ">=") and limit:
        return lo / limit
    return None


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    benchtool, budgets, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
    seen = {}
    for run in runs:
        for c in checks(benchtool, budgets, run):
            key = (c["rule"], c["benchmark"] or c["pattern"])
            entry = seen.setdefault(key, {"check": c, "values": [], "failed": 0})
            if c["measured"] is not None:
                entry["values"].append(c["measured"])
            entry["failed"] += 0 if c["pass"] else 1
    print(f"{len(runs)} runs")
    print(f"{'rule':>4} {'tier':<11} {'benchmark':<58} {'metric':<22} {'op':<2} "
          f"{'limit':>10} {'min':>10} {'max':>10} {'headroom':>8} fails")
    for (rule, bench), e in sorted(seen.items()):
        c, values = e["check"], e["values"]
        lo, hi = (min(values), max(values)) if values else (None, None)
        room = headroom(c["op"], c["limit"], lo, hi) if values else None
        fmt = lambda v: "-" if v is None else f"{v:.4g}"
        print(f"{rule:>4} {c.get('tier', ''):<11} {bench[:58]:<58} {c['metric'][:22]:<22} "
              f"{c['op']:<2} {fmt(c['limit']):>10} {fmt(lo):>10} {fmt(hi):>10} "
              f"{fmt(room):>8} {e['failed']}")


if __name__ == "__main__":
    main()
