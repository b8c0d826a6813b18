#include "units.hpp"

#include <fmt/format.h>

#include <cmath>

namespace benchtool {
namespace {

// Three significant digits without switching to exponent notation.
std::string three_digits(double v, std::string_view unit) {
  const double a = std::fabs(v);
  const int decimals = a < 10 ? 2 : a < 100 ? 1 : 0;
  return fmt::format("{:.{}f} {}", v, decimals, unit);
}

std::string non_finite(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "inf" : "-inf";
}

}  // namespace

std::string format_duration_ns(double ns) {
  if (!std::isfinite(ns)) return non_finite(ns);
  const double a = std::fabs(ns);
  if (a < 999.5) return three_digits(ns, "ns");
  if (a < 999.5e3) return three_digits(ns / 1e3, "us");
  if (a < 999.5e6) return three_digits(ns / 1e6, "ms");
  return three_digits(ns / 1e9, "s");
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return non_finite(bytes);
  const double a = std::fabs(bytes);
  if (a < 1024) return fmt::format("{:.0f} B", bytes);
  if (a < 1024.0 * 1024) return three_digits(bytes / 1024, "KiB");
  if (a < 1024.0 * 1024 * 1024)
    return three_digits(bytes / (1024.0 * 1024), "MiB");
  return three_digits(bytes / (1024.0 * 1024 * 1024), "GiB");
}

double metric_time_scale_ns(std::string_view m) {
  if (m == "real_time" || m == "cpu_time" || m.ends_with("_ns")) return 1;
  if (m.ends_with("_us")) return 1e3;
  if (m.ends_with("_ms")) return 1e6;
  if (m.ends_with("_seconds")) return 1e9;
  return 0;
}

bool is_bytes_metric(std::string_view m) {
  return m.find("bytes") != std::string_view::npos &&
         !m.ends_with("_per_second");
}

std::string format_metric_value(std::string_view metric, double value) {
  if (!std::isfinite(value)) return non_finite(value);
  if (const double scale = metric_time_scale_ns(metric); scale > 0)
    return format_duration_ns(value * scale);
  if (is_bytes_metric(metric)) return format_bytes(value);
  const double a = std::fabs(value);
  if (a >= 1e9) return fmt::format("{:.3g}G", value / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g}M", value / 1e6);
  if (a >= 1e4) return fmt::format("{:.3g}k", value / 1e3);
  return fmt::format("{:.4g}", value);
}

std::string format_change(double fraction) {
  if (!std::isfinite(fraction)) return non_finite(fraction);
  if (std::fabs(fraction) < 0.0005) return "0.0%";
  return fmt::format("{:+.1f}%", fraction * 100);
}

}  // namespace benchtool
