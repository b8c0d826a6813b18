// Loads Google Benchmark JSON with nlohmann's SAX interface: rows are filled as
// the parser reads them, without building a DOM of the whole file (a
// 10,000-benchmark file with 9 repetitions is 40-60 MB; a DOM of it costs more
// than the comparison itself).

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "json_file.hpp"
#include "json_nonfinite.hpp"
#include "printable.hpp"
#include "results.hpp"

namespace benchtool {
namespace {

using json = nlohmann::json;

// One JSON scalar as the SAX callbacks deliver it.
struct Scalar {
  enum Kind { kNull, kBool, kInt, kUnsigned, kFloat, kString } kind = kNull;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;
  std::string* string = nullptr;

  const char* type_name() const {
    switch (kind) {
      case kNull:
        return "null";
      case kBool:
        return "a boolean";
      case kString:
        return nonfinite_sentinel_value(*string) ? "a number" : "a string";
      default:
        return "a number";
    }
  }

  // Numbers and the NaN / Infinity tokens; null (what JSON writers emit for
  // NaN) reads as NaN.
  std::optional<double> as_number() const {
    switch (kind) {
      case kInt:
        return static_cast<double>(integer);
      case kUnsigned:
        return static_cast<double>(unsigned_integer);
      case kFloat:
        return floating;
      case kNull:
        return std::numeric_limits<double>::quiet_NaN();
      case kString:
        return nonfinite_sentinel_value(*string);
      default:
        return std::nullopt;
    }
  }

  std::optional<std::int64_t> as_integer() const {
    switch (kind) {
      case kInt:
        return integer;
      case kUnsigned:
        if (unsigned_integer > static_cast<std::uint64_t>(
                                   std::numeric_limits<std::int64_t>::max())) {
          return std::nullopt;
        }
        return static_cast<std::int64_t>(unsigned_integer);
      case kFloat:
        // Some writers print integers as 1e+06; accept them when they are whole
        // and in range.
        if (std::isfinite(floating) && floating == std::floor(floating) &&
            std::fabs(floating) < 9e18) {
          return static_cast<std::int64_t>(floating);
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  std::string as_text() const {
    switch (kind) {
      case kNull:
        return "null";
      case kBool:
        return boolean ? "true" : "false";
      case kInt:
        return fmt::format("{}", integer);
      case kUnsigned:
        return fmt::format("{}", unsigned_integer);
      case kFloat:
        return fmt::format("{}", floating);
      case kString:
        if (const auto v = nonfinite_sentinel_value(*string))
          return fmt::format("{}", *v);
        return *string;
    }
    return {};
  }
};

// Where the parser is: one frame per open object or array.
enum class Frame {
  kRoot,        // the top-level object
  kContext,     // "context": {...}
  kCaches,      // "context": {"caches": [...]}
  kCache,       // one cache object
  kLoadAvg,     // "context": {"load_avg": [...]}
  kBenchmarks,  // "benchmarks": [...]
  kRow,         // one benchmark row
  kSkip,        // an unknown nested value, read and dropped
};

// The keys of a row the model has a field for; everything else is kOther (a
// counter if it is numeric). Dispatching on the length first keeps this off the
// profile of big files.
enum class RowKey {
  kOther,
  kName,
  kRunName,
  kRunType,
  kAggregateName,
  kAggregateUnit,
  kFamilyIndex,
  kPerFamilyInstanceIndex,
  kRepetitions,
  kRepetitionIndex,
  kBenchtoolRun,
  kThreads,
  kIterations,
  kRealTime,
  kCpuTime,
  kTimeUnit,
  kErrorOccurred,
  kErrorMessage,
  kSkipped,
  kSkipMessage,
  kLabel,
  kBigO,
  kRms,
  kCpuCoefficient,
  kRealCoefficient,
};

RowKey classify_row_key(std::string_view k) {
  switch (k.size()) {
    case 3:
      if (k == "rms") return RowKey::kRms;
      break;
    case 4:
      if (k == "name") return RowKey::kName;
      break;
    case 5:
      if (k == "big_o") return RowKey::kBigO;
      if (k == "label") return RowKey::kLabel;
      break;
    case 7:
      if (k == "threads") return RowKey::kThreads;
      if (k == "skipped") return RowKey::kSkipped;
      break;
    case 8:
      if (k == "run_name") return RowKey::kRunName;
      if (k == "run_type") return RowKey::kRunType;
      if (k == "cpu_time") return RowKey::kCpuTime;
      break;
    case 9:
      if (k == "real_time") return RowKey::kRealTime;
      if (k == "time_unit") return RowKey::kTimeUnit;
      break;
    case 10:
      if (k == "iterations") return RowKey::kIterations;
      break;
    case 11:
      if (k == "repetitions") return RowKey::kRepetitions;
      break;
    case 12:
      if (k == "family_index") return RowKey::kFamilyIndex;
      if (k == "skip_message") return RowKey::kSkipMessage;
      break;
    case 13:
      if (k == "error_message") return RowKey::kErrorMessage;
      if (k == "benchtool_run") return RowKey::kBenchtoolRun;
      break;
    case 14:
      if (k == "aggregate_name") return RowKey::kAggregateName;
      if (k == "aggregate_unit") return RowKey::kAggregateUnit;
      if (k == "error_occurred") return RowKey::kErrorOccurred;
      break;
    case 15:
      if (k == "cpu_coefficient") return RowKey::kCpuCoefficient;
      break;
    case 16:
      if (k == "repetition_index") return RowKey::kRepetitionIndex;
      if (k == "real_coefficient") return RowKey::kRealCoefficient;
      break;
    case 25:
      if (k == "per_family_instance_index")
        return RowKey::kPerFamilyInstanceIndex;
      break;
    default:
      break;
  }
  return RowKey::kOther;
}

class Loader {
 public:
  Loader(Results& results, const NonFiniteRewrite& rewrite,
         std::string_view original)
      : results_(results), rewrite_(rewrite), original_(original) {}

  void finish() {
    if (!seen_benchmarks_) fail("no \"benchmarks\" array");
    if (results_.rows.empty()) fail("the \"benchmarks\" array is empty");
  }

  // --- nlohmann SAX interface
  // -------------------------------------------------------------
  bool null() { return scalar(Scalar{}); }
  bool boolean(bool b) {
    Scalar s;
    s.kind = Scalar::kBool;
    s.boolean = b;
    return scalar(s);
  }
  bool number_integer(json::number_integer_t v) {
    Scalar s;
    s.kind = Scalar::kInt;
    s.integer = v;
    return scalar(s);
  }
  bool number_unsigned(json::number_unsigned_t v) {
    Scalar s;
    s.kind = Scalar::kUnsigned;
    s.unsigned_integer = v;
    return scalar(s);
  }
  bool number_float(json::number_float_t v, const json::string_t& /*text*/) {
    Scalar s;
    s.kind = Scalar::kFloat;
    s.floating = v;
    return scalar(s);
  }
  bool string(json::string_t& v) {
    Scalar s;
    s.kind = Scalar::kString;
    s.string = &v;
    return scalar(s);
  }
  bool binary(json::binary_t& /*v*/) {
    return scalar(Scalar{});
  }  // not produced by the text parser

  bool key(json::string_t& k) {
    if (nonfinite_sentinel_value(k))
      fail("a bare NaN/Infinity token used as an object key");
    key_.assign(k);  // reuses key_'s buffer: no allocation per key
    if (!frames_.empty() && frames_.back() == Frame::kRow) {
      row_key_ = classify_row_key(k);
    }
    return true;
  }

  bool start_object(std::size_t /*size*/) { return open(/*is_object=*/true); }
  bool start_array(std::size_t /*size*/) { return open(/*is_object=*/false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& ex) {
    // nlohmann's message reads "[json.exception.parse_error.101] parse error at
    // line 1, column 5: syntax error ..."; keep the part after the position,
    // which is relative to the rewritten text, and compute the position in the
    // original text.
    std::string_view what = ex.what();
    if (const auto col = what.find("column "); col != std::string_view::npos) {
      if (const auto colon = what.find(": ", col);
          colon != std::string_view::npos) {
        what.remove_prefix(colon + 2);
      }
    }
    const std::size_t offset =
        std::min(rewrite_.original_offset(position > 0 ? position - 1 : 0),
                 original_.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (original_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    fail(fmt::format("not valid JSON at line {}, column {}: {}", line,
                     offset - line_start + 1, printable(what, 200)));
  }

 private:
  [[noreturn]] void fail(std::string_view problem) const {
    throw ResultsError(
        fmt::format("{}: {}", printable(results_.path), problem));
  }

  [[noreturn]] void fail_at_key(std::string_view problem) const {
    if (frames_.empty()) fail(problem);
    switch (frames_.back()) {
      case Frame::kRow:
        fail_row(fmt::format("{} {}", printable(key_), problem));
      case Frame::kContext:
        fail(fmt::format("context.{} {}", printable(key_), problem));
      default:
        fail(fmt::format("\"{}\" {}", printable(key_), problem));
    }
  }

  [[noreturn]] void fail_row(std::string_view problem) const {
    if (have_name_) {
      fail(fmt::format("benchmarks[{}] ({}): {}", row_index_,
                       printable(row_.name), problem));
    }
    fail(fmt::format("benchmarks[{}]: {}", row_index_, problem));
  }

  [[noreturn]] void wrong_type(const char* actual, const char* expected) const {
    fail_at_key(fmt::format("is {}, expected {}", actual, expected));
  }

  bool open(bool is_object) {
    const char* actual = is_object ? "an object" : "an array";
    if (frames_.empty()) {
      if (!is_object)
        fail(
            "the top level is an array, expected an object with "
            "\"benchmarks\"");
      frames_.push_back(Frame::kRoot);
      return true;
    }
    switch (frames_.back()) {
      case Frame::kRoot:
        if (key_ == "context") {
          if (!is_object) wrong_type(actual, "an object");
          frames_.push_back(Frame::kContext);
        } else if (key_ == "benchmarks") {
          if (is_object) wrong_type(actual, "an array");
          if (seen_benchmarks_) fail("two \"benchmarks\" arrays");
          seen_benchmarks_ = true;
          frames_.push_back(Frame::kBenchmarks);
        } else {
          frames_.push_back(Frame::kSkip);
        }
        return true;
      case Frame::kContext:
        if (key_ == "caches") {
          if (is_object) wrong_type(actual, "an array");
          frames_.push_back(Frame::kCaches);
        } else if (key_ == "load_avg") {
          if (is_object) wrong_type(actual, "an array");
          frames_.push_back(Frame::kLoadAvg);
        } else if (is_known_context_key(key_)) {
          wrong_type(actual, "a scalar");
        } else {
          results_.context.custom.emplace_back(key_,
                                               is_object ? "{...}" : "[...]");
          frames_.push_back(Frame::kSkip);
        }
        return true;
      case Frame::kCaches:
        if (!is_object)
          fail(fmt::format("context.caches[{}] is an array, expected an object",
                           index_));
        results_.context.caches.emplace_back();
        frames_.push_back(Frame::kCache);
        return true;
      case Frame::kLoadAvg:
        fail(
            fmt::format("context.load_avg holds {}, expected numbers", actual));
      case Frame::kBenchmarks:
        if (!is_object)
          fail(fmt::format("benchmarks[{}] is an array, expected an object",
                           row_index_));
        row_ = Row{};
        have_name_ = have_real_time_ = have_cpu_time_ = have_run_type_ = false;
        frames_.push_back(Frame::kRow);
        return true;
      case Frame::kRow:
        if (row_key_ != RowKey::kOther) wrong_type(actual, "a scalar");
        frames_.push_back(Frame::kSkip);
        return true;
      case Frame::kCache:
      case Frame::kSkip:
        frames_.push_back(Frame::kSkip);
        return true;
    }
    return true;
  }

  bool close() {
    const Frame frame = frames_.back();
    frames_.pop_back();
    if (frame == Frame::kRow) {
      finish_row();
      ++row_index_;
    } else if (frame == Frame::kCache) {
      ++index_;
    } else if (frame == Frame::kCaches) {
      index_ = 0;
    }
    return true;
  }

  bool scalar(const Scalar& v) {
    if (frames_.empty()) fail("the top level is not a JSON object");
    switch (frames_.back()) {
      case Frame::kRoot:
        if (key_ == "context") wrong_type(v.type_name(), "an object");
        if (key_ == "benchmarks") wrong_type(v.type_name(), "an array");
        return true;
      case Frame::kContext:
        context_value(v);
        return true;
      case Frame::kCache:
        cache_value(v);
        return true;
      case Frame::kLoadAvg: {
        const auto n = v.as_number();
        if (!n || v.kind == Scalar::kNull) {
          fail(fmt::format("context.load_avg holds {}, expected numbers",
                           v.type_name()));
        }
        results_.context.load_avg.push_back(*n);
        return true;
      }
      case Frame::kCaches:
        fail(fmt::format("context.caches[{}] is {}, expected an object", index_,
                         v.type_name()));
      case Frame::kBenchmarks:
        fail(fmt::format("benchmarks[{}] is {}, expected an object", row_index_,
                         v.type_name()));
      case Frame::kRow:
        row_value(v);
        return true;
      case Frame::kSkip:
        return true;
    }
    return true;
  }

  static bool is_known_context_key(std::string_view k) {
    return k == "date" || k == "host_name" || k == "executable" ||
           k == "num_cpus" || k == "mhz_per_cpu" ||
           k == "cpu_scaling_enabled" || k == "library_build_type";
  }

  void context_value(const Scalar& v) {
    Context& c = results_.context;
    if (key_ == "date" || key_ == "host_name" || key_ == "executable" ||
        key_ == "library_build_type") {
      if (v.kind != Scalar::kString) wrong_type(v.type_name(), "a string");
      std::string& field = key_ == "date"         ? c.date
                           : key_ == "host_name"  ? c.host_name
                           : key_ == "executable" ? c.executable
                                                  : c.library_build_type;
      field = *v.string;
    } else if (key_ == "num_cpus") {
      const auto n = v.as_integer();
      if (!n) wrong_type(v.type_name(), "an integer");
      c.num_cpus = *n;
    } else if (key_ == "mhz_per_cpu") {
      const auto n = v.as_number();
      if (!n) wrong_type(v.type_name(), "a number");
      c.mhz_per_cpu = *n;
    } else if (key_ == "cpu_scaling_enabled") {
      if (v.kind != Scalar::kBool) wrong_type(v.type_name(), "a boolean");
      c.cpu_scaling_enabled = v.boolean;
    } else if (key_ == "caches" || key_ == "load_avg") {
      wrong_type(v.type_name(), "an array");
    } else {
      c.custom.emplace_back(key_, v.as_text());
    }
  }

  void cache_value(const Scalar& v) {
    CacheInfo& cache = results_.context.caches.back();
    if (key_ == "type") {
      if (v.kind != Scalar::kString) {
        fail(fmt::format("context.caches[{}].type is {}, expected a string",
                         index_, v.type_name()));
      }
      cache.type = *v.string;
      return;
    }
    std::int64_t* field = key_ == "level"         ? &cache.level
                          : key_ == "size"        ? &cache.size
                          : key_ == "num_sharing" ? &cache.num_sharing
                                                  : nullptr;
    if (field == nullptr) return;
    const auto n = v.as_integer();
    if (!n) {
      fail(fmt::format("context.caches[{}].{} is {}, expected an integer",
                       index_, key_, v.type_name()));
    }
    *field = *n;
  }

  std::string& string_field(const Scalar& v, std::string& field) {
    if (v.kind != Scalar::kString || nonfinite_sentinel_value(*v.string)) {
      wrong_type(v.type_name(), "a string");
    }
    // A copy, not a move: the parser reuses its token buffer for the next
    // string.
    field.assign(*v.string);
    return field;
  }

  double number_field(const Scalar& v) {
    const auto n = v.as_number();
    if (!n) wrong_type(v.type_name(), "a number");
    return *n;
  }

  std::int64_t integer_field(const Scalar& v, std::int64_t min) {
    const auto n = v.as_integer();
    if (!n) wrong_type(v.type_name(), "an integer");
    if (*n < min)
      fail_at_key(fmt::format("is {}, expected at least {}", *n, min));
    return *n;
  }

  bool bool_field(const Scalar& v) {
    if (v.kind != Scalar::kBool) wrong_type(v.type_name(), "a boolean");
    return v.boolean;
  }

  void row_value(const Scalar& v) {
    Row& r = row_;
    switch (row_key_) {
      case RowKey::kName:
        string_field(v, r.name);
        if (r.name.empty()) fail_row("name is empty");
        have_name_ = true;
        return;
      case RowKey::kRunName:
        string_field(v, r.run_name);
        return;
      case RowKey::kRealTime:
        r.real_time = number_field(v);
        have_real_time_ = true;
        return;
      case RowKey::kCpuTime:
        r.cpu_time = number_field(v);
        have_cpu_time_ = true;
        return;
      case RowKey::kTimeUnit:
        string_field(v, r.time_unit);
        if (!nanoseconds_per(r.time_unit)) {
          fail_row(fmt::format("time_unit is '{}', expected ns, us, ms or s",
                               printable(r.time_unit)));
        }
        return;
      case RowKey::kIterations:
        r.iterations = integer_field(v, 0);
        return;
      case RowKey::kRepetitionIndex:
        r.repetition_index = integer_field(v, 0);
        return;
      case RowKey::kBenchtoolRun:
        r.run = integer_field(v, 0);
        return;
      case RowKey::kRepetitions:
        r.repetitions = integer_field(v, 0);
        return;
      case RowKey::kThreads:
        r.threads = integer_field(v, 1);
        return;
      case RowKey::kFamilyIndex:
        r.family_index = integer_field(v, 0);
        return;
      case RowKey::kPerFamilyInstanceIndex:
        r.per_family_instance_index = integer_field(v, 0);
        return;
      case RowKey::kRunType: {
        std::string type;
        string_field(v, type);
        if (type == "iteration") {
          r.run_type = RunType::kIteration;
        } else if (type == "aggregate") {
          r.run_type = RunType::kAggregate;
        } else {
          fail_row(
              fmt::format("run_type is '{}', expected iteration or aggregate",
                          printable(type)));
        }
        have_run_type_ = true;
        return;
      }
      case RowKey::kAggregateName:
        string_field(v, r.aggregate_name);
        return;
      case RowKey::kAggregateUnit:
        string_field(v, r.aggregate_unit);
        return;
      case RowKey::kErrorOccurred:
        r.error_occurred = bool_field(v);
        return;
      case RowKey::kErrorMessage:
        string_field(v, r.error_message);
        return;
      case RowKey::kSkipped:
        r.skipped = bool_field(v);
        return;
      case RowKey::kSkipMessage:
        string_field(v, r.skip_message);
        return;
      case RowKey::kLabel:
        string_field(v, r.label);
        return;
      case RowKey::kBigO:
        string_field(v, r.big_o);
        return;
      case RowKey::kRms:
        r.rms = number_field(v);
        return;
      case RowKey::kCpuCoefficient:
        r.cpu_coefficient = number_field(v);
        return;
      case RowKey::kRealCoefficient:
        r.real_coefficient = number_field(v);
        return;
      case RowKey::kOther:
        break;
    }
    // Unknown strings, booleans and nulls are tolerated and dropped.
    const auto n = v.as_number();
    if (!n || v.kind == Scalar::kNull) return;
    for (auto& [name, value] : r.counters) {
      if (name ==
          key_) {  // a repeated key: the last one wins, as in a JSON object
        value = *n;
        return;
      }
    }
    r.counters.emplace_back(key_, *n);
  }

  void finish_row() {
    Row& r = row_;
    if (!have_name_) fail_row("no \"name\"");
    if (!have_run_type_ && !r.aggregate_name.empty())
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
    if (usable && !have_real_time_) fail_row("no \"real_time\"");
    if (usable && !have_cpu_time_) fail_row("no \"cpu_time\"");
    if (!have_real_time_)
      r.real_time = std::numeric_limits<double>::quiet_NaN();
    if (!have_cpu_time_) r.cpu_time = std::numeric_limits<double>::quiet_NaN();
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

  Results& results_;
  const NonFiniteRewrite& rewrite_;
  std::string_view original_;
  std::vector<Frame> frames_;
  std::string key_;
  RowKey row_key_ = RowKey::kOther;
  Row row_;
  std::size_t row_index_ = 0;
  std::size_t index_ = 0;  // position in context.caches
  bool seen_benchmarks_ = false;
  bool have_name_ = false, have_real_time_ = false, have_cpu_time_ = false,
       have_run_type_ = false;
};

}  // namespace

Results parse_results(std::string_view text, std::string label) {
  Results results;
  results.path = std::move(label);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ResultsError(fmt::format("{}: empty file", printable(results.path)));
  }
  const NonFiniteRewrite rewrite(text);
  Loader loader(results, rewrite, text);
  const std::string_view input = rewrite.text();
  json::sax_parse(input.begin(), input.end(), &loader);
  loader.finish();
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
