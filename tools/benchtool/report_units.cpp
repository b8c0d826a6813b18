#include "report_units.hpp"

#include <fmt/format.h>

#include <cmath>

#include "units.hpp"

namespace benchtool {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Three significant digits without a trailing ".0" noise for integers >= 100.
std::string three_digits(double v) {
  const double a = std::fabs(v);
  if (a >= 100 || a == 0) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  if (a >= 1) return fmt::format("{:.2f}", v);
  return fmt::format("{:.3g}", v);
}

// The word a rate counter counts: "samples_per_second" -> "samples".
std::string rate_noun(std::string_view name) {
  constexpr std::string_view kSuffix = "_per_second";
  std::string_view noun = name.substr(0, name.size() - kSuffix.size());
  const auto pos = noun.rfind('_');
  if (pos != std::string_view::npos) noun = noun.substr(pos + 1);
  return std::string(noun);
}

}  // namespace

UnitKind unit_of_counter(std::string_view name) {
  if (ends_with(name, "_ns")) return UnitKind::kNanoseconds;
  if (ends_with(name, "_per_second")) return UnitKind::kPerSecond;
  if (ends_with(name, "_seconds")) return UnitKind::kSeconds;
  if (name.find("bytes") != std::string_view::npos) return UnitKind::kBytes;
  if (ends_with(name, "_rate") || ends_with(name, "_fraction"))
    return UnitKind::kFraction;
  if (name == "gflops") return UnitKind::kGflops;
  return UnitKind::kPlain;
}

std::string format_si(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double a = std::fabs(value);
  if (a >= 1e12) return three_digits(value / 1e12) + "T";
  if (a >= 1e9) return three_digits(value / 1e9) + "G";
  if (a >= 1e6) return three_digits(value / 1e6) + "M";
  if (a >= 1e4) return three_digits(value / 1e3) + "k";
  return three_digits(value);
}

std::string format_counter(std::string_view name, double value) {
  if (!std::isfinite(value)) return "n/a";
  switch (unit_of_counter(name)) {
    case UnitKind::kNanoseconds:
      return format_duration_ns(value);
    case UnitKind::kSeconds:
      return format_duration_ns(value * 1e9);
    case UnitKind::kPerSecond:
      return fmt::format("{} {}/s", format_si(value), rate_noun(name));
    case UnitKind::kBytes:
      return format_bytes(value);
    case UnitKind::kFraction:
      return fmt::format("{}%", three_digits(value * 100));
    case UnitKind::kGflops:
      return fmt::format("{} GFLOP/s", three_digits(value));
    case UnitKind::kPlain:
      break;
  }
  return format_si(value);
}

TimeScale time_scale_for(double max_ns) {
  if (max_ns >= 1e9) return {"s", 1e9};
  if (max_ns >= 1e6) return {"ms", 1e6};
  if (max_ns >= 1e3) return {"us", 1e3};
  return {"ns", 1.0};
}

std::string axis_unit_of_counter(std::string_view name) {
  switch (unit_of_counter(name)) {
    case UnitKind::kNanoseconds:
      return "ns";
    case UnitKind::kSeconds:
      return "s";
    case UnitKind::kPerSecond:
      return rate_noun(name) + "/s";
    case UnitKind::kBytes:
      return "bytes";
    case UnitKind::kFraction:
      return "%";
    case UnitKind::kGflops:
      return "GFLOP/s";
    case UnitKind::kPlain:
      break;
  }
  return "count";
}

}  // namespace benchtool
