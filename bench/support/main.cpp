// Entry point of the marketbench benchmark executable.
// Exit codes: 0 success, 2 unknown command-line flag.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench_build_info.hpp"
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

}  // namespace

int main(int argc, char** argv) {
  namespace info = marketbench::build_info;
  const int repetitions = requested_repetitions(argc, argv);

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
