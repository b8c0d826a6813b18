#!/bin/sh
# Stands in for a Google Benchmark binary in benchtool's `ab` tests: accepts the flags `ab`
# passes and writes --benchmark_repetitions samples of two benchmarks to --benchmark_out.
# --fake_scale=F multiplies BM_Scaled's times by F; --fake_fail exits 3 after a message;
# --fake_want_min_time=T exits 4 unless the last --benchmark_min_time given was T (T = none:
# unless none was given).
out=""
reps=1
scale=1
min_time=none
want_min_time=""
for arg in "$@"; do
  case "$arg" in
    --benchmark_out=*) out=${arg#*=} ;;
    --benchmark_repetitions=*) reps=${arg#*=} ;;
    --benchmark_out_format=json) ;;
    --benchmark_min_time=*) min_time=${arg#*=} ;;
    --fake_want_min_time=*) want_min_time=${arg#*=} ;;
    --fake_scale=*) scale=${arg#*=} ;;
    --fake_fail) echo "fake_bench: failing as asked" >&2; exit 3 ;;
    *) echo "fake_bench: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "fake_bench: no --benchmark_out" >&2; exit 2; }
if [ -n "$want_min_time" ] && [ "$min_time" != "$want_min_time" ]; then
  echo "fake_bench: --benchmark_min_time '$min_time', wanted '$want_min_time'" >&2; exit 4
fi
echo "fake_bench: $reps repetitions"
awk -v reps="$reps" -v scale="$scale" 'BEGIN {
  printf "{\n  \"context\": {\"num_cpus\": 2, \"mhz_per_cpu\": 2596, \"build_type\": \"Release\"},\n  \"benchmarks\": [\n"
  sep = ""
  split("BM_Steady BM_Scaled", names, " ")
  for (b = 1; b <= 2; b++) {
    for (i = 0; i < reps; i++) {
      t = 100 * (1 + 0.002 * ((i * 7) % 5 - 2))
      if (names[b] == "BM_Scaled") t = t * scale
      printf "%s    {\"name\": \"%s\", \"run_name\": \"%s\", \"run_type\": \"iteration\", \"repetitions\": %d, \"repetition_index\": %d, \"threads\": 1, \"iterations\": 1000, \"real_time\": %.6f, \"cpu_time\": %.6f, \"time_unit\": \"ns\"}", sep, names[b], names[b], reps, i, t, t
      sep = ",\n"
    }
    printf "%s    {\"name\": \"%s_mean\", \"run_name\": \"%s\", \"run_type\": \"aggregate\", \"repetitions\": %d, \"threads\": 1, \"aggregate_name\": \"mean\", \"aggregate_unit\": \"time\", \"iterations\": %d, \"real_time\": 100, \"cpu_time\": 100, \"time_unit\": \"ns\"}", sep, names[b], names[b], reps, reps
  }
  printf "\n  ]\n}\n"
}' > "$out"
