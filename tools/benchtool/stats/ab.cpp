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
#include <unordered_map>

#include "io/input_error.hpp"
#include "io/json_file.hpp"
#include "io/printable.hpp"
#include "io/process.hpp"

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

void check_flags(const std::vector<std::string>& flags) {
  for (const std::string& flag : flags) {
    for (const std::string_view reserved : kReservedFlags) {
      if (is_flag(flag, reserved)) {
        throw InputError(
            fmt::format("ab sets {} itself; use --repetitions / --base-out / "
                        "--new-out instead of '{}'",
                        reserved, printable(flag)));
      }
    }
  }
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

// Runs schedule position `i` (round i / 2 + 1) and loads its results.
Results run_once(const AbOptions& options, const std::string& dir,
                 std::size_t i, char which, int rounds,
                 const std::function<void(const std::string&)>& progress) {
  const bool is_base = which == 'A';
  const std::string& binary =
      is_base ? options.base_binary : options.new_binary;
  const char* side = is_base ? "base" : "new";
  const int round = static_cast<int>(i / 2) + 1;
  const std::string out = fmt::format("{}/round{}-{}.json", dir, round, side);
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), options.benchmark_flags.begin(),
              options.benchmark_flags.end());
  const bool min_time_given = std::ranges::any_of(
      options.benchmark_flags,
      [](const std::string& f) { return is_flag(f, "--benchmark_min_time"); });
  if (!min_time_given && !options.default_min_time.empty()) {
    argv.push_back(
        fmt::format("--benchmark_min_time={}", options.default_min_time));
  }
  argv.push_back(
      fmt::format("--benchmark_repetitions={}", options.repetitions));
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
  check_flags(options.benchmark_flags);
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
    Results run = run_once(options, tmp, i, which, rounds, progress);
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

}  // namespace benchtool
