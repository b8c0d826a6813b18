// Entry point of the marketbench benchmark executable.
// Exit codes: 0 success, 2 unknown command-line flag or fault name.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench_build_info.hpp"
#include "support/fault.hpp"
#include "support/jemalloc_memory_manager.hpp"

namespace {

// Repetitions as given on the command line (the flag's last occurrence wins).
int requested_repetitions(int argc, char** argv) {
  int repetitions = 1;
  constexpr std::string_view kFlag = "--benchmark_repetitions=";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(kFlag)) repetitions = std::atoi(argv[i] + kFlag.size());
  }
  return repetitions;
}

// Takes --mb_fault=NAME (test-only, support/fault.hpp) out of argv; false
// when the name is unknown.
bool take_fault_flag(int& argc, char** argv) {
  constexpr std::string_view kFlag = "--mb_fault=";
  int kept = 1;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!arg.starts_with(kFlag)) {
      argv[kept++] = argv[i];
      continue;
    }
    const auto fault =
        marketbench::bench::parse_fault(arg.substr(kFlag.size()));
    if (!fault) {
      fmt::print(stderr,
                 "marketbench: unknown fault '{}' (none, swap_feature, "
                 "kernel_offset)\n",
                 arg.substr(kFlag.size()));
      ok = false;
    } else {
      marketbench::bench::set_active_fault(*fault);
    }
  }
  argc = kept;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  namespace info = marketbench::build_info;
  const int repetitions = requested_repetitions(argc, argv);
  if (!take_fault_flag(argc, argv)) return 2;

  benchmark::Initialize(&argc, argv);
  if (argc > 1) {
    for (int i = 1; i < argc; ++i) {
      fmt::print(stderr, "marketbench: unknown argument '{}' (see --help)\n",
                 argv[i]);
    }
    return 2;
  }

  benchmark::AddCustomContext("marketbench_version", info::kVersion);
  benchmark::AddCustomContext("git_sha", info::kGitSha);
  if (marketbench::bench::active_fault() != marketbench::bench::Fault::kNone) {
    benchmark::AddCustomContext("fault",
                                std::string(marketbench::bench::fault_name(
                                    marketbench::bench::active_fault())));
  }
  benchmark::AddCustomContext("build_type", info::kBuildType);
  benchmark::AddCustomContext("compiler", info::kCompiler);
  benchmark::AddCustomContext("cxx_flags", info::kCxxFlags);
  benchmark::AddCustomContext("native_arch",
                              info::kNativeArch ? "true" : "false");
  benchmark::AddCustomContext(
      "allocator",
      marketbench::metrics::jemalloc_available() ? "jemalloc" : "system");

  // See jemalloc_memory_manager.hpp: sound only with a single repetition
  // in 1.7.1.
  static marketbench::bench::JemallocMemoryManager memory_manager;
  std::string memory_manager_state = "off: jemalloc unavailable";
  if (marketbench::metrics::jemalloc_available()) {
    if (repetitions <= 1) {
      benchmark::RegisterMemoryManager(&memory_manager);
      memory_manager_state = "jemalloc";
    } else {
      memory_manager_state =
          "off: Google Benchmark 1.7.1 misreports memory with repetitions > 1";
    }
  }
  benchmark::AddCustomContext("memory_manager", memory_manager_state);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
