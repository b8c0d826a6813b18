#pragma once
// A/B runs: the base and new benchmark binaries run alternately (A B B A A B B
// A ...) so that drift on a shared machine (other jobs, thermal state,
// frequency) hits both sides alike; each run's repetition samples are merged
// per side and compared as usual.

#include <functional>
#include <string>
#include <vector>

#include "io/results.hpp"

namespace benchtool {

struct AbOptions {
  std::string base_binary;
  std::string new_binary;
  // Many short runs: the run (process) is the statistical unit, and
  // repetitions inside one process are not independent (docs/CI.md).
  int rounds = 12;
  int repetitions = 1;
  // When > 0: after the first round, run as many rounds as fit this many
  // seconds in all (at least kMinBudgetRounds), instead of `rounds`.
  double budget_seconds = 0;
  std::vector<std::string> benchmark_flags;  // passed to both binaries
  std::string work_dir =
      "results/ab";          // per-run files go in a temporary directory here
  bool show_output = false;  // the binaries' stdout, to our stderr
};

// The fewest rounds --budget runs: 6 runs per side are needed for the U test to
// reach alpha / 17 (Holm over 17 benchmarks) at all.
inline constexpr int kMinBudgetRounds = 6;

// Rounds that fit `budget_seconds` when one round takes `round_seconds`, at
// least kMinBudgetRounds.
int rounds_for_budget(double budget_seconds, double round_seconds);

// The run order: round r runs A then B when r is even, B then A when odd ('A'
// base, 'B' new).
std::string ab_schedule(int rounds);

// Merges runs of one binary into one results file: iteration rows of every run,
// in run order, repetition_index renumbered 0..n-1 per benchmark, repetitions
// set to n and Row::run (`benchtool_run`) set to the run's index, so that
// `compare` can take one value per run; aggregates are dropped (they summarised
// single runs). The context is the first run's, plus benchtool_merged_runs.
// Throws InputError if there are no runs.
Results merge_runs(const std::vector<Results>& runs, const std::string& path);

struct AbOutcome {
  Results base;
  Results next;
};

// Runs the schedule; `progress` gets one line per run (for stderr). Throws
// InputError for bad flags, a binary that cannot start or fails, and results
// that do not load.
AbOutcome run_ab(const AbOptions& options,
                 const std::function<void(const std::string&)>& progress);

}  // namespace benchtool
