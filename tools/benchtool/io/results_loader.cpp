// Loads Google Benchmark JSON: the non-finite pre-pass (json_nonfinite.hpp),
// one nlohmann DOM parse (ordered, so counters and custom context keep file
// order; a repeated key keeps its last value), then a walk that fills the
// model and names the first problem it meets.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/json_file.hpp"
#include "io/json_nonfinite.hpp"
#include "io/printable.hpp"
#include "io/results.hpp"

namespace benchtool {
namespace {

using json = nlohmann::ordered_json;

bool is_sentinel(const json& v) {
  return v.is_string() &&
         nonfinite_sentinel_value(v.get_ref<const std::string&>());
}

std::string type_name(const json& v) {
  if (v.is_number() || is_sentinel(v)) return "a number";
  return std::string(json_type_phrase(v));
}

// Numbers and the NaN / Infinity tokens; null (what JSON writers emit for NaN)
// reads as NaN.
std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (v.is_string())
    return nonfinite_sentinel_value(v.get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u >
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    // Some writers print integers as 1e+06; accept them when whole and in
    // range.
    const double f = v.get<double>();
    if (std::isfinite(f) && f == std::floor(f) && std::fabs(f) < 9e18)
      return static_cast<std::int64_t>(f);
  }
  return std::nullopt;
}

// A custom context value as text: strings as they are, nested values elided.
std::string as_text(const json& v) {
  if (v.is_object()) return "{...}";
  if (v.is_array()) return "[...]";
  if (is_sentinel(v)) return fmt::format("{}", *as_number(v));
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  return v.dump();
}

// A bare NaN/Infinity used as an object key anywhere in the file.
bool has_sentinel_key(const json& v) {
  if (v.is_object()) {
    for (const auto& [k, child] : v.items()) {
      if (nonfinite_sentinel_value(k) || has_sentinel_key(child)) return true;
    }
  } else if (v.is_array()) {
    for (const auto& child : v)
      if (has_sentinel_key(child)) return true;
  }
  return false;
}

class Walker {
 public:
  explicit Walker(Results& results) : results_(results) {}

  void root(const json& doc) {
    if (doc.is_array())
      fail("the top level is an array, expected an object with \"benchmarks\"");
    if (!doc.is_object()) fail("the top level is not a JSON object");
    if (has_sentinel_key(doc))
      fail("a bare NaN/Infinity token used as an object key");
    if (const auto c = doc.find("context"); c != doc.end()) {
      if (!c->is_object()) wrong_top("context", *c, "an object");
      context(*c);
    }
    const auto b = doc.find("benchmarks");
    if (b == doc.end()) fail("no \"benchmarks\" array");
    if (!b->is_array()) wrong_top("benchmarks", *b, "an array");
    for (const json& r : *b) row(r);
    if (results_.rows.empty()) fail("the \"benchmarks\" array is empty");
  }

 private:
  [[noreturn]] void fail(std::string_view problem) const {
    throw ResultsError(
        fmt::format("{}: {}", printable(results_.path), problem));
  }
  [[noreturn]] void wrong_top(std::string_view key, const json& v,
                              std::string_view expected) const {
    fail(fmt::format("\"{}\" is {}, expected {}", key, type_name(v), expected));
  }
  [[noreturn]] void wrong_context(std::string_view key, const json& v,
                                  std::string_view expected) const {
    fail(fmt::format("context.{} is {}, expected {}", printable(key),
                     type_name(v), expected));
  }
  [[noreturn]] void fail_row(std::string_view problem) const {
    if (!row_.name.empty()) {
      fail(fmt::format("benchmarks[{}] ({}): {}", row_index_,
                       printable(row_.name), problem));
    }
    fail(fmt::format("benchmarks[{}]: {}", row_index_, problem));
  }
  [[noreturn]] void wrong_field(std::string_view key, const json& v,
                                std::string_view expected) const {
    fail_row(fmt::format("{} is {}, expected {}", printable(key), type_name(v),
                         expected));
  }

  void context(const json& c);
  void caches(const json& list);
  void row(const json& r);
  bool row_field(const std::string& key, const json& v);
  void finish_row(bool have_real, bool have_cpu, bool have_run_type);

  std::string string_field(const std::string& key, const json& v) const {
    if (!v.is_string() || is_sentinel(v)) wrong_field(key, v, "a string");
    return v.get<std::string>();
  }
  double number_field(const std::string& key, const json& v) const {
    const auto n = as_number(v);
    if (!n) wrong_field(key, v, "a number");
    return *n;
  }
  std::int64_t integer_field(const std::string& key, const json& v,
                             std::int64_t min) const {
    const auto n = as_integer(v);
    if (!n) wrong_field(key, v, "an integer");
    if (*n < min)
      fail_row(fmt::format("{} is {}, expected at least {}", key, *n, min));
    return *n;
  }
  bool bool_field(const std::string& key, const json& v) const {
    if (!v.is_boolean()) wrong_field(key, v, "a boolean");
    return v.get<bool>();
  }

  Results& results_;
  Row row_;
  std::size_t row_index_ = 0;
};

void Walker::context(const json& c) {
  Context& out = results_.context;
  for (const auto& [key, v] : c.items()) {
    std::string* text = key == "date"                 ? &out.date
                        : key == "host_name"          ? &out.host_name
                        : key == "executable"         ? &out.executable
                        : key == "library_build_type" ? &out.library_build_type
                                                      : nullptr;
    const bool known = text || key == "num_cpus" || key == "mhz_per_cpu" ||
                       key == "cpu_scaling_enabled";
    if (known && v.is_structured()) wrong_context(key, v, "a scalar");
    if (text) {
      if (!v.is_string() || is_sentinel(v)) wrong_context(key, v, "a string");
      *text = v.get<std::string>();
    } else if (key == "num_cpus") {
      const auto n = as_integer(v);
      if (!n) wrong_context(key, v, "an integer");
      out.num_cpus = *n;
    } else if (key == "mhz_per_cpu") {
      const auto n = as_number(v);
      if (!n) wrong_context(key, v, "a number");
      out.mhz_per_cpu = *n;
    } else if (key == "cpu_scaling_enabled") {
      if (!v.is_boolean()) wrong_context(key, v, "a boolean");
      out.cpu_scaling_enabled = v.get<bool>();
    } else if (key == "caches") {
      caches(v);
    } else if (key == "load_avg") {
      if (!v.is_array()) wrong_context(key, v, "an array");
      for (const json& n : v) {
        const auto x = as_number(n);
        if (!x || n.is_null())
          fail(fmt::format("context.load_avg holds {}, expected numbers",
                           type_name(n)));
        out.load_avg.push_back(*x);
      }
    } else {
      out.custom.emplace_back(key, as_text(v));
    }
  }
}

void Walker::caches(const json& list) {
  if (!list.is_array()) wrong_context("caches", list, "an array");
  std::size_t i = 0;
  for (const json& c : list) {
    if (!c.is_object())
      fail(fmt::format("context.caches[{}] is {}, expected an object", i,
                       type_name(c)));
    CacheInfo& cache = results_.context.caches.emplace_back();
    for (const auto& [key, v] : c.items()) {
      if (key == "type") {
        if (!v.is_string() || is_sentinel(v))
          fail(fmt::format("context.caches[{}].type is {}, expected a string",
                           i, type_name(v)));
        cache.type = v.get<std::string>();
        continue;
      }
      std::int64_t* field = key == "level"         ? &cache.level
                            : key == "size"        ? &cache.size
                            : key == "num_sharing" ? &cache.num_sharing
                                                   : nullptr;
      if (field == nullptr) continue;
      const auto n = as_integer(v);
      if (!n)
        fail(fmt::format("context.caches[{}].{} is {}, expected an integer", i,
                         key, type_name(v)));
      *field = *n;
    }
    ++i;
  }
}

void Walker::row(const json& r) {
  if (!r.is_object())
    fail(fmt::format("benchmarks[{}] is {}, expected an object", row_index_,
                     type_name(r)));
  row_ = Row{};
  // The name first, so every later message can carry it.
  if (const auto n = r.find("name"); n != r.end()) {
    row_.name = string_field("name", *n);
    if (row_.name.empty()) fail_row("name is empty");
  }
  bool have_real = false, have_cpu = false, have_run_type = false;
  for (const auto& [key, v] : r.items()) {
    if (key == "name") continue;
    if (!row_field(key, v)) {
      // Unknown strings, booleans, nulls and nested values are dropped.
      if (v.is_number() || is_sentinel(v))
        row_.counters.emplace_back(key, *as_number(v));
      continue;
    }
    have_real |= key == "real_time";
    have_cpu |= key == "cpu_time";
    have_run_type |= key == "run_type";
  }
  finish_row(have_real, have_cpu, have_run_type);
  ++row_index_;
}

// The row fields of the model, by JSON key and type.
template <class T>
using Fields = std::initializer_list<std::pair<std::string_view, T Row::*>>;
const Fields<std::string> kTextFields = {
    {"run_name", &Row::run_name},
    {"aggregate_name", &Row::aggregate_name},
    {"aggregate_unit", &Row::aggregate_unit},
    {"error_message", &Row::error_message},
    {"skip_message", &Row::skip_message},
    {"label", &Row::label},
    {"big_o", &Row::big_o},
    {"time_unit", &Row::time_unit}};
const Fields<double> kNumberFields = {
    {"real_time", &Row::real_time},
    {"cpu_time", &Row::cpu_time},
    {"rms", &Row::rms},
    {"cpu_coefficient", &Row::cpu_coefficient},
    {"real_coefficient", &Row::real_coefficient}};
const Fields<std::int64_t> kIntegerFields = {
    {"iterations", &Row::iterations},
    {"repetition_index", &Row::repetition_index},
    {"benchtool_run", &Row::run},
    {"repetitions", &Row::repetitions},
    {"family_index", &Row::family_index},
    {"per_family_instance_index", &Row::per_family_instance_index}};
const Fields<bool> kBoolFields = {{"error_occurred", &Row::error_occurred},
                                  {"skipped", &Row::skipped}};

template <class T>
T Row::*find_field(const Fields<T>& fields, std::string_view key) {
  for (const auto& [name, field] : fields) {
    if (name == key) return field;
  }
  return nullptr;
}

// Fills the model field `key` names; false when it names none (a counter).
bool Walker::row_field(const std::string& key, const json& v) {
  const auto text = find_field(kTextFields, key);
  const auto number = find_field(kNumberFields, key);
  const auto integer = find_field(kIntegerFields, key);
  const auto flag = find_field(kBoolFields, key);
  if (!text && !number && !integer && !flag && key != "threads" &&
      key != "run_type")
    return false;
  if (v.is_structured()) wrong_field(key, v, "a scalar");
  Row& r = row_;
  if (text) {
    r.*text = string_field(key, v);
  } else if (number) {
    r.*number = number_field(key, v);
  } else if (integer) {
    r.*integer = integer_field(key, v, 0);
  } else if (flag) {
    r.*flag = bool_field(key, v);
  } else if (key == "threads") {
    r.threads = integer_field(key, v, 1);
  } else {  // run_type
    const std::string type = string_field(key, v);
    if (type != "iteration" && type != "aggregate")
      fail_row(fmt::format("run_type is '{}', expected iteration or aggregate",
                           printable(type)));
    r.run_type =
        type == "iteration" ? RunType::kIteration : RunType::kAggregate;
  }
  if (key == "time_unit" && !nanoseconds_per(r.time_unit))
    fail_row(fmt::format("time_unit is '{}', expected ns, us, ms or s",
                         printable(r.time_unit)));
  return true;
}

void Walker::finish_row(bool have_real, bool have_cpu, bool have_run_type) {
  Row& r = row_;
  if (r.name.empty()) fail_row("no \"name\"");
  if (!have_run_type && !r.aggregate_name.empty())
    r.run_type = RunType::kAggregate;
  if (r.run_name.empty()) {
    r.run_name = r.name;
    const std::string suffix = "_" + r.aggregate_name;
    if (!r.is_iteration() && !r.aggregate_name.empty() &&
        r.name.size() > suffix.size() && r.name.ends_with(suffix)) {
      r.run_name.resize(r.name.size() - suffix.size());
    }
  }
  const bool usable = r.is_iteration() && !r.error_occurred && !r.skipped;
  if (usable && !have_real) fail_row("no \"real_time\"");
  if (usable && !have_cpu) fail_row("no \"cpu_time\"");
  if (!have_real) r.real_time = std::numeric_limits<double>::quiet_NaN();
  if (!have_cpu) r.cpu_time = std::numeric_limits<double>::quiet_NaN();
  // Percentage aggregates (cv) and RMS are ratios: only time values carry the
  // unit.
  if (r.aggregate_unit != "percentage") {
    const double scale = *nanoseconds_per(r.time_unit);
    r.real_time *= scale;
    r.cpu_time *= scale;
    r.cpu_coefficient *= scale;
    r.real_coefficient *= scale;
  }
  results_.rows.push_back(std::move(r));
}

// The DOM builder, keeping the position and message of the first error
// (syntax errors, and numbers out of range, which nlohmann reports without a
// position when it throws).
struct DomBuilder : nlohmann::detail::json_sax_dom_parser<json> {
  using json_sax_dom_parser::json_sax_dom_parser;
  std::size_t byte = 0;
  std::string message;
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const Exception& ex) {
    byte = position;
    message = ex.what();
    return false;
  }
};

// "not valid JSON at line L, column C: ...", the position in the original
// text (before the non-finite rewrite).
std::string parse_problem(const DomBuilder& dom,
                          const NonFiniteRewrite& rewrite,
                          std::string_view original) {
  std::string_view what = dom.message;
  if (const auto col = what.find("column "); col != std::string_view::npos) {
    if (const auto colon = what.find(": ", col);
        colon != std::string_view::npos)
      what.remove_prefix(colon + 2);
  } else if (const auto close = what.find("] ");
             close != std::string_view::npos) {
    what.remove_prefix(close + 2);  // "[json.exception.out_of_range.406] "
  }
  const std::size_t offset =
      std::min(rewrite.original_offset(dom.byte > 0 ? dom.byte - 1 : 0),
               original.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (original[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return fmt::format("not valid JSON at line {}, column {}: {}", line,
                     offset - line_start + 1, printable(what, 200));
}

}  // namespace

Results parse_results(std::string_view text, std::string label) {
  Results results;
  results.path = std::move(label);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ResultsError(fmt::format("{}: empty file", printable(results.path)));
  }
  const NonFiniteRewrite rewrite(text);
  json doc;
  DomBuilder dom(doc, /*allow_exceptions=*/false);
  const std::string_view input = rewrite.text();
  if (!json::sax_parse(input.begin(), input.end(), &dom)) {
    throw ResultsError(fmt::format("{}: {}", printable(results.path),
                                   parse_problem(dom, rewrite, text)));
  }
  Walker(results).root(doc);
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
