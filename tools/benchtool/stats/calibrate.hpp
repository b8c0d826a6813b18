#pragma once
// Calibration of the A/B gate on this machine: one binary run A/A, interleaved
// as `ab` runs it, and per benchmark the noise the gate has to see through:
// the spread between runs (processes), the spread within a run, whether the
// run values fall into separate groups, and the minimal detectable effect of a
// gate of `gate_rounds` rounds; from which a thresholds file follows.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "io/results.hpp"

namespace benchtool {

struct CalibrateOptions {
  std::string metric = "real_time";
  std::size_t gate_rounds = 12;  // runs per side of the gate the MDE is for
  double alpha = 0.05;           // Holm over every calibrated benchmark
  double power = 0.95;
  double min_threshold = 0.05;  // no benchmark gets a smaller threshold
  double margin = 1.25;         // threshold = MDE x margin, rounded up to 1%
};

struct Calibration {
  std::string name;
  std::size_t runs = 0;
  double median = 0;                 // of the run values
  std::optional<double> between_cv;  // sd of log run values
  std::optional<double> within_cv;   // median over runs of their cv
  bool multimodal = false;
  std::optional<double> mde;  // infinite when not detectable at all
  double threshold = 0;       // what the thresholds file gives it
};

// Per benchmark of `base` (and `next`: the two A/A sides, merged with run
// ids), in base order; benchmarks without two usable runs a side are left out.
std::vector<Calibration> calibrate(const Results& base, const Results& next,
                                   const CalibrateOptions& options);

// Whether sorted log run values split at a gap wider than 1.5 between-run
// standard deviations and 5 within-run cvs, with at least 2 runs (and 10%)
// on each side of it.
bool looks_multimodal(std::vector<double> run_values, double within_cv);

// {"description": ..., "thresholds": [{"benchmark": "^name$", "metric": ...,
// "threshold": 0.07, "note": ...}, ...]}: the format `--thresholds` reads.
std::string thresholds_json(const std::vector<Calibration>& calibrations,
                            const CalibrateOptions& options);

// `name` as a regex that matches exactly it.
std::string exact_name_regex(const std::string& name);

}  // namespace benchtool
