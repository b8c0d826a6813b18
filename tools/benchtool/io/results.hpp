#pragma once
// The results model: one Google Benchmark JSON file (1.7.1 and later) as plain
// structs.
//
// Times (real_time, cpu_time, BigO coefficients) are normalised to nanoseconds
// on load; `time_unit` keeps the unit the file used. Every numeric field of a
// row that is not one of the fields below is a counter (items_per_second,
// hit_rate, latency_p95_ns, ...).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/input_error.hpp"

namespace benchtool {

// A file that is not valid results. what() is one line naming the file and the
// problem.
class ResultsError : public InputError {
 public:
  using InputError::InputError;
};

struct CacheInfo {
  std::string type;  // "Data", "Instruction", "Unified"
  std::int64_t level = 0;
  std::int64_t size = 0;  // bytes
  std::int64_t num_sharing = 0;
};

struct Context {
  // Written by Google Benchmark itself.
  std::string date;
  std::string host_name;
  std::string executable;
  std::optional<std::int64_t> num_cpus;
  std::optional<double> mhz_per_cpu;
  std::optional<bool> cpu_scaling_enabled;
  std::vector<CacheInfo> caches;
  std::vector<double> load_avg;
  std::string
      library_build_type;  // the Google Benchmark library's, not marketbench's
  // Custom context (benchmark::AddCustomContext) and any other key, in file
  // order. Strings are kept as they are; numbers, booleans and nested values as
  // their JSON text.
  std::vector<std::pair<std::string, std::string>> custom;

  // A custom key's value ("git_sha", "build_type", "compiler", "cxx_flags",
  // ...), empty if absent.
  std::string_view custom_value(std::string_view key) const;
};

enum class RunType { kIteration, kAggregate };

struct Row {
  std::string name;
  std::string run_name;  // the benchmark a row belongs to; aggregates share it
                         // with their samples
  RunType run_type = RunType::kIteration;
  std::string aggregate_name;  // "mean", "median", "stddev", "cv", "BigO",
                               // "RMS" or a custom one
  std::string aggregate_unit;  // "time" or "percentage" (1.7.0+); percentage
                               // values are not scaled
  std::int64_t family_index = -1;
  std::int64_t per_family_instance_index = -1;
  std::int64_t repetition_index = 0;
  std::int64_t repetitions = 1;
  // "benchtool_run": which process (run) of `ab` or `calibrate` the row came
  // from, 0-based; -1 when the file does not say (plain Google Benchmark).
  std::int64_t run = -1;
  std::int64_t threads = 1;
  std::int64_t iterations = 0;
  double real_time = 0;  // ns (NaN if the file says NaN or omits it on an
                         // aggregate/errored row)
  double cpu_time = 0;   // ns
  std::string time_unit = "ns";  // as written in the file
  bool error_occurred = false;
  std::string error_message;
  bool skipped = false;  // SkipWithMessage (Google Benchmark 1.8+)
  std::string skip_message;
  std::string label;
  // Complexity rows (aggregate_name "BigO" / "RMS").
  std::string big_o;
  double cpu_coefficient = 0;  // ns per unit of complexity
  double real_coefficient = 0;
  double rms = 0;
  // Every other numeric field, in file order.
  std::vector<std::pair<std::string, double>> counters;

  // "real_time", "cpu_time", "iterations" or a counter; nullopt when the row
  // lacks it.
  std::optional<double> metric(std::string_view metric_name) const;
  std::optional<double> counter(std::string_view counter_name) const;
  bool is_iteration() const { return run_type == RunType::kIteration; }
};

// The rows of one run_name: its repetition samples and its aggregates, as
// indices into Results::rows, in file order.
struct Benchmark {
  std::string name;                  // run_name
  std::vector<std::size_t> samples;  // iteration rows
  std::vector<std::size_t>
      aggregates;  // aggregate rows (mean, median, ..., BigO, RMS)
};

struct Results {
  std::string path;  // as given to the loader (or a label for in-memory text)
  Context context;
  std::vector<Row> rows;              // file order
  std::vector<Benchmark> benchmarks;  // in order of first appearance
  std::unordered_map<std::string, std::size_t>
      benchmark_index;  // run_name -> benchmarks[i]

  const Benchmark* find(std::string_view run_name) const;
};

// Reads and validates a results file. Throws ResultsError naming the file and
// the problem (unreadable, not JSON, no `benchmarks` array, an empty one, a
// wrong type, a duplicate name within one repetition, a non-numeric time).
Results load_results(const std::string& path);

// The same for text already in memory; `label` names it in error messages.
Results parse_results(std::string_view text, std::string label);

// Builds `benchmarks` / `benchmark_index` from `rows` and rejects duplicate
// rows. load_results calls it; code that assembles Results by hand (merging
// runs) calls it too.
void index_benchmarks(Results& results);

// The values of `metric` that stand for a benchmark's repetitions: its usable
// iteration rows (errored and skipped rows left out; rows that lack the metric
// contribute nothing), in file order, each with its run id (Row::run, -1 if
// none). A file written with --benchmark_report_aggregates_only has no
// iteration rows: then the median aggregate row is the one sample and
// `from_aggregate` is set. compare, check, report, export, ab and calibrate
// all read a benchmark through this.
struct Samples {
  std::vector<double> values;
  std::vector<std::int64_t> runs;
  bool from_aggregate = false;
};
Samples benchmark_samples(const Results& results, const Benchmark& benchmark,
                          std::string_view metric);

// The first errored / skipped sample of a benchmark, or nullptr.
const Row* first_errored_sample(const Results& results,
                                const Benchmark& benchmark);
const Row* first_skipped_sample(const Results& results,
                                const Benchmark& benchmark);

// The aggregate row named `aggregate_name` ("median", "mean", ...) of a
// benchmark, or nullptr.
const Row* find_aggregate(const Results& results, const Benchmark& benchmark,
                          std::string_view aggregate_name);

// Nanoseconds per unit for "ns", "us", "ms", "s"; nullopt for anything else.
std::optional<double> nanoseconds_per(std::string_view time_unit);

}  // namespace benchtool
