#pragma once
// Human-readable values for tables. Times are nanoseconds in the model;
// counters carry their unit in their name (latency_p95_ns, bytes_per_inference,
// samples_per_second).

#include <string>
#include <string_view>

namespace benchtool {

// "56.4 ns", "1.23 us", "12.3 ms", "4.20 s".
std::string format_duration_ns(double ns);
// "512 B", "12.3 KiB", "4.00 MiB" (1024-based, as allocators count).
std::string format_bytes(double bytes);
// The value of `metric` with its unit when the name implies one, else 4
// significant digits with k/M/G for large values.
std::string format_metric_value(std::string_view metric, double value);
// "+12.3%", "-0.4%", "0.0%".
std::string format_change(double fraction);

// Nanoseconds per unit implied by a counter name (1 for real_time, cpu_time,
// *_ns; 1e3 for
// *_us; 1e6 for *_ms; 1e9 for *_seconds); 0 when the metric is not a time.
double metric_time_scale_ns(std::string_view metric);
bool is_bytes_metric(std::string_view metric);

}  // namespace benchtool
