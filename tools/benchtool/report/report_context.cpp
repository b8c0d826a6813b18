// The run-context section of the reports: what the run ran on, and the
// warnings a reader needs before trusting its figures.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "io/metric.hpp"
#include "report/report.hpp"

namespace benchtool {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string caches_text(const std::vector<CacheInfo>& caches) {
  std::string out;
  for (const auto& c : caches) {
    const char* suffix = c.type == "Data"          ? "d"
                         : c.type == "Instruction" ? "i"
                                                   : "";
    std::string size =
        format_metric_value("bytes", static_cast<double>(c.size));
    out += fmt::format(
        "{}L{}{} {}{}", out.empty() ? "" : ", ", c.level, suffix, size,
        c.num_sharing > 1 ? fmt::format(" (shared by {})", c.num_sharing)
                          : std::string());
  }
  return out.empty() ? "not reported" : out;
}

std::string benchmarks_text(const Results& run) {
  std::size_t counts[3] = {}, hi = 0;
  std::size_t lo = std::numeric_limits<std::size_t>::max();
  for (const Benchmark* b : listed_benchmarks(run)) {
    const RunStatus status = run_status(run, *b);
    ++counts[static_cast<int>(status)];
    if (status != RunStatus::kOk) continue;
    const std::size_t n = metric_stats(run, *b, "real_time")->count;
    lo = std::min(lo, n);
    hi = std::max(hi, n);
  }
  std::string out = fmt::format("{} ran", counts[0]);
  if (counts[1]) out += fmt::format(", {} errored", counts[1]);
  if (counts[2]) out += fmt::format(", {} skipped", counts[2]);
  if (counts[0])
    out += lo == hi ? fmt::format("; {} repetition(s) each", lo)
                    : fmt::format("; {}..{} repetitions", lo, hi);
  return out;
}

// The repetitions below which compare's Mann-Whitney test has little power.
constexpr std::size_t kRecommended = 9;

// How the run was built and on what machine state.
void machine_warnings(const Context& c, std::vector<ReportWarning>& out) {
  const std::string build_type(c.custom_value("build_type"));
  const std::string build = lower(build_type);
  if (lower(c.library_build_type) == "debug") {
    out.push_back(
        {false,
         fmt::format("Google Benchmark reports library_build_type \"debug\" "
                     "(and prints a DEBUG banner): that is Debian's build of "
                     "libbenchmark, compiled without NDEBUG, not marketbench. "
                     "marketbench itself was built as \"{}\".",
                     build_type.empty() ? "unknown" : build_type)});
  }
  if (build_type.empty()) {
    out.push_back({true,
                   "The results do not say how marketbench was built (no "
                   "build_type in the context)."});
  } else if (build != "release" && build != "relwithdebinfo") {
    out.push_back({true, fmt::format("marketbench was built as \"{}\": timings "
                                     "do not represent a release build.",
                                     build_type)});
  }
  if (c.cpu_scaling_enabled.value_or(false)) {
    out.push_back({true,
                   "CPU frequency scaling was enabled: the clock can change "
                   "during the run, so timings are noisier (use the "
                   "performance governor for stable figures)."});
  }
  if (!c.load_avg.empty() && c.num_cpus &&
      c.load_avg.front() > static_cast<double>(*c.num_cpus)) {
    out.push_back({true, fmt::format("The 1-minute load average was {:.2f} on "
                                     "{} CPUs: other work competed for the "
                                     "CPUs, so the figures are noisy.",
                                     c.load_avg.front(), *c.num_cpus)});
  }
}

// Too few repetitions for the comparison or the trend charts.
void repetition_warnings(const ReportInput& input,
                         std::vector<ReportWarning>& out) {
  if (input.baseline) {
    const std::size_t n = std::min(min_repetitions(input.current),
                                   min_repetitions(*input.baseline));
    if (n < kRecommended) {
      out.push_back(
          {true, fmt::format("The comparison with the baseline rests on as "
                             "few as {} repetition(s) per side (fewer than "
                             "{}): the significance test has little power, so "
                             "real changes may show as inconclusive. Run with "
                             "REPETITIONS={} or more.",
                             n, kRecommended, kRecommended)});
    }
  }
  if (input.history.size() >= 2) {
    std::size_t n = kRecommended;
    for (const auto& h : input.history) n = std::min(n, min_repetitions(h.run));
    if (n < kRecommended) {
      out.push_back(
          {true, fmt::format("Some runs in the history have {} repetition(s) "
                             "(fewer than {}): the trend charts can only mark "
                             "regressions compare could establish.",
                             n, kRecommended)});
    }
  }
}

// Errored and skipped benchmarks, the first five of each by name.
void status_warnings(const Results& run, std::vector<ReportWarning>& out) {
  std::vector<std::string> names[3];
  for (const Benchmark* b : listed_benchmarks(run))
    names[static_cast<int>(run_status(run, *b))].push_back(b->name);
  auto list = [](const std::vector<std::string>& some) {
    std::string s;
    for (std::size_t i = 0; i < std::min<std::size_t>(some.size(), 5); ++i)
      s += (i ? ", " : "") + some[i];
    if (some.size() > 5) s += fmt::format(" and {} more", some.size() - 5);
    return s;
  };
  const auto& errored = names[static_cast<int>(RunStatus::kErrored)];
  const auto& skipped = names[static_cast<int>(RunStatus::kSkipped)];
  if (!errored.empty()) {
    out.push_back({true, fmt::format("{} benchmark(s) reported an error: {}.",
                                     errored.size(), list(errored))});
  }
  if (!skipped.empty()) {
    out.push_back({true, fmt::format("{} benchmark(s) were skipped: {}.",
                                     skipped.size(), list(skipped))});
  }
}

}  // namespace

std::vector<ContextItem> context_items(const Results& run) {
  const Context& c = run.context;
  std::vector<ContextItem> items;
  auto add = [&](std::string key, std::string_view value) {
    if (!value.empty()) items.push_back({std::move(key), std::string(value)});
  };
  add("date", c.date);
  add("host", c.host_name);
  std::string machine =
      c.num_cpus ? fmt::format("{} CPUs", *c.num_cpus) : "CPUs not reported";
  if (c.mhz_per_cpu) machine += fmt::format(" @ {:.0f} MHz", *c.mhz_per_cpu);
  add("machine", machine);
  add("CPU frequency scaling",
      c.cpu_scaling_enabled ? (*c.cpu_scaling_enabled ? "enabled" : "disabled")
                            : "not reported");
  add("caches", caches_text(c.caches));
  add("load average (1, 5, 15 min)",
      fmt::format("{:.2f}", fmt::join(c.load_avg, ", ")));
  add("compiler", c.custom_value("compiler"));
  add("flags", c.custom_value("cxx_flags"));
  add("build type (marketbench)", c.custom_value("build_type"));
  add("build type (Google Benchmark library)", c.library_build_type);
  add("git sha", c.custom_value("git_sha"));
  add("benchmarks", benchmarks_text(run));
  add("results file", run.path);
  add("executable", c.executable);
  static const std::set<std::string, std::less<>> kShown = {
      "compiler", "cxx_flags", "build_type", "git_sha"};
  for (const auto& [k, v] : c.custom) {
    if (!kShown.count(k)) add(k, v);
  }
  return items;
}

std::vector<ReportWarning> report_warnings(const ReportInput& input) {
  std::vector<ReportWarning> out;
  machine_warnings(input.current.context, out);
  repetition_warnings(input, out);
  status_warnings(input.current, out);
  if (input.comparison) {
    for (const auto& m : input.comparison->context_mismatches) {
      out.push_back(
          {true, fmt::format("The baseline ran in a different setup: {} was "
                             "\"{}\", now \"{}\". Changes may come from the "
                             "setup, not the code.",
                             m.key, m.base_value, m.new_value)});
    }
  }
  return out;
}

}  // namespace benchtool
