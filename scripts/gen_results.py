#!/usr/bin/env python3
"""Writes a synthetic Google Benchmark 1.7.1 JSON results file, for timing benchtool on large
inputs (docs/CI.md quotes: 10,000 benchmarks x 9 repetitions).

  scripts/gen_results.py OUT.json [--benchmarks 10000] [--repetitions 9] [--seed 1]
                         [--slowdown 0.10 --every 100]

Rows look like marketbench's: iteration rows, then the mean/median/stddev/cv aggregates, with
two counters. --slowdown F makes every --every'th benchmark F slower (for a regression).
"""
import argparse
import json
import random
import statistics


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--benchmarks", type=int, default=10000)
    p.add_argument("--repetitions", type=int, default=9)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--slowdown", type=float, default=0.0)
    p.add_argument("--every", type=int, default=100)
    a = p.parse_args()
    rng = random.Random(a.seed)
    context = {
        "date": "2026-11-26T00:00:00+00:00", "host_name": "generator", "executable": "gen_results.py",
        "num_cpus": 2, "mhz_per_cpu": 2596, "cpu_scaling_enabled": False,
        "caches": [{"type": "Data", "level": 1, "size": 32768, "num_sharing": 1}],
        "load_avg": [0.1, 0.1, 0.1], "library_build_type": "debug", "build_type": "Release",
        "compiler": "GNU 12.2.0", "cxx_flags": "-O3 -DNDEBUG -march=native", "git_sha": "generated",
    }
    rows = []
    for b in range(a.benchmarks):
        name = f"BM_Synthetic{b // 100}/size:{b % 100}"
        base = 50.0 * (1 + b % 97)
        if a.slowdown and b % a.every == 0:
            base *= 1 + a.slowdown
        times = []
        for i in range(a.repetitions):
            t = base * (1 + rng.gauss(0, 0.01))
            times.append(t)
            rows.append({
                "name": name, "family_index": b // 100, "per_family_instance_index": b % 100,
                "run_name": name, "run_type": "iteration", "repetitions": a.repetitions,
                "repetition_index": i, "threads": 1, "iterations": 100000,
                "real_time": t, "cpu_time": t * 0.99, "time_unit": "ns",
                "items_per_second": 1e9 / t, "hit_rate": 0.9 + rng.uniform(-0.01, 0.01),
            })
        mean = statistics.fmean(times)
        stddev = statistics.stdev(times) if len(times) > 1 else 0.0
        for agg, value, unit in (("mean", mean, "time"), ("median", statistics.median(times), "time"),
                                 ("stddev", stddev, "time"), ("cv", stddev / mean, "percentage")):
            rows.append({
                "name": f"{name}_{agg}", "family_index": b // 100, "per_family_instance_index": b % 100,
                "run_name": name, "run_type": "aggregate", "repetitions": a.repetitions, "threads": 1,
                "aggregate_name": agg, "aggregate_unit": unit, "iterations": a.repetitions,
                "real_time": value, "cpu_time": value * 0.99, "time_unit": "ns",
            })
    with open(a.out, "w") as f:
        json.dump({"context": context, "benchmarks": rows}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
