// libFuzzer target over the results loader, compare() and its renderings.
//
// The input is one results file, or two separated by a line "----" (BASE, then
// NEW). Beyond "no crash, no leak, no undefined behaviour", it checks
// invariants: only ResultsError escapes the loader; a file compared with itself
// has no regressed or improved verdict; what the writer emits loads again with
// the same rows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "commands/format.hpp"
#include "io/results.hpp"
#include "io/results_writer.hpp"
#include "stats/compare.hpp"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// real_time, cpu_time and up to two counters the file has, so compare() never
// rejects them.
benchtool::CompareOptions options_for(const benchtool::Results& r) {
  benchtool::CompareOptions options;
  options.metrics = {"real_time", "cpu_time"};
  for (const benchtool::Row& row : r.rows) {
    for (const auto& [name, value] : row.counters) {
      if (options.metrics.size() >= 4) break;
      bool known = false;
      for (const std::string& m : options.metrics) known = known || m == name;
      if (!known) options.metrics.push_back(name);
    }
  }
  return options;
}

void render(const benchtool::Comparison& c) {
  check(!benchtool::format_comparison_text(c, true).empty());
  check(!benchtool::format_comparison_markdown(c).empty());
  check(!benchtool::format_comparison_json(c, 0).empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSeparator = "\n----\n";
  const auto split = input.find(kSeparator);
  const std::string_view first = input.substr(0, split);

  benchtool::Results base;
  try {
    base = benchtool::parse_results(first, "base.json");
  } catch (const benchtool::ResultsError&) {
    return 0;
  }

  const benchtool::CompareOptions options = options_for(base);
  const benchtool::Comparison self = benchtool::compare(base, base, options);
  check(self.count(benchtool::Verdict::kRegressed) == 0);
  check(self.count(benchtool::Verdict::kImproved) == 0);
  check(self.context_mismatches.empty());
  render(self);

  const benchtool::Results again = benchtool::parse_results(
      benchtool::results_to_json_text(base), "again.json");
  check(again.rows.size() == base.rows.size());
  check(again.benchmarks.size() == base.benchmarks.size());

  if (split != std::string_view::npos) {
    try {
      const benchtool::Results next = benchtool::parse_results(
          input.substr(split + kSeparator.size()), "new.json");
      benchtool::CompareOptions both = options;
      both.metrics = {"real_time", "cpu_time"};
      render(benchtool::compare(base, next, both));
    } catch (const benchtool::ResultsError&) {
    }
  }
  return 0;
}
