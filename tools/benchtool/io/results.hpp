#pragma once
// The results model: one Google Benchmark JSON file (1.7.1 and later) as plain
// structs. Times (real_time, cpu_time, BigO coefficients) are normalised to
// nanoseconds on load; `time_unit` keeps the unit the file used. Every other
// numeric field of a row is a counter (items_per_second, hit_rate, ...).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/input_error.hpp"

namespace benchtool {

// A file that is not valid results; what() is one line naming the file.
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
  std::string date;
  std::string host_name;
  std::string executable;
  std::optional<std::int64_t> num_cpus;
  std::optional<double> mhz_per_cpu;
  std::optional<bool> cpu_scaling_enabled;
  std::vector<CacheInfo> caches;
  std::vector<double> load_avg;
  // The Google Benchmark library's build type, not marketbench's.
  std::string library_build_type;
  // Custom context (benchmark::AddCustomContext) and any other key, in file
  // order: strings as they are, other values as their JSON text.
  std::vector<std::pair<std::string, std::string>> custom;

  // A custom key's value ("git_sha", "compiler", ...), empty if absent.
  std::string_view custom_value(std::string_view key) const;
};

enum class RunType { kIteration, kAggregate };

struct Row {
  std::string name;
  // The benchmark a row belongs to; aggregates share it with their samples.
  std::string run_name;
  RunType run_type = RunType::kIteration;
  // "mean", "median", "stddev", "cv", "BigO", "RMS" or a custom one, and its
  // unit: "time" or "percentage" (percentage values are not scaled).
  std::string aggregate_name;
  std::string aggregate_unit;
  std::int64_t family_index = -1;
  std::int64_t per_family_instance_index = -1;
  std::int64_t repetition_index = 0;
  std::int64_t repetitions = 1;
  // "benchtool_run": which process (run) of `ab` or `calibrate` the row came
  // from, 0-based; -1 when the file does not say (plain Google Benchmark).
  std::int64_t run = -1;
  std::int64_t threads = 1;
  std::int64_t iterations = 0;
  // ns; NaN if the file says NaN or omits it on an aggregate/errored row.
  double real_time = 0;
  double cpu_time = 0;
  std::string time_unit = "ns";  // as written in the file
  bool error_occurred = false;
  std::string error_message;
  bool skipped = false;  // SkipWithMessage (Google Benchmark 1.8+)
  std::string skip_message;
  std::string label;
  // Complexity rows (aggregate_name "BigO" / "RMS"); coefficients in ns.
  std::string big_o;
  double cpu_coefficient = 0;
  double real_coefficient = 0;
  double rms = 0;
  std::vector<std::pair<std::string, double>> counters;  // in file order

  // "real_time", "cpu_time", "iterations" or a counter; nullopt if absent.
  std::optional<double> metric(std::string_view metric_name) const;
  std::optional<double> counter(std::string_view counter_name) const;
  bool is_iteration() const { return run_type == RunType::kIteration; }
  bool is_complexity() const {
    return aggregate_name == "BigO" || aggregate_name == "RMS";
  }
};

// The rows of one run_name, as indices into Results::rows in file order.
struct Benchmark {
  std::string name;                     // run_name
  std::vector<std::size_t> samples;     // iteration rows
  std::vector<std::size_t> aggregates;  // mean, median, ..., BigO, RMS
};

struct Results {
  std::string path;  // as given to the loader (or a label for in-memory text)
  Context context;
  std::vector<Row> rows;              // file order
  std::vector<Benchmark> benchmarks;  // in order of first appearance
  std::unordered_map<std::string, std::size_t> benchmark_index;  // by name

  const Benchmark* find(std::string_view run_name) const;
};

// Reads and validates a results file. Throws ResultsError naming the file and
// the problem (unreadable, not JSON, no `benchmarks` array, an empty one, a
// wrong type, a duplicate name within one repetition, a non-numeric time).
Results load_results(const std::string& path);
// The same for text in memory; `label` names it in error messages.
Results parse_results(std::string_view text, std::string label);

// Builds `benchmarks` / `benchmark_index` from `rows` and rejects duplicate
// rows; for code that assembles Results by hand (merging runs) too.
void index_benchmarks(Results& results);

// The values of `metric` that stand for a benchmark's repetitions: its usable
// iteration rows (not errored or skipped, having the metric) in file order,
// each with its run id (Row::run). A file written with
// --benchmark_report_aggregates_only has no iteration rows: then the median
// aggregate row is the one sample and `from_aggregate` is set. compare, check,
// report, export, ab and calibrate all read a benchmark through this.
struct Samples {
  std::vector<double> values;
  std::vector<std::int64_t> runs;
  bool from_aggregate = false;
};
Samples benchmark_samples(const Results& results, const Benchmark& benchmark,
                          std::string_view metric);

// The first errored / skipped sample, or the aggregate row named
// `aggregate_name` ("median", ...), of a benchmark; nullptr if none.
const Row* first_errored_sample(const Results& results,
                                const Benchmark& benchmark);
const Row* first_skipped_sample(const Results& results,
                                const Benchmark& benchmark);
const Row* find_aggregate(const Results& results, const Benchmark& benchmark,
                          std::string_view aggregate_name);

// Nanoseconds per unit for "ns", "us", "ms", "s"; nullopt for anything else.
std::optional<double> nanoseconds_per(std::string_view time_unit);

}  // namespace benchtool
