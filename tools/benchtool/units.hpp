#pragma once
// Human-readable numbers and units for report tables and chart axes. The unit
// of a counter follows from its name, the same convention as docs/BENCHMARKS.md
// (`*_ns`, `*_per_second`, `*bytes*`, `*_rate`, `*_fraction`, `*_seconds`).

#include <string>
#include <string_view>

namespace benchtool {

enum class UnitKind {
  kNanoseconds,  // durations stored in ns
  kSeconds,      // durations stored in s (e.g. virtual_api_seconds)
  kPerSecond,    // rates: value per second
  kBytes,
  kFraction,  // 0..1, shown as a percentage
  kGflops,
  kPlain,
};

UnitKind unit_of_counter(std::string_view counter_name);

// "1.23 µs", "45.6 ms", "2.00 s": picks the unit that keeps 1..999 digits.
std::string format_duration_ns(double ns);
// Three significant digits with k/M/G suffixes: "1.5k", "12.3M", "0.25".
std::string format_si(double value);
// A counter value with its unit: "12.3k samples/s", "85.0 %", "1.2 KiB".
std::string format_counter(std::string_view counter_name, double value);
// Signed percentage of a relative change: +0.123 -> "+12.3 %".
std::string format_change(double change);

// A display unit for a set of durations (chosen from their largest value) so
// a chart axis reads "time per stock (µs)" with 1..999-sized numbers.
struct TimeScale {
  const char* unit;    // "ns", "µs", "ms", "s"
  double ns_per_unit;  // divide nanoseconds by this
};
TimeScale time_scale_for(double max_ns);

// The unit shown in an axis label for a counter: "samples/s", "ns", "%".
std::string axis_unit_of_counter(std::string_view counter_name);

}  // namespace benchtool
