#include "stats/ab.hpp"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"
#include "io/process.hpp"
#include "stats/stats.hpp"

namespace benchtool {
namespace {

// Flags ab sets itself: a user value would silently change what is measured or
// where it goes.
constexpr std::string_view kReservedFlags[] = {
    "--benchmark_out", "--benchmark_out_format", "--benchmark_repetitions",
    "--benchmark_report_aggregates_only"};

// `flag` is `name` or `name=value`.
bool is_flag(std::string_view flag, std::string_view name) {
  return flag == name || (flag.starts_with(name) && flag.size() > name.size() &&
                          flag[name.size()] == '=');
}

// A new temporary directory under `parent`.
std::string make_temp_dir(const std::string& parent) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) {
    throw InputError(
        fmt::format("cannot create {}: {}", printable(parent), ec.message()));
  }
  std::string path =
      (std::filesystem::path(parent) / ".ab-runs-XXXXXX").string();
  if (::mkdtemp(path.data()) == nullptr) {
    throw InputError(fmt::format("cannot create a temporary directory in {}",
                                 printable(parent)));
  }
  return path;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

// The last lines of a run's console output, indented, to show why it failed.
std::string log_tail(const std::string& path) {
  std::string text;
  try {
    text = read_text_file(path);
  } catch (const InputError&) {
    return {};
  }
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t nl = std::min(rest.find('\n'), rest.size());
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(std::min(nl + 1, rest.size()));
  }
  std::string out;
  for (std::size_t i = lines.size() - std::min<std::size_t>(lines.size(), 8);
       i < lines.size(); ++i) {
    out += fmt::format("{}  | {}", out.empty() ? "" : "\n",
                       printable(lines[i], 200));
  }
  return out;
}

// Fails before the first run, not after minutes of benchmarking, when a binary
// is missing.
void check_binary(const std::string& binary, std::string_view option) {
  if (binary.find('/') == std::string::npos)
    return;  // looked up in PATH when run
  if (::access(binary.c_str(), X_OK) != 0) {
    throw InputError(fmt::format("{} {}: {}", option, printable(binary),
                                 std::strerror(errno)));
  }
}

// The flags of every run: the user's (none of those ab sets itself), the
// default --benchmark_min_time unless one is given (as a flag, or in Google
// Benchmark's environment variable for it), and the repetitions.
std::vector<std::string> run_flags(const AbOptions& options) {
  for (const std::string& flag : options.benchmark_flags) {
    for (const std::string_view reserved : kReservedFlags) {
      if (is_flag(flag, reserved)) {
        throw InputError(
            fmt::format("ab sets {} itself; use --repetitions / --base-out / "
                        "--new-out instead of '{}'",
                        reserved, printable(flag)));
      }
    }
  }
  std::vector<std::string> flags = options.benchmark_flags;
  const bool min_time_given =
      std::ranges::any_of(flags,
                          [](const std::string& f) {
                            return is_flag(f, "--benchmark_min_time");
                          }) ||
      ::getenv("BENCHMARK_BENCHMARK_MIN_TIME") != nullptr;
  if (!min_time_given && !options.default_min_time.empty()) {
    flags.push_back(
        fmt::format("--benchmark_min_time={}", options.default_min_time));
  }
  flags.push_back(
      fmt::format("--benchmark_repetitions={}", options.repetitions));
  return flags;
}

// Runs schedule position `i` (round i / 2 + 1) with `flags` (run_flags) and
// loads its results.
Results run_once(const AbOptions& options,
                 const std::vector<std::string>& flags, const std::string& dir,
                 std::size_t i, char which, int rounds,
                 const std::function<void(const std::string&)>& progress) {
  const bool is_base = which == 'A';
  const std::string& binary =
      is_base ? options.base_binary : options.new_binary;
  const char* side = is_base ? "base" : "new";
  const int round = static_cast<int>(i / 2) + 1;
  const std::string out = fmt::format("{}/round{}-{}.json", dir, round, side);
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.push_back(fmt::format("--benchmark_out={}", out));
  argv.emplace_back("--benchmark_out_format=json");
  const auto start = std::chrono::steady_clock::now();
  const std::string log =
      options.show_output ? std::string()
                          : fmt::format("{}/round{}-{}.log", dir, round, side);
  const ProcessStatus status = run_process(argv, log);
  const double seconds = seconds_since(start);
  if (!status.ok()) {
    if (!log.empty()) progress(log_tail(log));
    throw InputError(fmt::format("{} binary {} {} in round {}", side,
                                 printable(binary), status.describe(), round));
  }
  Results run = load_results(out);
  progress(fmt::format(
      "ab: round {}/{} {:<4} {} benchmarks x {} repetitions in {:.1f} s", round,
      rounds, side, run.benchmarks.size(), options.repetitions, seconds));
  return run;
}

struct Runs {
  std::vector<double> values;      // one per run
  std::vector<double> within_cvs;  // per run with >= 2 repetitions
};

// The run values and within-run cvs; none when a value is not finite or has no
// run id.
Runs runs_of(const Results& results, const Benchmark& benchmark,
             const std::string& metric) {
  const Samples samples = benchmark_samples(results, benchmark, metric);
  for (std::size_t i = 0; i < samples.runs.size(); ++i) {
    if (samples.runs[i] < 0 || !std::isfinite(samples.values[i])) return {};
  }
  Runs r;
  for (const auto& run : split_runs(samples.values, samples.runs)) {
    r.values.push_back(median(run));
    if (run.size() >= 2) r.within_cvs.push_back(summarize(run).cv);
  }
  return r;
}

double round_up_percent(double fraction) {
  return std::ceil(fraction * 100 - 1e-9) / 100;
}

}  // namespace

std::string ab_schedule(int rounds) {
  std::string order;
  for (int r = 0; r < rounds; ++r) order += r % 2 == 0 ? "AB" : "BA";
  return order;
}

Results merge_runs(const std::vector<Results>& runs, const std::string& path) {
  if (runs.empty())
    throw InputError(fmt::format("{}: no runs to merge", printable(path)));
  Results merged;
  merged.path = path;
  merged.context = runs.front().context;
  merged.context.custom.emplace_back("benchtool_merged_runs",
                                     fmt::format("{}", runs.size()));
  std::unordered_map<std::string, std::int64_t> next_index;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const Row& row : runs[r].rows) {
      if (!row.is_iteration()) continue;
      Row copy = row;
      copy.repetition_index = next_index[row.name]++;
      copy.run = static_cast<std::int64_t>(r);
      merged.rows.push_back(std::move(copy));
    }
  }
  for (Row& row : merged.rows) row.repetitions = next_index[row.name];
  if (merged.rows.empty())
    throw InputError(
        fmt::format("{}: the runs hold no iteration rows", printable(path)));
  index_benchmarks(merged);
  return merged;
}

double typical_round(const std::vector<double>& round_seconds) {
  if (round_seconds.empty()) return 0;
  // The first round of a new build pays its cold caches: leave it out once
  // there are others.
  std::vector<double> warm(
      round_seconds.begin() + (round_seconds.size() > 1 ? 1 : 0),
      round_seconds.end());
  std::sort(warm.begin(), warm.end());
  return warm[warm.size() / 2];
}

int rounds_left_in_budget(double budget_seconds, double elapsed_seconds,
                          const std::vector<double>& round_seconds) {
  const int done = static_cast<int>(round_seconds.size());
  const double per_round = typical_round(round_seconds);
  const double fit =
      per_round > 0
          ? std::floor(std::max(0.0, budget_seconds - elapsed_seconds) /
                       per_round)
          : 1e6;
  return std::max(kMinBudgetRounds,
                  done + static_cast<int>(std::min(fit, 1e6)));
}

AbOutcome run_ab(const AbOptions& options,
                 const std::function<void(const std::string&)>& progress) {
  if (options.rounds < 1)
    throw InputError(
        fmt::format("--rounds {} must be at least 1", options.rounds));
  if (options.repetitions < 1) {
    throw InputError(fmt::format("--repetitions {} must be at least 1",
                                 options.repetitions));
  }
  const std::vector<std::string> flags = run_flags(options);
  check_binary(options.base_binary, "--base");
  check_binary(options.new_binary, "--new");
  const std::string tmp = make_temp_dir(options.work_dir);
  // Removed however run_ab ends.
  const std::unique_ptr<const std::string, void (*)(const std::string*)>
      remove_tmp(&tmp, [](const std::string* dir) {
        std::error_code ec;
        std::filesystem::remove_all(*dir, ec);
      });
  std::vector<Results> base_runs, new_runs;
  const bool budget = options.budget_seconds > 0;
  int rounds = budget ? 1 : options.rounds;
  std::vector<double> round_seconds;
  const auto start = std::chrono::steady_clock::now();
  auto round_start = start;
  for (std::size_t i = 0; i < 2 * static_cast<std::size_t>(rounds); ++i) {
    const char which = ab_schedule(rounds)[i];
    Results run = run_once(options, flags, tmp, i, which, rounds, progress);
    (which == 'A' ? base_runs : new_runs).push_back(std::move(run));
    if (!budget || i % 2 == 0) continue;
    round_seconds.push_back(seconds_since(round_start));
    round_start = std::chrono::steady_clock::now();
    rounds = rounds_left_in_budget(options.budget_seconds, seconds_since(start),
                                   round_seconds);
    // Later plans show in each run's "round r/n" line.
    if (round_seconds.size() == 1) {
      progress(fmt::format(
          "ab: the first round took {:.1f} s: {} rounds for the {:.0f} s "
          "budget (planned again after every round)",
          round_seconds.front(), rounds, options.budget_seconds));
    }
  }
  return {merge_runs(base_runs, "base"), merge_runs(new_runs, "new")};
}

bool looks_multimodal(std::vector<double> run_values, double within_cv) {
  const std::size_t n = run_values.size();
  if (n < 4 || std::any_of(run_values.begin(), run_values.end(),
                           [](double v) { return !(v > 0); }))
    return false;
  for (double& v : run_values) v = std::log(v);
  std::sort(run_values.begin(), run_values.end());
  const double sd = summarize(run_values).stddev;
  const std::size_t min_group =
      std::max<std::size_t>(2, (n + 9) / 10);  // 10%, at least 2
  for (std::size_t i = min_group; i + min_group <= n; ++i) {
    const double gap = run_values[i] - run_values[i - 1];
    if (gap > 1.5 * sd && gap > 5 * within_cv) return true;
  }
  return false;
}

std::vector<Calibration> calibrate(const Results& base, const Results& next,
                                   const CalibrateOptions& options) {
  std::vector<Calibration> found;
  for (const Benchmark& b : base.benchmarks) {
    const Benchmark* other = next.find(b.name);
    if (other == nullptr) continue;
    Runs a = runs_of(base, b, options.metric);
    Runs o = runs_of(next, *other, options.metric);
    if (a.values.size() < 2 || o.values.size() < 2) continue;
    Calibration c;
    c.name = b.name;
    c.between_cv = relative_spread(a.values, o.values);
    a.values.insert(a.values.end(), o.values.begin(), o.values.end());
    a.within_cvs.insert(a.within_cvs.end(), o.within_cvs.begin(),
                        o.within_cvs.end());
    c.runs = a.values.size();
    c.median = median(a.values);
    if (!a.within_cvs.empty()) c.within_cv = median(a.within_cvs);
    c.multimodal = looks_multimodal(a.values, c.within_cv.value_or(0));
    found.push_back(std::move(c));
  }
  const double level = options.alpha / static_cast<double>(found.size());
  for (Calibration& c : found) {
    if (c.between_cv) {
      c.mde =
          minimal_detectable_effect(options.gate_rounds, options.gate_rounds,
                                    *c.between_cv, level, options.power);
    }
    c.threshold = options.min_threshold;
    if (c.mde && std::isfinite(*c.mde)) {
      c.threshold =
          std::max(c.threshold, round_up_percent(*c.mde * options.margin));
    }
  }
  return found;
}

std::string exact_name_regex(const std::string& name) {
  std::string regex = "^";
  for (const char ch : name) {
    if (std::string_view(".^$|()[]{}*+?\\").find(ch) != std::string_view::npos)
      regex += '\\';
    regex += ch;
  }
  return regex + "$";
}

std::string thresholds_json(const std::vector<Calibration>& calibrations,
                            const CalibrateOptions& options) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const Calibration& c : calibrations) {
    std::string note = fmt::format("calibrate: {} runs, between-run cv {:.1f}%",
                                   c.runs, c.between_cv.value_or(0) * 100);
    if (c.mde) {
      note += std::isfinite(*c.mde)
                  ? fmt::format(", MDE {:.1f}% at {} rounds", *c.mde * 100,
                                options.gate_rounds)
                  : fmt::format(", nothing detectable at {} rounds",
                                options.gate_rounds);
    }
    if (c.multimodal) note += ", multimodal";
    rules.push_back({{"benchmark", exact_name_regex(c.name)},
                     {"metric", options.metric},
                     {"threshold", c.threshold},
                     {"note", note}});
  }
  const nlohmann::ordered_json doc{
      {"description",
       fmt::format("written by benchtool calibrate: per benchmark the larger "
                   "of {:.0f}% and {} x its MDE (power {:.0f}%, alpha {} "
                   "Holm-adjusted over {} benchmarks, {} runs per side)",
                   options.min_threshold * 100, options.margin,
                   options.power * 100, options.alpha, calibrations.size(),
                   options.gate_rounds)},
      {"thresholds", std::move(rules)}};
  return doc.dump(2) + "\n";
}

}  // namespace benchtool
