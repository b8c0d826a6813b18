#pragma once
// A/B runs: the base and new benchmark binaries run alternately (A B B A A B B
// A ...) so that drift on a shared machine (other jobs, thermal state,
// frequency) hits both sides alike; each side's runs are merged and compared
// with one value per run. And calibration of that gate on this machine: one
// binary run A/A and, per benchmark, the noise the gate has to see through and
// the thresholds a gate of `gate_rounds` rounds can resolve.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/results.hpp"

namespace benchtool {

struct AbOptions {
  std::string base_binary, new_binary;
  // Many short runs: the run (process) is the statistical unit; repetitions
  // inside one process are not independent (docs/CI.md).
  int rounds = 12;
  int repetitions = 1;
  // When > 0: as many rounds as fit this many seconds in all (at least
  // kMinBudgetRounds), planned again after every round, instead of `rounds`.
  double budget_seconds = 0;
  std::vector<std::string> benchmark_flags;  // passed to both binaries
  // --benchmark_min_time of every run unless benchmark_flags set one (or the
  // environment does, BENCHMARK_BENCHMARK_MIN_TIME): short
  // runs cost little more than start-up, and at 0.02 s the spread between
  // runs is that of 0.05 s (docs/CI.md, "Choosing --benchmark_min_time").
  std::string default_min_time = "0.02";
  std::string work_dir = "results/ab";  // holds a temporary run directory
  bool show_output = false;             // the binaries' stdout, to our stderr
};

// The fewest rounds --budget runs: 6 runs per side are needed for the U test to
// reach alpha / 17 (Holm over 17 benchmarks) at all.
inline constexpr int kMinBudgetRounds = 6;

// A typical round's duration: the median of the rounds after the first (which
// pays a new build's cold caches), or the first alone.
double typical_round(const std::vector<double>& round_seconds);

// --budget's plan: the rounds done plus as many as fit the rest of the budget
// at a typical round's duration, at least kMinBudgetRounds in all.
int rounds_left_in_budget(double budget_seconds, double elapsed_seconds,
                          const std::vector<double>& round_seconds);

// The run order: "AB" for even rounds, "BA" for odd ones ('A' base, 'B' new).
std::string ab_schedule(int rounds);

// The iteration rows of every run of one binary, in run order, with
// repetition_index renumbered 0..n-1 per benchmark, repetitions n and Row::run
// (`benchtool_run`) the run's index, so that `compare` takes one value per run;
// aggregates (of single runs) are dropped. The context is the first run's plus
// benchtool_merged_runs. Throws InputError for no runs.
Results merge_runs(const std::vector<Results>& runs, const std::string& path);

struct AbOutcome {
  Results base, next;
};

// Runs the schedule; `progress` gets one line per run (for stderr). Throws
// InputError for bad flags, a binary that cannot start or fails, and results
// that do not load.
AbOutcome run_ab(const AbOptions& options,
                 const std::function<void(const std::string&)>& progress);

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

// Per benchmark of both A/A sides (merged with run ids), in base order; those
// without two usable runs a side are left out.
std::vector<Calibration> calibrate(const Results& base, const Results& next,
                                   const CalibrateOptions& options);

// Whether sorted log run values split at a gap wider than 1.5 between-run
// standard deviations and 5 within-run cvs, with at least 2 runs (and 10%) on
// each side of it.
bool looks_multimodal(std::vector<double> run_values, double within_cv);

// The thresholds file `--thresholds` reads, one exact-name rule (`name` as a
// regex that matches exactly it) per benchmark.
std::string thresholds_json(const std::vector<Calibration>& calibrations,
                            const CalibrateOptions& options);
std::string exact_name_regex(const std::string& name);

}  // namespace benchtool
