#include "io/results.hpp"

#include <fmt/format.h>

#include <set>
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
  // A second row with the same name in the same repetition (or a second
  // aggregate row of the same name) means two runs were pasted together or the
  // file was edited; the first one in file order is reported. Complexity rows
  // are named after the family name, which several families may share (one
  // fit per family: BM_BulkPriceQuery fits each batch size apart), so they are
  // told apart by family_index. Key: run_name, name, repetition (-1 for
  // aggregates, < -1 for complexity rows).
  std::set<std::tuple<std::string_view, std::string_view, std::int64_t>> seen;
  for (std::size_t i = 0; i < results.rows.size(); ++i) {
    const Row& row = results.rows[i];
    auto [it, inserted] = results.benchmark_index.try_emplace(
        row.run_name, results.benchmarks.size());
    if (inserted) results.benchmarks.push_back(Benchmark{row.run_name, {}, {}});
    Benchmark& benchmark = results.benchmarks[it->second];
    (row.is_iteration() ? benchmark.samples : benchmark.aggregates)
        .push_back(i);
    const bool complexity =
        row.aggregate_name == "BigO" || row.aggregate_name == "RMS";
    const std::int64_t repetition = row.is_iteration() ? row.repetition_index
                                    : complexity       ? -2 - row.family_index
                                                       : -1;
    if (seen.emplace(row.run_name, row.name, repetition).second) continue;
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
