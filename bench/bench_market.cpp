// Benchmarks of the market component: bulk price queries through the mock
// quote service, and the price store's hot reads against a raw-array baseline.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/market/bulk_price_query.hpp"
#include "marketbench/market/days_cache.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/market/quote_service.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"
#include "support/counters.hpp"

namespace {

using marketbench::bench::AllocationMeter;
using marketbench::core::Xoshiro256StarStar;
using marketbench::market::Bar;
using marketbench::market::BulkPriceQuery;
using marketbench::market::BulkQuerySummary;
using marketbench::market::generate_market;
using marketbench::market::Market;
using marketbench::market::PriceStore;
using marketbench::market::QuoteResult;
using marketbench::market::QuoteService;
using marketbench::market::QuoteServiceConfig;
using marketbench::market::StockId;
using marketbench::market::SymbolIndex;

constexpr std::uint64_t kMarketSeed = 2024;
constexpr std::uint64_t kFaultSeed = 7;
constexpr std::size_t kStoreDays = 252;  // one trading year of history

// Generated data is built once per stock count and shared by every argument
// set that needs it, so a sweep spends its time measuring, not generating.
template <typename T>
const T& cached(std::size_t stocks) {
  static std::mutex mutex;
  static std::map<std::size_t, std::unique_ptr<T>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[stocks];
  if (!slot) slot = std::make_unique<T>(stocks);
  return *slot;
}

// What the quote service serves: the symbols and two days of bars.
struct QuoteUniverse {
  explicit QuoteUniverse(std::size_t stocks)
      : market(generate_market(stocks, 2, kMarketSeed)),
        index(market.symbols()),
        symbols(market.symbols().begin(), market.symbols().end()) {}
  Market market;
  SymbolIndex index;
  std::vector<std::string> symbols;
};

// A year of history in a PriceStore, streamed day by day from the generator,
// and a shuffled order in which to visit the stocks (a gather, not a scan).
struct StoreUniverse {
  explicit StoreUniverse(std::size_t stocks) : store(stocks, kStoreDays) {
    // Read back from the on-disk cache when an earlier process made it.
    marketbench::market::for_each_cached_day(
        marketbench::market::default_cache_dir(),
        {stocks, kStoreDays, kMarketSeed,
         marketbench::market::PriceProcess::kGbm},
        [this](std::span<const Bar> day) { store.append_day(day); });
    order.resize(stocks);
    for (std::size_t i = 0; i < stocks; ++i) order[i] = static_cast<StockId>(i);
    Xoshiro256StarStar rng(kMarketSeed + 1);
    for (std::size_t i = stocks - 1; i > 0; --i) {
      std::swap(order[i], order[rng.uniform_below(i + 1)]);
    }
  }
  PriceStore store;
  std::vector<StockId> order;
};

// One iteration: quotes for every symbol of the universe, `batch` per request,
// from a rested API (service reset: full token bucket, clock at 0). The fault
// stream runs on across iterations, so the fault counters average over all
// of them.
void run_bulk_query(benchmark::State& state, std::size_t stocks,
                    std::size_t batch, double failure_probability,
                    const std::string& label = {}) {
  const QuoteUniverse& universe = cached<QuoteUniverse>(stocks);
  QuoteServiceConfig config;
  config.failure_probability = failure_probability;
  config.seed = kFaultSeed;
  QuoteService service(universe.market, universe.index, config);
  BulkPriceQuery query(service, batch);
  std::vector<QuoteResult> out;
  query.run(universe.symbols, out);  // warm-up: sizes the reused buffers

  std::uint64_t requests = 0, retries = 0, failed = 0;
  double virtual_seconds = 0;
  AllocationMeter meter;
  for (auto _ : state) {
    service.reset();
    const BulkQuerySummary summary = query.run(universe.symbols, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    requests += summary.requests;
    retries += summary.retries;
    failed += summary.failed;
    virtual_seconds += summary.virtual_seconds;
  }
  const auto iterations = static_cast<double>(state.iterations());
  const double symbols = iterations * static_cast<double>(stocks);
  meter.publish(state, "bytes_per_symbol", symbols);
  if (!label.empty()) {
    // Keep the meter's explanation when it could not measure.
    state.SetLabel(
        marketbench::metrics::jemalloc_available()
            ? label
            : fmt::format("{} ({})", label,
                          marketbench::metrics::jemalloc_unavailable_reason()));
  }
  state.counters["symbols_per_second"] =
      benchmark::Counter(symbols, benchmark::Counter::kIsRate);
  state.counters["requests"] = static_cast<double>(requests) / iterations;
  state.counters["retries_per_request"] =
      requests ? static_cast<double>(retries) / static_cast<double>(requests)
               : 0.0;
  state.counters["error_rate"] = static_cast<double>(failed) / symbols;
  state.counters["virtual_seconds"] = virtual_seconds / iterations;
}

// Default fault probability of the scaling sweep: a mostly healthy API.
constexpr double kSweepFailureProbability = 0.01;

void BM_BulkPriceQuery(benchmark::State& state) {
  // The _BigO/_RMS rows of the three families share a name; they inherit
  // this label, which tells them apart.
  run_bulk_query(state, static_cast<std::size_t>(state.range(0)),
                 static_cast<std::size_t>(state.range(1)),
                 kSweepFailureProbability,
                 fmt::format("batch:{}", state.range(1)));
  state.SetComplexityN(state.range(0));
}

// One family per batch size, so that each O(N) fit is over stocks at a fixed
// batch (a family mixing batch sizes would fit three different slopes).
const bool kBulkRegistered = [] {
  for (std::int64_t batch : {1, 10, 100}) {
    benchmark::RegisterBenchmark("BM_BulkPriceQuery", BM_BulkPriceQuery)
        ->ArgNames({"stocks", "batch"})
        ->Args({100, batch})
        ->Args({1000, batch})
        ->Args({6000, batch})
        ->Complexity(benchmark::oN)
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

void BM_BulkPriceQueryFaults(benchmark::State& state) {
  run_bulk_query(state, 6000, 100, static_cast<double>(state.range(0)) / 100.0);
}
BENCHMARK(BM_BulkPriceQueryFaults)
    ->ArgName("error_pct")
    ->Arg(0)
    ->Arg(5)
    ->Arg(20)
    ->Unit(benchmark::kMicrosecond);

// One iteration: the latest close of every stock, visited in shuffled order
// and summed (valuing a portfolio that holds the whole universe).
void BM_PriceStoreLatest(benchmark::State& state) {
  const StoreUniverse& u =
      cached<StoreUniverse>(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    double sum = 0;
    for (StockId id : u.order) sum += u.store.latest(id).close;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PriceStoreLatest)
    ->ArgName("stocks")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(6000);

// The reference for BM_PriceStoreLatest: the same closes, in the same order,
// gathered from one plain array that holds nothing else.
void BM_PriceGatherBaseline(benchmark::State& state) {
  const StoreUniverse& u =
      cached<StoreUniverse>(static_cast<std::size_t>(state.range(0)));
  std::vector<double> closes(u.store.stocks());
  for (StockId id = 0; id < closes.size(); ++id) {
    closes[id] = u.store.latest(id).close;
  }
  for (auto _ : state) {
    double sum = 0;
    for (StockId id : u.order) sum += closes[id];
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PriceGatherBaseline)
    ->ArgName("stocks")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(6000);

// One iteration: the last `days` bars of one stock copied into a caller
// buffer; successive iterations visit the 1000 stocks in shuffled order.
void BM_PriceStoreRange(benchmark::State& state) {
  constexpr std::size_t kStocks = 1000;
  const StoreUniverse& u = cached<StoreUniverse>(kStocks);
  const auto days = static_cast<std::size_t>(state.range(0));
  std::vector<Bar> out(days);
  std::size_t next = 0;
  for (auto _ : state) {
    const StockId id = u.order[next];
    next = next + 1 == kStocks ? 0 : next + 1;
    benchmark::DoNotOptimize(
        u.store.range(id, kStoreDays - days, kStoreDays, out));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * state.range(0) *
                          static_cast<std::int64_t>(sizeof(Bar)));
}
BENCHMARK(BM_PriceStoreRange)->ArgName("days")->Arg(20)->Arg(252);

}  // namespace
