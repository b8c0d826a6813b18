#pragma once
// A/B runs: the base and new benchmark binaries run alternately (A B B A A B B
// A ...) so that drift on a shared machine (other jobs, thermal state,
// frequency) hits both sides alike; each run's repetition samples are merged
// per side and compared as usual.

#include <functional>
#include <string>
#include <vector>

#include "results.hpp"

namespace benchtool {

struct AbOptions {
  std::string base_binary;
  std::string new_binary;
  int rounds = 4;
  int repetitions = 3;
  std::vector<std::string> benchmark_flags;  // passed to both binaries
  std::string work_dir =
      "results/ab";          // per-run files go in a temporary directory here
  bool show_output = false;  // the binaries' stdout, to our stderr
};

// The run order: round r runs A then B when r is even, B then A when odd ('A'
// base, 'B' new).
std::string ab_schedule(int rounds);

// Merges runs of one binary into one results file: iteration rows of every run,
// in run order, repetition_index renumbered 0..n-1 per benchmark and
// repetitions set to n; aggregates are dropped (they summarised single runs).
// The context is the first run's, plus benchtool_merged_runs. Throws InputError
// if there are no runs.
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
