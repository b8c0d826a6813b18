#!/usr/bin/env python3
"""Writes the report fixtures: Google Benchmark 1.7.1-shaped JSON for the
families the report charts, with repetitions, aggregates, Big-O rows, an
errored benchmark and skipped rows (1.8 style). Deterministic: re-running it
reproduces the checked-in files byte for byte.

    python3 make_fixtures.py   # from this directory
"""
import json
import math
import random

CACHES = [
    {"type": "Data", "level": 1, "size": 32768, "num_sharing": 1},
    {"type": "Instruction", "level": 1, "size": 32768, "num_sharing": 1},
    {"type": "Unified", "level": 2, "size": 1048576, "num_sharing": 1},
    {"type": "Unified", "level": 3, "size": 33554432, "num_sharing": 2},
]


def context(date, sha, load):
    return {
        "date": date, "host_name": "vm", "executable": "build/release/bench/marketbench",
        "num_cpus": 2, "mhz_per_cpu": 2596, "cpu_scaling_enabled": False, "caches": CACHES,
        "load_avg": load, "library_build_type": "debug", "allocator": "jemalloc",
        "build_type": "Release", "compiler": "GNU 12.2.0", "cxx_flags": "-O3 -DNDEBUG -march=native",
        "git_sha": sha, "marketbench_version": "0.1.0",
        "memory_manager": "off: Google Benchmark 1.7.1 misreports memory with repetitions > 1",
        "native_arch": "true",
    }


class Writer:
    def __init__(self, reps, seed):
        self.rows = []
        self.reps = reps
        self.rng = random.Random(seed)
        self.family = -1

    def new_family(self):
        self.family += 1
        self.instance = 0

    def instance_rows(self, name, ns, counters, threads=1, noise=0.01):
        """Repetition rows plus mean/median/stddev/cv, like --benchmark_repetitions=N."""
        samples = []
        for rep in range(self.reps):
            j = 1 + self.rng.uniform(-noise, noise)
            t = ns * j
            iters = max(1, int(5e8 / max(ns, 1) / 100))
            row = {"name": name, "family_index": self.family,
                   "per_family_instance_index": self.instance, "run_name": name,
                   "run_type": "iteration", "repetitions": self.reps, "repetition_index": rep,
                   "threads": threads, "iterations": iters, "real_time": t,
                   "cpu_time": t * (0.98 if threads == 1 else min(threads, 2) * 0.9),
                   "time_unit": "ns"}
            for k, v in counters.items():
                # Rates move against time; everything else with it, except exact figures.
                if k.endswith("_per_second") or k == "gflops":
                    row[k] = v / j
                elif k in ("error_rate", "hit_rate") or k.startswith("bytes"):
                    row[k] = v
                else:
                    row[k] = v * j
            samples.append(row)
            self.rows.append(row)
        self.aggregates(name, samples, threads)
        self.instance += 1

    def aggregates(self, name, samples, threads):
        keys = [k for k in samples[0] if k in ("real_time", "cpu_time") or k not in (
            "name", "family_index", "per_family_instance_index", "run_name", "run_type",
            "repetitions", "repetition_index", "threads", "iterations", "time_unit")]
        def stat(kind, values):
            n = len(values)
            mean = sum(values) / n
            if kind == "mean":
                return mean
            if kind == "median":
                s = sorted(values)
                return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
            sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else 0.0
            return sd if kind == "stddev" else (sd / mean if mean else 0.0)
        for kind in ("mean", "median", "stddev", "cv"):
            row = {"name": f"{name}_{kind}", "family_index": self.family,
                   "per_family_instance_index": self.instance, "run_name": name,
                   "run_type": "aggregate", "repetitions": self.reps, "threads": threads,
                   "aggregate_name": kind, "aggregate_unit": "percentage" if kind == "cv" else "time",
                   "iterations": self.reps}
            for k in keys:
                row[k] = stat(kind, [s[k] for s in samples])
            row["time_unit"] = "ns"
            # Key order as Google Benchmark writes it: times before counters.
            ordered = {k: row[k] for k in row if k not in keys and k != "time_unit"}
            ordered["real_time"] = row["real_time"]
            ordered["cpu_time"] = row["cpu_time"]
            ordered["time_unit"] = "ns"
            for k in keys:
                if k not in ("real_time", "cpu_time"):
                    ordered[k] = row[k]
            self.rows.append(ordered)

    def big_o(self, family_name, coefficient, rms, big_o="N"):
        self.rows.append({"name": f"{family_name}_BigO", "family_index": self.family,
                          "per_family_instance_index": 0, "run_name": family_name,
                          "run_type": "aggregate", "repetitions": self.reps, "threads": 1,
                          "aggregate_name": "BigO", "aggregate_unit": "time",
                          "cpu_coefficient": coefficient * 0.98, "real_coefficient": coefficient,
                          "big_o": big_o, "time_unit": "ns"})
        self.rows.append({"name": f"{family_name}_RMS", "family_index": self.family,
                          "per_family_instance_index": 0, "run_name": family_name,
                          "run_type": "aggregate", "repetitions": self.reps, "threads": 1,
                          "aggregate_name": "RMS", "aggregate_unit": "percentage", "rms": rms})

    def errored(self, name, message):
        self.new_family()
        for rep in range(self.reps):
            self.rows.append({"name": name, "family_index": self.family,
                              "per_family_instance_index": 0, "run_name": name,
                              "run_type": "iteration", "repetitions": self.reps,
                              "repetition_index": rep, "threads": 1, "error_occurred": True,
                              "error_message": message, "iterations": 0, "real_time": 0.0,
                              "cpu_time": 0.0, "time_unit": "ns"})

    def skipped(self, names, message):
        # Google Benchmark 1.8 writes SkipWithMessage rows this way.
        self.new_family()
        for i, name in enumerate(names):
            for rep in range(self.reps):
                self.rows.append({"name": name, "family_index": self.family,
                                  "per_family_instance_index": i, "run_name": name,
                                  "run_type": "iteration", "repetitions": self.reps,
                                  "repetition_index": rep, "threads": 1, "skipped": True,
                                  "skip_message": message, "iterations": 0, "real_time": 0.0,
                                  "cpu_time": 0.0, "time_unit": "ns"})


def suite(w, slow):
    """slow: multiplier per benchmark-name prefix, for regressions between runs."""
    def f(name):
        # An exact benchmark name, or a family name for all of its benchmarks.
        for key, m in slow.items():
            if name == key or name.startswith(key + "/"):
                return m
        return 1.0

    w.new_family()
    w.instance_rows("BM_FmaPeak", 1.2e6 * f("BM_FmaPeak"), {"gflops": 81.5 / f("BM_FmaPeak")})

    w.new_family()
    for batch in (1, 10, 32, 64, 128, 256):
        per_sample = 600 + 2400 / batch
        name = f"BM_MlpInference/batch:{batch}"
        ns = per_sample * batch * f(name)
        sps = batch / ns * 1e9
        w.instance_rows(name, ns, {"bytes_per_inference": 0.0, "gflops": sps * 10528 / 1e9,
                                   "samples_per_second": sps})

    w.new_family()
    for stocks in (100, 1000, 6000):
        name = f"BM_FeatureExtraction/stocks:{stocks}"
        ns = 2100 * stocks * (1 + 0.02 * math.log10(stocks)) * f(name)
        w.instance_rows(name, ns, {"stocks_per_second": stocks / ns * 1e9})
    w.big_o("BM_FeatureExtraction", 2230 * f("BM_FeatureExtraction"), 0.021)

    w.new_family()
    for keys in (100, 1000, 10000):
        for pct in (5, 10, 20, 50):
            name = f"BM_InferenceCacheHitRate/keys:{keys}/capacity_pct:{pct}"
            cap = max(1, keys * pct // 100)
            hit = (math.log(cap + 1) + 0.5772) / (math.log(keys + 1) + 0.5772)
            w.instance_rows(name, 140 + 30 * math.log10(keys) * f(name),
                            {"hit_rate": hit,
                             "items_per_second": 1e9 / (140 + 30 * math.log10(keys))})

    w.new_family()
    w.instance_rows("BM_LruGetHit", 21.5 * f("BM_LruGetHit"),
                    {"items_per_second": 1e9 / (21.5 * f("BM_LruGetHit"))})

    w.new_family()
    for threads, rps in ((1, 2100), (2, 3900), (8, 3950), (32, 3800), (100, 3650)):
        name = f"BM_RecommendationsUnderLoad/real_time/threads:{threads}"
        ns = 1e9 / rps * f(name)
        p50 = threads / rps * 1e9 * 0.8
        w.instance_rows(name, ns, {"error_rate": 0.0, "latency_p50_ns": p50, "latency_p95_ns": p50 * 2.4,
                                   "latency_p99_ns": p50 * 4.1, "requests_per_second": 1e9 / ns},
                        threads=threads)

    w.new_family()
    for threads, rps in ((1, 5200), (2, 9800), (8, 9900), (32, 9600), (100, 9300)):
        name = f"BM_PlatformMixedLoad/real_time/threads:{threads}"
        ns = 1e9 / rps * f(name)
        p50 = threads / rps * 1e9 * 0.6
        counters = {"error_rate": 0.0, "latency_p50_ns": p50, "latency_p95_ns": p50 * 3.2,
                    "latency_p99_ns": p50 * 6.0, "requests_per_second": 1e9 / ns,
                    "supported_users_2s_think": (1e9 / ns) * (2 + p50 / 1e9)}
        for kind, m in (("analytics", 5.0), ("dashboard", 1.5), ("portfolio", 1.2),
                        ("quotes", 0.8), ("recommendations", 1.0), ("search", 0.4)):
            counters[f"{kind}_p95_ns"] = p50 * m
        w.instance_rows(name, ns, counters, threads=threads)

    w.new_family()
    for stocks in (1000, 2000, 4000, 6000):
        name = f"BM_DailyPipeline/stocks:{stocks}"
        m = f(name)
        stages = {"stage_fetch_ns": 31e3, "stage_recommend_ns": 14e3, "stage_infer_ns": 9.5e3,
                  "stage_persist_ns": 36e3, "stage_cache_ns": 8e3}
        counters = {k: v * stocks * m for k, v in stages.items()}
        total = sum(counters.values())
        counters.update({"error_rate": 0.0, "heap_peak_bytes": 2.1e4 * stocks,
                         "stocks_per_second": stocks / total * 1e9,
                         "virtual_api_seconds": stocks / 100 * 0.25})
        w.instance_rows(name, total * 1.02, counters)
    w.big_o("BM_DailyPipeline", 100.5e3 * f("BM_DailyPipeline/stocks:6000"), 0.034)

    w.new_family()
    for s in (990, 1000):
        name = f"BM_ZipfSample/s_permille:{s}"
        w.instance_rows(name, 38.0 * f(name), {"items_per_second": 1e9 / (38.0 * f(name))})

    w.errored("BM_ModelLoad", "cannot open model file '/nonexistent/model.mbm'")
    w.skipped(["BM_ModelRegistryGet/threads:1", "BM_ModelRegistryGet/threads:2"],
              "needs jemalloc: built without it")


def write(path, date, sha, load, reps, seed, slow):
    w = Writer(reps, seed)
    suite(w, slow)
    lines = [json.dumps(r) for r in w.rows]
    body = ",\n    ".join(lines)
    ctx = json.dumps(context(date, sha, load), indent=2).replace("\n", "\n  ")
    with open(path, "w") as out:
        out.write('{\n  "context": ' + ctx + ',\n  "benchmarks": [\n    ' + body + "\n  ]\n}\n")


# History: two older runs, then the baseline, then the current run. hist_2 makes
# BM_MlpInference/batch:1 20 % slower than hist_1 (a regression the trend marks);
# the current run is slower than the baseline on batch:1 and the 6000-stock
# pipeline, and faster on the LRU benchmark.
write("hist_1.json", "2026-11-20T09:15:00+00:00", "a1b2c3d", [0.4, 0.3, 0.2], 5, 11, {})
write("hist_2.json", "2026-11-23T10:30:00+00:00", "b2c3d4e", [0.5, 0.4, 0.3], 5, 12,
      {"BM_MlpInference/batch:1": 1.2})
write("baseline.json", "2026-11-24T18:00:00+00:00", "c3d4e5f", [0.6, 0.5, 0.4], 5, 13, {})
write("current.json", "2026-11-26T21:42:05+00:00", "d4e5f60", [3.4, 1.0, 0.4], 5, 14,
      {"BM_MlpInference/batch:1": 1.25, "BM_DailyPipeline/stocks:6000": 1.12, "BM_LruGetHit": 0.8})
