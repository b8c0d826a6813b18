// The results model (results.hpp) and its JSON form (results_writer.hpp).

#include "io/results.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "io/printable.hpp"
#include "io/results_writer.hpp"

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
    const std::int64_t repetition = row.is_iteration() ? row.repetition_index
                                    : row.is_complexity()
                                        ? -2 - row.family_index
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

namespace {

// Numbers as Google Benchmark writes them: non-finite ones become the bare
// tokens NaN, Infinity and -Infinity, which JSON lacks. They go into the
// document as a string of a NUL and the token, which results_to_json_text()
// turns into the token (nlohmann writes the NUL as \u0000, which no other
// string written here starts with followed by a token and a quote).
nlohmann::ordered_json number(double v) {
  if (std::isfinite(v)) return v;
  return '\0' + std::string(std::isnan(v) ? "NaN"
                            : v > 0       ? "Infinity"
                                          : "-Infinity");
}

nlohmann::ordered_json context_to_json(const Context& c) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (!c.date.empty()) j["date"] = c.date;
  if (!c.host_name.empty()) j["host_name"] = c.host_name;
  if (!c.executable.empty()) j["executable"] = c.executable;
  if (c.num_cpus) j["num_cpus"] = *c.num_cpus;
  if (c.mhz_per_cpu) j["mhz_per_cpu"] = number(*c.mhz_per_cpu);
  if (c.cpu_scaling_enabled) j["cpu_scaling_enabled"] = *c.cpu_scaling_enabled;
  if (!c.caches.empty()) {
    nlohmann::ordered_json caches = nlohmann::ordered_json::array();
    for (const CacheInfo& cache : c.caches) {
      caches.push_back({{"type", cache.type},
                        {"level", cache.level},
                        {"size", cache.size},
                        {"num_sharing", cache.num_sharing}});
    }
    j["caches"] = std::move(caches);
  }
  if (!c.load_avg.empty()) {
    nlohmann::ordered_json load = nlohmann::ordered_json::array();
    for (const double v : c.load_avg) load.push_back(number(v));
    j["load_avg"] = std::move(load);
  }
  if (!c.library_build_type.empty())
    j["library_build_type"] = c.library_build_type;
  for (const auto& [key, value] : c.custom) j[key] = value;
  return j;
}

nlohmann::ordered_json row_to_json(const Row& r) {
  // Times go back in the unit the row came with.
  const double scale = *nanoseconds_per(r.time_unit);
  const bool ratio = r.aggregate_unit == "percentage";
  nlohmann::ordered_json j;
  j["name"] = r.name;
  if (r.family_index >= 0) j["family_index"] = r.family_index;
  if (r.per_family_instance_index >= 0)
    j["per_family_instance_index"] = r.per_family_instance_index;
  j["run_name"] = r.run_name;
  j["run_type"] = r.is_iteration() ? "iteration" : "aggregate";
  j["repetitions"] = r.repetitions;
  if (r.is_iteration()) j["repetition_index"] = r.repetition_index;
  if (r.is_iteration() && r.run >= 0) j["benchtool_run"] = r.run;
  j["threads"] = r.threads;
  if (!r.is_iteration()) {
    j["aggregate_name"] = r.aggregate_name;
    if (!r.aggregate_unit.empty()) j["aggregate_unit"] = r.aggregate_unit;
  }
  if (r.error_occurred) {
    j["error_occurred"] = true;
    j["error_message"] = r.error_message;
  }
  if (r.skipped) {
    j["skipped"] = true;
    j["skip_message"] = r.skip_message;
  }
  if (!r.is_iteration() && !r.big_o.empty()) {
    j["cpu_coefficient"] = number(r.cpu_coefficient / scale);
    j["real_coefficient"] = number(r.real_coefficient / scale);
    j["big_o"] = r.big_o;
    j["time_unit"] = r.time_unit;
  } else if (!r.is_iteration() && r.aggregate_name == "RMS") {
    j["rms"] = number(r.rms);
  } else {
    j["iterations"] = r.iterations;
    j["real_time"] = number(ratio ? r.real_time : r.real_time / scale);
    j["cpu_time"] = number(ratio ? r.cpu_time : r.cpu_time / scale);
    j["time_unit"] = r.time_unit;
  }
  for (const auto& [name, value] : r.counters) j[name] = number(value);
  if (!r.label.empty()) j["label"] = r.label;
  return j;
}

nlohmann::ordered_json results_to_json(const Results& results) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const Row& row : results.rows) rows.push_back(row_to_json(row));
  return {{"context", context_to_json(results.context)},
          {"benchmarks", std::move(rows)}};
}

}  // namespace

std::string results_to_json_text(const Results& results) {
  std::string text = results_to_json(results).dump(
      2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  for (const std::string_view token : {"-Infinity", "Infinity", "NaN"}) {
    const std::string quoted = fmt::format("\"\\u0000{}\"", token);
    for (auto pos = text.find(quoted); pos != std::string::npos;
         pos = text.find(quoted, pos + token.size())) {
      text.replace(pos, quoted.size(), token);
    }
  }
  return text + "\n";
}

}  // namespace benchtool
