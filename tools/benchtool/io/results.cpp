#include "io/results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "io/printable.hpp"

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
  results.benchmark_index.reserve(results.rows.size() / 4 + 16);
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const Row& row = results.rows[i];
    auto [it, inserted] = results.benchmark_index.try_emplace(
        row.run_name, results.benchmarks.size());
    if (inserted) results.benchmarks.push_back(Benchmark{row.run_name, {}, {}});
    Benchmark& benchmark = results.benchmarks[it->second];
    (row.is_iteration() ? benchmark.samples : benchmark.aggregates)
        .push_back(i);
  }
  // A second row with the same name in the same repetition (or a second
  // aggregate row of the same name) means two runs were pasted together or the
  // file was edited. Rows with the same name share a run_name, so duplicates
  // are found within each benchmark; the first one in file order is reported.
  // (name, repetition: -1 for aggregates, < -1 for complexity rows, row)
  using Key = std::tuple<std::string_view, std::int64_t, std::size_t>;
  std::size_t duplicate = results.rows.size();
  std::vector<Key> keys;
  for (const Benchmark& benchmark : results.benchmarks) {
    keys.clear();
    for (const std::size_t i : benchmark.samples)
      keys.emplace_back(results.rows[i].name, results.rows[i].repetition_index,
                        i);
    for (const std::size_t i : benchmark.aggregates) {
      // Complexity rows are named after the family name, which several
      // families may share (one fit per family: BM_BulkPriceQuery fits each
      // batch size apart), so they are told apart by family_index.
      const Row& row = results.rows[i];
      const bool complexity =
          row.aggregate_name == "BigO" || row.aggregate_name == "RMS";
      keys.emplace_back(row.name, complexity ? -2 - row.family_index : -1, i);
    }
    std::sort(keys.begin(), keys.end());
    for (std::size_t k = 1; k < keys.size(); ++k) {
      if (std::get<0>(keys[k]) == std::get<0>(keys[k - 1]) &&
          std::get<1>(keys[k]) == std::get<1>(keys[k - 1])) {
        duplicate = std::min(duplicate, std::get<2>(keys[k]));
      }
    }
  }
  if (duplicate == results.rows.size()) return;
  const Row& row = results.rows[duplicate];
  if (row.is_iteration()) {
    throw ResultsError(fmt::format(
        "{}: benchmarks[{}]: duplicate benchmark '{}' in repetition {}",
        printable(results.path), duplicate, printable(row.name),
        row.repetition_index));
  }
  throw ResultsError(
      fmt::format("{}: benchmarks[{}]: duplicate aggregate row '{}'",
                  printable(results.path), duplicate, printable(row.name)));
}

Samples benchmark_samples(const Results& results, const Benchmark& benchmark,
                          std::string_view metric) {
  Samples out;
  out.from_aggregate = benchmark.samples.empty();
  const auto add = [&](const Row& row) {
    if (const auto v = row.metric(metric)) {
      out.values.push_back(*v);
      out.runs.push_back(out.from_aggregate ? -1 : row.run);
    }
  };
  for (const std::size_t i : benchmark.samples) {
    const Row& row = results.rows[i];
    if (!row.error_occurred && !row.skipped) add(row);
  }
  if (out.from_aggregate) {
    if (const Row* median_row = find_aggregate(results, benchmark, "median"))
      add(*median_row);
  }
  return out;
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
