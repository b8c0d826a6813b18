#pragma once
// Whether a larger value of a metric is better or worse, from its name (the
// convention of docs/BENCHMARKS.md): times, *_ns, *bytes*, error_rate,
// *_seconds are lower-is-better;
// *_per_second, hit_rate, gflops, *_fraction are higher-is-better; anything
// else is unknown. Model quality: accuracy, balanced_accuracy, macro_f1,
// top_k_precision, buy_excess_return are higher-is-better; log_loss and
// agreement_with_reference (a max abs difference) lower-is-better;
// baseline_* have no direction.
// (*hit_rate and *error_rate also match prefixed names such as l1_hit_rate.)

#include <optional>
#include <string_view>

namespace benchtool {

enum class Direction { kUnknown, kLowerIsBetter, kHigherIsBetter };

Direction direction_from_name(std::string_view metric);

// "lower" / "higher" / "unknown".
std::string_view to_string(Direction direction);
// Accepts "lower" and "higher"; nullopt otherwise.
std::optional<Direction> parse_direction(std::string_view text);

}  // namespace benchtool
