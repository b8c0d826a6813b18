// Feature extraction: the 50 model features of every stock for the latest day.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "marketbench/market/days_cache.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/ml/feature_extractor.hpp"
#include "support/counters.hpp"

namespace {

using marketbench::market::OhlcvView;
using marketbench::market::PriceStore;
using marketbench::ml::FeatureExtractor;

constexpr std::size_t kMaxStocks = 6000;
constexpr std::size_t kHistoryDays = 300;

// One generated universe of kMaxStocks stocks x kHistoryDays days, built on
// first use and shared by every argument: stocks:N uses the first N stocks.
struct Universe {
  PriceStore store{kMaxStocks, kHistoryDays};
  std::vector<OhlcvView> histories;

  Universe() {
    // Read back from the on-disk cache when an earlier process made it.
    marketbench::market::for_each_cached_day(
        marketbench::market::default_cache_dir(),
        {kMaxStocks, kHistoryDays, 20240601,
         marketbench::market::PriceProcess::kGbm},
        [this](std::span<const marketbench::market::Bar> day) {
          store.append_day(day);
        });
    for (std::size_t id = 0; id < kMaxStocks; ++id) {
      histories.push_back(
          store.history(static_cast<marketbench::market::StockId>(id)));
    }
  }
};

const Universe& universe() {
  static const Universe instance;
  return instance;
}

// One iteration: features of `stocks` stocks as of their last day, into one
// row-major stocks x 50 matrix.
void BM_FeatureExtraction(benchmark::State& state) {
  const auto stocks = static_cast<std::size_t>(state.range(0));
  const std::span<const OhlcvView> histories =
      std::span(universe().histories).first(stocks);
  FeatureExtractor extractor;
  std::vector<float> matrix(stocks * FeatureExtractor::kFeatureCount);
  extractor.extract_batch(histories, matrix);  // warm-up outside the timed loop

  marketbench::bench::AllocationMeter allocations;
  for (auto _ : state) {
    extractor.extract_batch(histories, matrix);
    benchmark::DoNotOptimize(matrix.data());
    benchmark::ClobberMemory();
  }
  const double extracted =
      static_cast<double>(state.iterations()) * static_cast<double>(stocks);
  allocations.publish(state, "bytes_per_stock", extracted);
  state.counters["stocks_per_second"] =
      benchmark::Counter(extracted, benchmark::Counter::kIsRate);
  state.SetComplexityN(static_cast<std::int64_t>(stocks));
}
BENCHMARK(BM_FeatureExtraction)
    ->ArgName("stocks")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(kMaxStocks)
    ->Unit(benchmark::kMicrosecond)
    ->Complexity(benchmark::oN);

}  // namespace
