#include "io/results_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace benchtool {
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
