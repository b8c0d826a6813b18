// The daily pipeline: one trading day (fetch, recommend, infer, persist,
// refresh caches) for the whole universe, per iteration.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/values_cache.hpp"
#include "marketbench/market/ohlcv.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench/pipeline/deployment.hpp"
#include "marketbench/pipeline/pipeline_report.hpp"
#include "marketbench/store/rows.hpp"
#include "support/setup_cache.hpp"
#include "support/temp_dir.hpp"
#include "support/trained_model.hpp"

namespace {

using marketbench::core::Xoshiro256StarStar;
using marketbench::market::OhlcvView;
using marketbench::market::StockId;
using marketbench::pipeline::Deployment;
using marketbench::pipeline::DeploymentConfig;
using marketbench::pipeline::kStageCount;
using marketbench::pipeline::PipelineReport;
using marketbench::pipeline::Stage;
using marketbench::store::Action;
using marketbench::store::Day;
using marketbench::store::PredictionRow;
using marketbench::store::PriceRow;
using marketbench::store::RecommendationRow;

using marketbench::bench::ScopedTempDir;

// Days of rows every stock already has in each table when the timed days
// start: a production database holds months, and this puts the benchmark in
// that steady state (B-tree depth, file and WAL size) instead of timing days
// against a database that grows with every iteration Google Benchmark runs.
// The primary keys lead with the day (schema version 2), so a new day is
// appended to the end of each table whatever the history; with the version 1
// keys (stock first) it rewrote one page per stock and table.
constexpr int kDatabaseHistoryDays = 100;
constexpr std::size_t kPreloadStocksPerTransaction = 500;

// Rows for the kDatabaseHistoryDays days before the first pipeline day, in
// key order. Prices are the feed's bars; the predictions and recommendations
// of those days are drawn from a seeded stream (the engine needs 128 days of
// history to score a day, more than the store holds before them): only their
// size and keys matter to the cost of later upserts, and nothing reports
// them.
void preload_database(Deployment& deployment) {
  const auto first_day =
      static_cast<Day>(deployment.prices().days()) - kDatabaseHistoryDays;
  if (first_day < 0) throw std::logic_error("preload: too little history");
  const std::string& model = deployment.pipeline().config().model_name;
  Xoshiro256StarStar rng(20240602);
  std::vector<PriceRow> prices;
  std::vector<PredictionRow> predictions;
  std::vector<RecommendationRow> recommendations;
  const std::size_t stocks = deployment.prices().stocks();
  for (std::size_t from = 0; from < stocks;
       from += kPreloadStocksPerTransaction) {
    prices.clear();
    predictions.clear();
    recommendations.clear();
    const std::size_t to =
        std::min(stocks, from + kPreloadStocksPerTransaction);
    for (std::size_t s = from; s < to; ++s) {
      const auto id = static_cast<StockId>(s);
      const OhlcvView history = deployment.prices().history(id);
      for (Day day = first_day; day < first_day + kDatabaseHistoryDays; ++day) {
        const auto d = static_cast<std::size_t>(day);
        prices.push_back({id,
                          day,
                          {history.open[d], history.high[d], history.low[d],
                           history.close[d], history.volume[d]}});
        const double p_sell = rng.uniform01();
        const double p_hold = rng.uniform01() * (1.0 - p_sell);
        predictions.push_back(
            {id, day, model, p_sell, p_hold, 1.0 - p_sell - p_hold});
        const double score = 2.0 * rng.uniform01() - 1.0;
        const Action action = score >= 0.15    ? Action::kBuy
                              : score <= -0.15 ? Action::kSell
                                               : Action::kHold;
        recommendations.push_back({id, day, action, score, rng.uniform01()});
      }
    }
    deployment.database().upsert_prices(prices);
    deployment.database().upsert_predictions(predictions);
    deployment.database().upsert_recommendations(recommendations);
  }
}

// Whether the deployment's database holds exactly the preload's rows.
bool preloaded(Deployment& deployment) {
  const auto rows = static_cast<std::int64_t>(deployment.prices().stocks()) *
                    kDatabaseHistoryDays;
  try {
    const marketbench::store::RowCounts counts =
        deployment.database().row_counts();
    return counts.prices == rows && counts.predictions == rows &&
           counts.recommendations == rows;
  } catch (const std::exception&) {
    return false;
  }
}

// The preloaded database as its two files, byte for byte: the database file
// and its WAL (the preload stays in the WAL, below the checkpoint
// threshold), taken while the preloading connection is open (closing it
// would checkpoint), so a copy opens in the state the preload left: SQLite
// recovers the WAL on open. Payload: the database file's size (8 bytes), its
// bytes, the WAL's bytes. Empty when the files cannot be read.
std::optional<std::vector<char>> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

bool write_file(const std::filesystem::path& file,
                std::span<const char> bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out.flush());
}

std::vector<char> pack_database_files(const std::string& database) {
  const auto main = read_file(database);
  if (!main || main->empty()) return {};
  const auto wal = read_file(database + "-wal").value_or(std::vector<char>{});
  std::vector<char> payload(sizeof(std::uint64_t));
  const std::uint64_t size = main->size();
  std::memcpy(payload.data(), &size, sizeof size);
  payload.insert(payload.end(), main->begin(), main->end());
  payload.insert(payload.end(), wal.begin(), wal.end());
  return payload;
}

// Writes the payload's files to `database` and its -wal; false when it does
// not hold them.
bool unpack_database_files(std::span<const char> payload,
                           const std::string& database) {
  std::uint64_t size = 0;
  if (payload.size() < sizeof size) return false;
  std::memcpy(&size, payload.data(), sizeof size);
  const std::span<const char> rest = payload.subspan(sizeof size);
  if (size == 0 || size > rest.size()) return false;
  if (!write_file(database, rest.first(size))) return false;
  const std::span<const char> wal = rest.subspan(size);
  return wal.empty() || write_file(database + "-wal", wal);
}

// The database files of a deployment like `config`'s, preloaded in a scratch
// directory.
std::vector<char> preloaded_files(DeploymentConfig config) {
  const ScopedTempDir scratch("pipeline-preload");
  config.database_path = scratch.file("results.db");
  Deployment deployment(config);
  preload_database(deployment);
  return pack_database_files(config.database_path);
}

// The deployment of `config` over the payload's database, or null when the
// payload does not open as a preloaded database (its files are removed).
std::unique_ptr<Deployment> open_preloaded(const DeploymentConfig& config,
                                           std::span<const char> payload) {
  if (unpack_database_files(payload, config.database_path)) {
    try {
      auto deployment = std::make_unique<Deployment>(config);
      if (preloaded(*deployment)) return deployment;
    } catch (const std::exception&) {
      // Not a database of this schema: removed below.
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::remove(config.database_path + suffix, ignored);
  }
  return nullptr;
}

// A deployment whose results database is a file in WAL mode, preloaded with
// kDatabaseHistoryDays days: what the platform writes to in production. Its
// directory goes with it. The preload (0.7 s at 1000 stocks) is
// deterministic for a build, so its database files are kept in the setup
// cache (support/setup_cache.hpp) and copied in before the deployment opens
// them. Always so, also right after a preload or with the cache off: the
// timed days run on the same state whether the files came from disk or not.
struct PipelineSetup {
  ScopedTempDir dir{"pipeline"};
  std::unique_ptr<Deployment> deployment;

  PipelineSetup(std::size_t stocks, int error_pct) {
    DeploymentConfig config;
    config.stocks = stocks;
    config.database_path = dir.file("results.db");
    config.pipeline.quotes.failure_probability = error_pct / 100.0;
    // The learnable market and the trained model, read by the registry.
    config.market_process = marketbench::market::PriceProcess::kRegime;
    config.model_directory = MB_MODEL_DIR;
    config.pipeline.model_name = marketbench::bench::kTrainedModelName;
    // Everything the preload reads but the fault rate, which only the
    // quote service uses.
    const marketbench::core::ValuesCache cache =
        marketbench::bench::setup_cache(
            fmt::format("pipeline-db-s{}", stocks),
            fmt::format("pipeline preload v1 stocks={} history_days={} "
                        "lookahead_days={} market_seed={} process=regime "
                        "model={} preload_days={}",
                        stocks, config.history_days, config.lookahead_days,
                        config.market_seed, config.pipeline.model_name,
                        kDatabaseHistoryDays));
    // The cached files are written out straight from the mapped cache file.
    cache.with_payload([&](std::span<const std::byte> cached) {
      deployment = open_preloaded(
          config, std::span(reinterpret_cast<const char*>(cached.data()),
                            cached.size()));
      return deployment != nullptr;
    });
    if (!deployment) {
      const std::vector<char> fresh = preloaded_files(config);
      cache.save_values<char>(fresh);
      deployment = open_preloaded(config, fresh);
      if (!deployment)
        throw std::runtime_error(
            "pipeline: the preloaded database files do "
            "not reopen");
    }
    // One day outside the timing: first-touch page faults of the stores and
    // the caches' node pools are not a day's cost.
    deployment->run_next_day();
  }
};

// One setup alive at a time (a 6000-stock deployment holds ~100 MB), kept
// across the runs Google Benchmark makes of one argument set, so the
// pipeline keeps advancing through new days.
Deployment& deployment_for(std::size_t stocks, int error_pct) {
  static std::optional<std::pair<std::size_t, int>> key;
  static std::unique_ptr<PipelineSetup> setup;
  if (!key || *key != std::pair{stocks, error_pct}) {
    setup.reset();
    setup = std::make_unique<PipelineSetup>(stocks, error_pct);
    key = std::pair{stocks, error_pct};
  }
  return *setup->deployment;
}

void run_days(benchmark::State& state, Deployment& deployment) {
  std::array<double, kStageCount> stage_ns{};
  double stocks = 0;
  double failed = 0;
  double virtual_seconds = 0;
  double requests = 0;
  double retries = 0;
  std::uint64_t heap_peak = 0;
  std::int64_t days = 0;
  const bool jemalloc = marketbench::metrics::jemalloc_available();

  for (auto _ : state) {
    if (!deployment.feed_ready()) {
      // Every lookahead_days days: generate the next days of the feed.
      state.PauseTiming();
      deployment.extend_feed();
      state.ResumeTiming();
    }
    if (jemalloc) marketbench::metrics::reset_thread_peak();
    const PipelineReport report = deployment.pipeline().run_next_day();
    if (jemalloc) {
      heap_peak = std::max(
          heap_peak, marketbench::metrics::thread_peak_bytes().value_or(0));
    }
    benchmark::DoNotOptimize(report.succeeded);
    if (!report.balanced()) {
      state.SkipWithError(
          fmt::format("day {}: {} stocks in, {} out, {} failures", report.day,
                      report.stocks, report.succeeded, report.failed())
              .c_str());
      break;
    }
    for (std::size_t s = 0; s < kStageCount; ++s) {
      stage_ns[s] += static_cast<double>(report.stages[s].wall_ns);
    }
    stocks += static_cast<double>(report.stocks);
    failed += static_cast<double>(report.failed());
    virtual_seconds += report.virtual_api_seconds;
    requests += static_cast<double>(report.api_requests);
    retries += static_cast<double>(report.api_retries);
    ++days;
  }
  if (days == 0) return;

  const auto per_day = [&](double total) {
    return total / static_cast<double>(days);
  };
  static constexpr std::array<const char*, kStageCount> kStageCounters = {
      "stage_fetch_ns", "stage_recommend_ns", "stage_infer_ns",
      "stage_persist_ns", "stage_cache_ns"};
  for (std::size_t s = 0; s < kStageCount; ++s) {
    state.counters[kStageCounters[s]] = per_day(stage_ns[s]);
  }
  state.counters["stocks_per_second"] =
      benchmark::Counter(stocks, benchmark::Counter::kIsRate);
  state.counters["error_rate"] = stocks > 0 ? failed / stocks : 0.0;
  state.counters["virtual_api_seconds"] = per_day(virtual_seconds);
  state.counters["retries_per_request"] =
      requests > 0 ? retries / requests : 0.0;
  if (jemalloc) {
    state.counters["heap_peak_bytes"] = static_cast<double>(heap_peak);
  } else {
    state.SetLabel(marketbench::metrics::jemalloc_unavailable_reason());
  }
}

// One iteration = one trading day for `stocks` stocks, no faults injected.
void BM_DailyPipeline(benchmark::State& state) {
  const auto stocks = static_cast<std::size_t>(state.range(0));
  run_days(state, deployment_for(stocks, 0));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_DailyPipeline)
    ->ArgName("stocks")
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Arg(6000)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMillisecond);

// The same day at 1000 stocks with `error_pct` % of API requests failing.
void BM_DailyPipelineFaults(benchmark::State& state) {
  run_days(state, deployment_for(1000, static_cast<int>(state.range(0))));
}
BENCHMARK(BM_DailyPipelineFaults)
    ->ArgName("error_pct")
    ->Arg(5)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);

}  // namespace
