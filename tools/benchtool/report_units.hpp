#pragma once
// Units for the report's charts and cells, on top of units.hpp: the kind of
// a counter from its name (the convention of docs/BENCHMARKS.md: `*_ns`,
// `*_per_second`, `*bytes*`, `*_rate`, `*_fraction`, `*_seconds`), rates with
// their noun ("12.3k samples/s"), fractions as percentages, and the time unit
// an axis should use.

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

// Three significant digits with k/M/G suffixes: "1.5k", "12.3M", "0.25".
std::string format_si(double value);
// A counter value with its unit: "12.3k samples/s", "85.0 %", "1.2 KiB".
std::string format_counter(std::string_view counter_name, double value);

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
