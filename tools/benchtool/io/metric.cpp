#include "io/metric.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace benchtool {
namespace {

enum class Match { kExact, kPrefix, kSuffix, kContains };

// One line of the vocabulary (kExact: names separated by '|'). A name takes its
// kind (and time scale) from the first rule that matches and gives a kind, its
// direction from the first rule that matches and gives a direction.
struct Rule {
  Match match;
  std::string_view text;
  std::optional<MetricKind> kind;
  double ns_per_unit;
  std::optional<Direction> direction;
};

constexpr auto kTime = MetricKind::kTime;
constexpr auto kRate = MetricKind::kRate;
constexpr auto kBytes = MetricKind::kBytes;
constexpr auto kFraction = MetricKind::kFraction;
constexpr auto kLower = Direction::kLowerIsBetter;
constexpr auto kHigher = Direction::kHigherIsBetter;
constexpr auto kNone = Direction::kUnknown;
constexpr std::nullopt_t kAny = std::nullopt;

constexpr Rule kRules[] = {
    // Named exceptions (docs/BENCHMARKS.md, docs/MODEL_QUALITY.md). baseline_*
    // describe the data, not the build; agreement_with_reference is a largest
    // difference; remapped_fraction, *imbalance, requests and retries are
    // costs; allocs_per_iter and net_heap_growth come from Google Benchmark's
    // memory manager (max_bytes_used and total_allocated_bytes follow *bytes*).
    {Match::kPrefix, "baseline_", kAny, 0, kNone},
    {Match::kExact,
     "accuracy|balanced_accuracy|macro_f1|top_k_precision|buy_excess_return|"
     "supported_users_2s_think",
     kAny, 0, kHigher},
    {Match::kExact,
     "log_loss|agreement_with_reference|remapped_fraction|requests|"
     "retries_per_request|allocs_per_iter",
     kAny, 0, kLower},
    {Match::kExact, "net_heap_growth", kBytes, 0, kLower},
    {Match::kSuffix, "imbalance", kAny, 0, kLower},
    // The unit in the name. Rates before bytes: bytes_per_second is a rate.
    {Match::kExact, "real_time|cpu_time|cpu_ns_per_request", kTime, 1, kLower},
    {Match::kPrefix, "ns_per_", kTime, 1, kLower},
    {Match::kSuffix, "_per_second", kRate, 0, kHigher},
    {Match::kSuffix, "_per_second_wall", kRate, 0, kHigher},
    {Match::kExact, "gflops", kRate, 0, kHigher},
    {Match::kSuffix, "_ns", kTime, 1, kLower},
    {Match::kSuffix, "_us", kTime, 1e3, kLower},
    {Match::kSuffix, "_ms", kTime, 1e6, kLower},
    {Match::kSuffix, "_seconds", kTime, 1e9, kLower},
    {Match::kContains, "bytes", kBytes, 0, kLower},
    {Match::kSuffix, "hit_rate", kFraction, 0, kHigher},
    {Match::kSuffix, "error_rate", kFraction, 0, kLower},
    {Match::kSuffix, "_rate", kFraction, 0, kAny},
    {Match::kSuffix, "_fraction", kFraction, 0, kHigher},
};

bool matches(const Rule& rule, std::string_view name) {
  switch (rule.match) {
    case Match::kExact:  // one of the '|'-separated names
      for (std::string_view rest = rule.text;;) {
        const auto bar = rest.find('|');
        if (rest.substr(0, bar) == name) return true;
        if (bar == std::string_view::npos) return false;
        rest.remove_prefix(bar + 1);
      }
    case Match::kPrefix:
      return name.starts_with(rule.text);
    case Match::kSuffix:
      return name.ends_with(rule.text);
    case Match::kContains:
      break;
  }
  return name.find(rule.text) != std::string_view::npos;
}

// The word a rate counts: "samples_per_second" -> "samples".
std::string rate_noun(std::string_view name) {
  std::string_view noun = name.substr(0, name.find("_per_second"));
  if (const auto pos = noun.rfind('_'); pos != std::string_view::npos)
    noun = noun.substr(pos + 1);
  return std::string(noun);
}

std::string axis_unit(std::string_view name, const MetricInfo& m) {
  switch (m.kind) {
    case MetricKind::kTime:
      return time_scale_for(m.ns_per_unit).unit;
    case MetricKind::kRate:
      return name == "gflops" ? "GFLOP/s" : rate_noun(name) + "/s";
    case MetricKind::kBytes:
      return "bytes";
    case MetricKind::kFraction:
      return "%";
    case MetricKind::kCount:
      break;
  }
  return "count";
}

// Three significant digits, no exponent, no ".0" noise for values >= 100.
std::string three_digits(double v) {
  const double a = std::fabs(v);
  if (a < 0.9995 && a != 0) return fmt::format("{:.3g}", v);
  if (a >= 100 || a == 0) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

std::string format_bytes(double bytes) {
  if (!std::isfinite(bytes)) return "n/a";
  const double a = std::fabs(bytes);
  if (a < 1024) return fmt::format("{:.0f} B", bytes);
  if (a < 1024.0 * 1024) return three_digits(bytes / 1024) + " KiB";
  if (a < 1024.0 * 1024 * 1024)
    return three_digits(bytes / (1024.0 * 1024)) + " MiB";
  return three_digits(bytes / (1024.0 * 1024 * 1024)) + " GiB";
}

}  // namespace

MetricInfo describe_metric(std::string_view name) {
  MetricInfo info;
  bool have_kind = false, have_direction = false;
  for (const Rule& rule : kRules) {
    if ((have_kind || !rule.kind) && (have_direction || !rule.direction))
      continue;
    if (!matches(rule, name)) continue;
    if (!have_kind && rule.kind) {
      info.kind = *rule.kind;
      info.ns_per_unit = rule.ns_per_unit;
      have_kind = true;
    }
    if (!have_direction && rule.direction) {
      info.direction = *rule.direction;
      have_direction = true;
    }
  }
  info.axis_unit = axis_unit(name, info);
  return info;
}

std::string_view to_string(Direction direction) {
  constexpr std::string_view kNames[] = {"unknown", "lower", "higher"};
  return kNames[static_cast<int>(direction)];
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "lower") return Direction::kLowerIsBetter;
  if (text == "higher") return Direction::kHigherIsBetter;
  return std::nullopt;
}

std::string format_duration_ns(double ns) {
  if (!std::isfinite(ns)) return "n/a";
  const TimeScale ts = time_scale_for(std::fabs(ns) * (1000.0 / 999.5));
  return fmt::format("{} {}", three_digits(ns / ts.ns_per_unit), ts.unit);
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

std::string format_metric_value(std::string_view name, double value) {
  if (!std::isfinite(value)) return "n/a";
  const MetricInfo m = describe_metric(name);
  switch (m.kind) {
    case MetricKind::kTime:
      return format_duration_ns(value * m.ns_per_unit);
    case MetricKind::kRate:
      return fmt::format(
          "{} {}", name == "gflops" ? three_digits(value) : format_si(value),
          m.axis_unit);
    case MetricKind::kBytes:
      return format_bytes(value);
    case MetricKind::kFraction:
      return three_digits(value * 100) + "%";
    case MetricKind::kCount:
      break;
  }
  return format_si(value);
}

std::string format_change(double fraction) {
  if (!std::isfinite(fraction)) return "n/a";
  if (std::fabs(fraction) < 0.0005) return "0.0%";
  return fmt::format("{:+.1f}%", fraction * 100);
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

TimeScale time_scale_for(double max_ns) {
  if (max_ns >= 1e9) return {"s", 1e9};
  if (max_ns >= 1e6) return {"ms", 1e6};
  if (max_ns >= 1e3) return {"us", 1e3};
  return {"ns", 1.0};
}

}  // namespace benchtool
