#pragma once
// The metric vocabulary: what a metric name means. Counters carry their unit
// in their name (the convention of docs/BENCHMARKS.md); this is the one place
// that reads it (the rules and their named exceptions: the table in
// metric.cpp). compare, check, report and export all ask describe_metric().

#include <optional>
#include <string>
#include <string_view>

namespace benchtool {

enum class Direction { kUnknown, kLowerIsBetter, kHigherIsBetter };
enum class MetricKind { kTime, kRate, kBytes, kFraction, kCount };

struct MetricInfo {
  MetricKind kind = MetricKind::kCount;
  double ns_per_unit = 0;  // times: nanoseconds per unit of the value; else 0
  Direction direction = Direction::kUnknown;
  // The unit of an axis: "ns", "samples/s", "GFLOP/s", "bytes", "%", "count".
  std::string axis_unit;
};

MetricInfo describe_metric(std::string_view name);

inline Direction direction_from_name(std::string_view name) {
  return describe_metric(name).direction;
}
// Nanoseconds per unit of a time metric; 0 when the metric is not a time.
inline double metric_time_scale_ns(std::string_view name) {
  return describe_metric(name).ns_per_unit;
}
inline bool is_bytes_metric(std::string_view name) {
  return describe_metric(name).kind == MetricKind::kBytes;
}
inline bool is_fraction_metric(std::string_view name) {
  return describe_metric(name).kind == MetricKind::kFraction;
}

// "lower" / "higher" / "unknown"; parse_direction accepts "lower" and "higher".
std::string_view to_string(Direction direction);
std::optional<Direction> parse_direction(std::string_view text);

// Values as text. Non-finite values print "n/a" everywhere.
// "56.4 ns", "1.23 us", "12.3 ms", "4.20 s".
std::string format_duration_ns(double ns);
// Three significant digits with k/M/G/T suffixes: "1.5k", "12.3M", "0.25".
std::string format_si(double value);
// A metric's value with its unit: "1.23 us", "12.3k samples/s", "85.0%",
// "1.2 KiB" (1024-based, as allocators count), "0.25".
std::string format_metric_value(std::string_view name, double value);
// "+12.3%", "-0.4%", "0.0%".
std::string format_change(double fraction);
// A finite number, the whole text (std::from_chars), or nullopt.
std::optional<double> parse_number(std::string_view text);

// A display unit for a set of durations (chosen from their largest value) so
// a chart axis reads "time per stock (us)" with 1..999-sized numbers.
struct TimeScale {
  const char* unit;    // "ns", "us", "ms", "s"
  double ns_per_unit;  // divide nanoseconds by this
};
TimeScale time_scale_for(double max_ns);

}  // namespace benchtool
