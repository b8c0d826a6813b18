#pragma once
// One side of a comparison: the usable values of a benchmark's metric in one
// results file (per repetition and, when the file has run ids, per run), with
// notes on what was left out; and the statistics `compare` computes from two
// sides before any verdict.

#include <string>
#include <string_view>
#include <vector>

#include "io/results.hpp"
#include "stats/compare.hpp"

namespace benchtool {

struct Side {
  const Benchmark* benchmark = nullptr;  // nullptr: the file lacks it
  std::vector<double> values;            // finite values, one per repetition
  // One value per run (the median of its repetitions); empty when a usable
  // repetition has no run id.
  std::vector<double> run_values;
  std::string
      note;  // "only aggregate rows", "2 NaN values left out", "skipped: ..."
  const Row* errored = nullptr;
  bool has_metric = false;  // before non-finite values were left out
  bool skipped = false;

  bool has_runs() const { return !run_values.empty(); }
};

Side read_side(const Results& results, const Benchmark* benchmark,
               std::string_view metric);

// The values compared for an entry of this unit.
const std::vector<double>& compared_values(const Side& side, SampleUnit unit);

// Fills unit, base, next, change, p_value, estimate, interval and spread.
void measure(MetricComparison& e, const Side& base, const Side& next,
             const CompareOptions& options);

}  // namespace benchtool
