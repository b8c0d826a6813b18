// The platform under a mixed request load from many concurrent users.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "marketbench/metrics/latency_histogram.hpp"
#include "marketbench/pipeline/deployment.hpp"
#include "marketbench/pipeline/stage_timer.hpp"
#include "marketbench/platform/platform.hpp"
#include "marketbench/platform/request_generator.hpp"
#include "support/counters.hpp"
#include "support/temp_dir.hpp"
#include "support/trained_model.hpp"

namespace {

using marketbench::metrics::LatencyHistogram;
using marketbench::pipeline::Deployment;
using marketbench::pipeline::DeploymentConfig;
using marketbench::platform::kind_name;
using marketbench::platform::kind_of;
using marketbench::platform::kRequestKindCount;
using marketbench::platform::Platform;
using marketbench::platform::PlatformConfig;
using marketbench::platform::Request;
using marketbench::platform::RequestGenerator;
using marketbench::platform::RequestKind;
using marketbench::platform::Response;

constexpr std::size_t kStocks = 6000;
// Requests drawn per user thread before the timed loop, then cycled.
constexpr std::size_t kRequestPool = 4096;
constexpr double kThinkSeconds = 2.0;

using marketbench::bench::ScopedTempDir;

// The back end after one pipeline day over the 6000-stock universe (file
// database in WAL mode), and the platform serving it. Built once for all
// thread counts; the latest closes are the users' reference prices.
struct PlatformSetup {
  ScopedTempDir dir{"platform"};
  std::unique_ptr<Deployment> deployment;
  std::unique_ptr<Platform> platform;
  std::vector<double> reference_prices;

  PlatformSetup() {
    DeploymentConfig config;
    config.stocks = kStocks;
    config.lookahead_days = 1;
    // The learnable market and the trained model, read by the registry.
    config.market_process = marketbench::market::PriceProcess::kRegime;
    config.model_directory = MB_MODEL_DIR;
    config.pipeline.model_name = marketbench::bench::kTrainedModelName;
    config.database_path = dir.file("results.db");
    deployment = std::make_unique<Deployment>(config);
    const auto report = deployment->run_next_day();
    if (report.succeeded != kStocks) {
      throw std::runtime_error(
          fmt::format("platform setup: {} of {} stocks failed the pipeline day",
                      report.failed(), kStocks));
    }
    const auto& engine = deployment->engine().config();
    PlatformConfig platform_config;
    platform_config.model_id = deployment->engine().model_id();
    platform_config.first_calendar_day = engine.first_calendar_day;
    platform_config.model_name = config.pipeline.model_name;
    platform = std::make_unique<Platform>(
        marketbench::platform::PlatformSources{
            &deployment->prices(), &deployment->index(), &deployment->board(),
            &deployment->predictions(), &deployment->database()},
        platform_config);
    for (std::size_t id = 0; id < kStocks; ++id) {
      reference_prices.push_back(
          deployment->prices()
              .latest(static_cast<marketbench::market::StockId>(id))
              .close);
    }
  }
};

PlatformSetup& setup() {
  static PlatformSetup instance;
  return instance;
}

// Every request's latency and kind, merged over threads at the end (a
// histogram per kind per thread would be 7 x 270 KB per thread).
struct LoadSamples {
  std::vector<std::uint64_t> samples;  // latency_ns << 3 | kind
  std::uint64_t errors = 0;
  // Wall clock from the first request's start to the last one's end over
  // all threads: with more threads than cores a thread's own span is far
  // shorter than the run.
  std::int64_t first_start_ns = INT64_MAX;
  std::int64_t last_end_ns = 0;
  std::int64_t cpu_ns = 0;  // CPU time of all threads in their loops

  void merge(const LoadSamples& other) {
    samples.insert(samples.end(), other.samples.begin(), other.samples.end());
    errors += other.errors;
    first_start_ns = std::min(first_start_ns, other.first_start_ns);
    last_end_ns = std::max(last_end_ns, other.last_end_ns);
    cpu_ns += other.cpu_ns;
  }
  void reset() { *this = LoadSamples{}; }
};

void publish(benchmark::State& state, const LoadSamples& all) {
  LatencyHistogram overall;
  std::array<LatencyHistogram, kRequestKindCount> by_kind;
  for (const std::uint64_t s : all.samples) {
    overall.record(s >> 3);
    by_kind[s & 7].record(s >> 3);
  }
  const double requests = static_cast<double>(all.samples.size());
  const double seconds =
      all.last_end_ns > all.first_start_ns
          ? static_cast<double>(all.last_end_ns - all.first_start_ns) * 1e-9
          : 0.0;
  const double per_second = seconds > 0 ? requests / seconds : 0.0;
  state.counters["requests_per_second"] = per_second;
  marketbench::bench::set_latency_counters(state, overall);
  for (std::size_t k = 0; k < kRequestKindCount; ++k) {
    state.counters[fmt::format("{}_p95_ns",
                               kind_name(static_cast<RequestKind>(k)))] =
        static_cast<double>(by_kind[k].percentile(0.95));
  }
  state.counters["error_rate"] =
      requests > 0 ? static_cast<double>(all.errors) / requests : 0.0;
  // Flat across thread counts when nothing contends: on a machine whose
  // cores are shared with other work, the check for scaling that
  // requests_per_second cannot give.
  state.counters["cpu_ns_per_request"] =
      requests > 0 ? static_cast<double>(all.cpu_ns) / requests : 0.0;
  // Little's law: N = X (R + Z).
  state.counters["supported_users_2s_think"] =
      per_second * (overall.mean() * 1e-9 + kThinkSeconds);
}

// Each thread is a user session: requests of the standard mix (weights
// dashboard 1, portfolio 2, recommendations 3, search 1, analytics 1,
// quotes 2; Zipf symbols) against the one shared Platform, back to back.
void BM_PlatformMixedLoad(benchmark::State& state) {
  PlatformSetup& s = setup();
  const std::span<const std::string> symbols = s.deployment->feed().symbols();
  RequestGenerator generator(
      symbols, 1000 + static_cast<std::uint64_t>(state.thread_index()), {},
      s.reference_prices);
  std::vector<Request> pool;
  pool.reserve(kRequestPool);
  for (std::size_t i = 0; i < kRequestPool; ++i)
    pool.push_back(generator.next());

  static marketbench::bench::LastThreadMerge<LoadSamples> merged;
  merged.begin();
  LoadSamples local;
  // Written (not just reserved) here, so the vector's pages fault in before
  // the timed loop rather than inside it.
  local.samples.assign(static_cast<std::size_t>(state.max_iterations), 0);
  std::size_t recorded = 0;
  std::size_t next = 0;
  std::chrono::steady_clock::time_point start;
  std::int64_t cpu_start = 0;
  for (auto _ : state) {
    const Request& request = pool[next];
    const auto t0 = std::chrono::steady_clock::now();
    // The threads leave Google Benchmark's start barrier together here;
    // before it, others may still be drawing their request pools.
    if (recorded == 0) {
      start = t0;
      cpu_start = marketbench::pipeline::thread_cpu_ns();
    }
    next = (next + 1) % kRequestPool;
    Response response = s.platform->handle(request);
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(response);
    const auto ns = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    local.samples[recorded++] =
        ns << 3 | static_cast<std::uint64_t>(kind_of(request));
    local.errors += response.ok() ? 0 : 1;
  }
  local.cpu_ns = marketbench::pipeline::thread_cpu_ns() - cpu_start;
  local.samples.resize(recorded);
  local.first_start_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             start.time_since_epoch())
                             .count();
  local.last_end_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();

  merged.finish(state, local,
                [&](const LoadSamples& all) { publish(state, all); });
}
// Thread counts without UseRealTime: it would rename the runs to
// BM_PlatformMixedLoad/real_time/threads:N. Throughput and latencies are
// measured on the wall clock inside the benchmark instead.
BENCHMARK(BM_PlatformMixedLoad)
    ->Threads(1)
    ->Threads(2)
    ->Threads(8)
    ->Threads(32)
    ->Threads(100);

}  // namespace
