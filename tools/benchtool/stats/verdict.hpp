#pragma once
// The verdict of one comparison entry and its reason, from the statistics
// measure() filled in (docs/CI.md, "Verdicts"):
//
// - run mode (both files carry run ids): `regressed` / `improved` when the
//   (Holm-adjusted) U test is significant and the Hodges-Lehmann estimate is
//   beyond the threshold in that direction; otherwise `inconclusive` when the
//   minimal detectable effect exceeds the threshold (the noise hides changes of
//   that size) or the interval reaches beyond the threshold; `unchanged` only
//   when the whole interval lies within the threshold.
// - pooled mode (files without run ids): compare.py's rule on the change of the
//   medians, as benchtool always did.

#include <cstddef>

#include "stats/compare.hpp"
#include "stats/compare_side.hpp"

namespace benchtool {

// `tests`: the number of p-values the Holm adjustment ran over (0 without it).
void decide(MetricComparison& e, const Side& base, const Side& next,
            const CompareOptions& options, std::size_t tests);

}  // namespace benchtool
