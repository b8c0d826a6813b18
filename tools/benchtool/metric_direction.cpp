#include "metric_direction.hpp"

namespace benchtool {

Direction direction_from_name(std::string_view m) {
  // Model quality (docs/MODEL_QUALITY.md). agreement_with_reference is the
  // largest probability difference against the reference pass: lower is
  // better. baseline_* describe the data (majority rate, the generating
  // rule's accuracy), not the build: no direction.
  if (m.starts_with("baseline_")) return Direction::kUnknown;
  if (m == "accuracy" || m == "balanced_accuracy" || m == "macro_f1" ||
      m == "top_k_precision" || m == "buy_excess_return") {
    return Direction::kHigherIsBetter;
  }
  if (m == "log_loss" || m == "agreement_with_reference") {
    return Direction::kLowerIsBetter;
  }
  // Costs whose names would otherwise match a higher-is-better rule or none:
  // keys moved by a resize, load skew across workers, time per operation.
  if (m == "remapped_fraction" || m.ends_with("imbalance") ||
      m.starts_with("ns_per_")) {
    return Direction::kLowerIsBetter;
  }
  // Rates next: bytes_per_second is a throughput, higher-is-better despite
  // "bytes".
  if (m.ends_with("_per_second") || m.ends_with("_per_second_wall") ||
      m.ends_with("hit_rate") || m == "gflops" || m.ends_with("_fraction")) {
    return Direction::kHigherIsBetter;
  }
  if (m == "real_time" || m == "cpu_time" || m.ends_with("_ns") ||
      m.find("bytes") != std::string_view::npos || m.ends_with("error_rate") ||
      m.ends_with("_seconds")) {
    return Direction::kLowerIsBetter;
  }
  return Direction::kUnknown;
}

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::kLowerIsBetter:
      return "lower";
    case Direction::kHigherIsBetter:
      return "higher";
    case Direction::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "lower") return Direction::kLowerIsBetter;
  if (text == "higher") return Direction::kHigherIsBetter;
  return std::nullopt;
}

}  // namespace benchtool
