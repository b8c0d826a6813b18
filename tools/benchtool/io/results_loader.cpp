// Loads Google Benchmark JSON: one DOM parse (parse_benchmark_json), then a
// walk that fills the model and names the first problem it meets.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <variant>

#include "io/json_file.hpp"
#include "io/printable.hpp"
#include "io/results.hpp"

namespace benchtool {
namespace {

using json = nlohmann::ordered_json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// `v` as a T, or nullopt when it has another type. null (what JSON writers
// emit for NaN) reads as NaN; integers may be written as whole floats (1e+06).
template <class T>
std::optional<T> as(const json& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) return v.get<std::string>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.is_boolean()) return v.get<bool>();
  } else if constexpr (std::is_same_v<T, double>) {
    if (v.is_number()) return v.get<double>();
    if (v.is_null()) return kNaN;
  } else if (v.is_number_unsigned()) {  // std::int64_t from here
    const auto u = v.get<std::uint64_t>();
    if (u <= std::uint64_t{std::numeric_limits<std::int64_t>::max()})
      return static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    return v.get<std::int64_t>();
  } else if (v.is_number_float()) {
    const double f = v.get<double>();
    if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 9e18)
      return static_cast<std::int64_t>(f);
  }
  return std::nullopt;
}

template <class T>
constexpr std::string_view kExpected =
    std::is_same_v<T, std::string> ? "a string"
    : std::is_same_v<T, bool>      ? "a boolean"
    : std::is_same_v<T, double>    ? "a number"
                                   : "an integer";

// A custom context value as text: strings as they are, nested values elided.
std::string as_text(const json& v) {
  if (v.is_object()) return "{...}";
  if (v.is_array()) return "[...]";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

// The fields of the model by JSON key (a row's name and run_type are read
// apart).
template <class Owner>
using Field = std::pair<
    std::string_view,
    std::variant<std::string Owner::*, double Owner::*, std::int64_t Owner::*,
                 bool Owner::*, std::optional<double> Owner::*,
                 std::optional<std::int64_t> Owner::*,
                 std::optional<bool> Owner::*>>;
const Field<Context> kContextFields[] = {
    {"date", &Context::date},
    {"host_name", &Context::host_name},
    {"executable", &Context::executable},
    {"library_build_type", &Context::library_build_type},
    {"num_cpus", &Context::num_cpus},
    {"mhz_per_cpu", &Context::mhz_per_cpu},
    {"cpu_scaling_enabled", &Context::cpu_scaling_enabled}};
const Field<CacheInfo> kCacheFields[] = {
    {"type", &CacheInfo::type},
    {"level", &CacheInfo::level},
    {"size", &CacheInfo::size},
    {"num_sharing", &CacheInfo::num_sharing}};
const Field<Row> kRowFields[] = {
    {"run_name", &Row::run_name},
    {"aggregate_name", &Row::aggregate_name},
    {"aggregate_unit", &Row::aggregate_unit},
    {"error_message", &Row::error_message},
    {"skip_message", &Row::skip_message},
    {"label", &Row::label},
    {"big_o", &Row::big_o},
    {"time_unit", &Row::time_unit},
    {"real_time", &Row::real_time},
    {"cpu_time", &Row::cpu_time},
    {"rms", &Row::rms},
    {"cpu_coefficient", &Row::cpu_coefficient},
    {"real_coefficient", &Row::real_coefficient},
    {"iterations", &Row::iterations},
    {"repetition_index", &Row::repetition_index},
    {"benchtool_run", &Row::run},
    {"repetitions", &Row::repetitions},
    {"family_index", &Row::family_index},
    {"per_family_instance_index", &Row::per_family_instance_index},
    {"threads", &Row::threads},
    {"error_occurred", &Row::error_occurred},
    {"skipped", &Row::skipped}};

class Walker {
 public:
  explicit Walker(Results& results) : results_(results) {}

  void root(const json& doc, bool sentinel_key) {
    if (doc.is_array())
      fail("the top level is an array, expected an object with \"benchmarks\"");
    if (!doc.is_object()) fail("the top level is not a JSON object");
    if (sentinel_key) fail("a bare NaN/Infinity token used as an object key");
    if (const auto c = doc.find("context"); c != doc.end()) {
      if (!c->is_object()) wrong("\"context\"", *c, "an object");
      context(*c);
    }
    const auto b = doc.find("benchmarks");
    if (b == doc.end()) fail("no \"benchmarks\" array");
    if (!b->is_array()) wrong("\"benchmarks\"", *b, "an array");
    for (const json& r : *b) row(r);
    if (results_.rows.empty()) fail("the \"benchmarks\" array is empty");
  }

 private:
  [[noreturn]] void fail(std::string_view problem) const {
    throw ResultsError(
        fmt::format("{}: {}", printable(results_.path), problem));
  }
  // "<what> is a string, expected a number".
  [[noreturn]] void wrong(std::string_view what, const json& v,
                          std::string_view expected) const {
    fail(fmt::format("{} is {}, expected {}", what, json_type_phrase(v),
                     expected));
  }
  // "benchmarks[3] (BM_X): ", without the name until it is known.
  std::string row_prefix() const {
    if (row_.name.empty()) return fmt::format("benchmarks[{}]: ", row_index_);
    return fmt::format("benchmarks[{}] ({}): ", row_index_,
                       printable(row_.name));
  }
  [[noreturn]] void fail_row(std::string_view problem) const {
    fail(row_prefix() + std::string(problem));
  }

  // Reads `v` into `out` or fails naming `what`. With `scalar`, an object or
  // an array is "expected a scalar" whatever `out` is.
  template <class T>
  void read(std::string_view what, const json& v, T& out, bool scalar) const {
    if (scalar && v.is_structured()) wrong(what, v, "a scalar");
    const auto value = as<T>(v);
    if (!value) wrong(what, v, kExpected<T>);
    out = *value;
  }
  template <class T>
  void read(std::string_view what, const json& v, std::optional<T>& out,
            bool scalar) const {
    read(what, v, out.emplace(), scalar);
  }
  // Reads the field of `out` that `key` names; nullptr when it names none.
  template <class Owner, std::size_t N>
  const Field<Owner>* read_field(const Field<Owner> (&fields)[N],
                                 const std::string& key, std::string_view what,
                                 const json& v, Owner& out,
                                 bool scalar = true) const {
    for (const Field<Owner>& field : fields) {
      if (field.first != key) continue;
      std::visit([&](auto m) { read(what, v, out.*m, scalar); }, field.second);
      return &field;
    }
    return nullptr;
  }

  void context(const json& c);
  void row(const json& r);

  Results& results_;
  Row row_;
  std::size_t row_index_ = 0;
};

void Walker::context(const json& c) {
  Context& out = results_.context;
  for (const auto& [key, v] : c.items()) {
    const std::string what = "context." + printable(key);
    if (read_field(kContextFields, key, what, v, out)) continue;
    if (key != "caches" && key != "load_avg") {
      out.custom.emplace_back(key, as_text(v));
      continue;
    }
    if (!v.is_array()) wrong(what, v, "an array");
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (key == "load_avg") {
        const auto x = as<double>(v[i]);
        if (!x || v[i].is_null())
          fail(fmt::format("context.load_avg holds {}, expected numbers",
                           json_type_phrase(v[i])));
        out.load_avg.push_back(*x);
        continue;
      }
      const std::string cache = fmt::format("context.caches[{}]", i);
      if (!v[i].is_object()) wrong(cache, v[i], "an object");
      CacheInfo& info = out.caches.emplace_back();
      for (const auto& [k, field] : v[i].items())
        read_field(kCacheFields, k, fmt::format("{}.{}", cache, k), field, info,
                   false);
    }
  }
}

void Walker::row(const json& r) {
  if (!r.is_object())
    wrong(fmt::format("benchmarks[{}]", row_index_), r, "an object");
  row_ = Row{};
  // The name first, so every later message can carry it.
  if (const auto n = r.find("name"); n != r.end()) {
    read(row_prefix() + "name", *n, row_.name, false);
    if (row_.name.empty()) fail_row("name is empty");
  }
  bool have_real = false, have_cpu = false, have_run_type = false;
  for (const auto& [key, v] : r.items()) {
    if (key == "name") continue;
    const std::string what = row_prefix() + printable(key);
    if (key == "run_type") {
      std::string type;
      read(what, v, type, true);
      if (type != "iteration" && type != "aggregate")
        fail_row(
            fmt::format("run_type is '{}', expected iteration or aggregate",
                        printable(type)));
      row_.run_type =
          type == "iteration" ? RunType::kIteration : RunType::kAggregate;
      have_run_type = true;
      continue;
    }
    const Field<Row>* field = read_field(kRowFields, key, what, v, row_);
    if (field == nullptr) {
      // Other numbers are counters; strings, booleans, nulls and nested values
      // are dropped.
      if (v.is_number()) row_.counters.emplace_back(key, v.get<double>());
      continue;
    }
    const auto n = std::get_if<std::int64_t Row::*>(&field->second);
    if (const std::int64_t min = key == "threads" ? 1 : 0; n && row_.**n < min)
      fail_row(
          fmt::format("{} is {}, expected at least {}", key, row_.**n, min));
    if (key == "time_unit" && !nanoseconds_per(row_.time_unit))
      fail_row(fmt::format("time_unit is '{}', expected ns, us, ms or s",
                           printable(row_.time_unit)));
    have_real |= key == "real_time";
    have_cpu |= key == "cpu_time";
  }
  if (row_.name.empty()) fail_row("no \"name\"");
  if (!have_run_type && !row_.aggregate_name.empty())
    row_.run_type = RunType::kAggregate;
  if (row_.run_name.empty()) {
    row_.run_name = row_.name;
    const std::string suffix = "_" + row_.aggregate_name;
    if (!row_.is_iteration() && !row_.aggregate_name.empty() &&
        row_.name.size() > suffix.size() && row_.name.ends_with(suffix)) {
      row_.run_name.resize(row_.name.size() - suffix.size());
    }
  }
  const bool usable =
      row_.is_iteration() && !row_.error_occurred && !row_.skipped;
  if (usable && !have_real) fail_row("no \"real_time\"");
  if (usable && !have_cpu) fail_row("no \"cpu_time\"");
  if (!have_real) row_.real_time = kNaN;
  if (!have_cpu) row_.cpu_time = kNaN;
  // Percentage aggregates (cv) and RMS are ratios: only time values carry the
  // unit.
  if (row_.aggregate_unit != "percentage") {
    const double scale = *nanoseconds_per(row_.time_unit);
    row_.real_time *= scale;
    row_.cpu_time *= scale;
    row_.cpu_coefficient *= scale;
    row_.real_coefficient *= scale;
  }
  results_.rows.push_back(std::move(row_));
  ++row_index_;
}

}  // namespace

Results parse_results(std::string_view text, std::string label) {
  Results results;
  results.path = std::move(label);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ResultsError(fmt::format("{}: empty file", printable(results.path)));
  }
  const BenchmarkJson parsed = parse_benchmark_json(text);
  if (!parsed.error.empty()) {
    throw ResultsError(
        fmt::format("{}: {}", printable(results.path), parsed.error));
  }
  Walker(results).root(parsed.doc, parsed.nonfinite_key);
  index_benchmarks(results);
  return results;
}

Results load_results(const std::string& path) {
  std::string text;
  try {
    text = read_text_file(path);
  } catch (const InputError& e) {
    throw ResultsError(e.what());
  }
  return parse_results(text, path);
}

}  // namespace benchtool
