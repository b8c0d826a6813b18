#include "results.hpp"

#include <fmt/format.h>

#include <unordered_set>

#include "printable.hpp"

namespace benchtool {

std::string_view Context::custom_value(std::string_view key) const {
  for (const auto& [k, v] : custom) {
    if (k == key) return v;
  }
  return {};
}

std::optional<double> Row::counter(std::string_view counter_name) const {
  for (const auto& [k, v] : counters) {
    if (k == counter_name) return v;
  }
  return std::nullopt;
}

std::optional<double> Row::metric(std::string_view metric_name) const {
  if (metric_name == "real_time") return real_time;
  if (metric_name == "cpu_time") return cpu_time;
  if (metric_name == "iterations") return static_cast<double>(iterations);
  return counter(metric_name);
}

const Benchmark* Results::find(std::string_view run_name) const {
  const auto it = benchmark_index.find(std::string(run_name));
  return it == benchmark_index.end() ? nullptr : &benchmarks[it->second];
}

void index_benchmarks(Results& results) {
  results.benchmarks.clear();
  results.benchmark_index.clear();
  results.benchmark_index.reserve(results.rows.size());
  // One key per (name, repetition) for iteration rows and per name for
  // aggregates: a second row with the same key means two runs were pasted
  // together or the file was edited.
  std::unordered_set<std::string> seen;
  seen.reserve(results.rows.size());
  std::string key;
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const Row& row = results.rows[i];
    key.assign(row.name);
    if (row.is_iteration()) {
      key += fmt::format("\x1f{}", row.repetition_index);
    } else {
      key +=
          "\x1f"
          "aggregate";
    }
    if (!seen.insert(key).second) {
      if (row.is_iteration()) {
        throw ResultsError(fmt::format(
            "{}: benchmarks[{}]: duplicate benchmark '{}' in repetition {}",
            printable(results.path), i, printable(row.name),
            row.repetition_index));
      }
      throw ResultsError(
          fmt::format("{}: benchmarks[{}]: duplicate aggregate row '{}'",
                      printable(results.path), i, printable(row.name)));
    }
    auto [it, inserted] = results.benchmark_index.try_emplace(
        row.run_name, results.benchmarks.size());
    if (inserted) results.benchmarks.push_back(Benchmark{row.run_name, {}, {}});
    Benchmark& benchmark = results.benchmarks[it->second];
    (row.is_iteration() ? benchmark.samples : benchmark.aggregates)
        .push_back(i);
  }
}

std::vector<double> sample_values(const Results& results,
                                  const Benchmark& benchmark,
                                  std::string_view metric) {
  std::vector<double> values;
  values.reserve(benchmark.samples.size());
  for (const std::size_t i : benchmark.samples) {
    const Row& row = results.rows[i];
    if (row.error_occurred || row.skipped) continue;
    if (const auto v = row.metric(metric)) values.push_back(*v);
  }
  return values;
}

const Row* first_errored_sample(const Results& results,
                                const Benchmark& benchmark) {
  for (const std::size_t i : benchmark.samples) {
    if (results.rows[i].error_occurred) return &results.rows[i];
  }
  return nullptr;
}

const Row* first_skipped_sample(const Results& results,
                                const Benchmark& benchmark) {
  for (const std::size_t i : benchmark.samples) {
    if (results.rows[i].skipped) return &results.rows[i];
  }
  return nullptr;
}

const Row* find_aggregate(const Results& results, const Benchmark& benchmark,
                          std::string_view aggregate_name) {
  for (const std::size_t i : benchmark.aggregates) {
    if (results.rows[i].aggregate_name == aggregate_name)
      return &results.rows[i];
  }
  return nullptr;
}

std::optional<double> nanoseconds_per(std::string_view time_unit) {
  if (time_unit == "ns") return 1.0;
  if (time_unit == "us") return 1e3;
  if (time_unit == "ms") return 1e6;
  if (time_unit == "s") return 1e9;
  return std::nullopt;
}

}  // namespace benchtool
