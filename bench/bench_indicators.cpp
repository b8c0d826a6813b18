// The technical indicators over one stock's close series.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "marketbench/indicators/bollinger.hpp"
#include "marketbench/indicators/macd.hpp"
#include "marketbench/indicators/moving_average.hpp"
#include "marketbench/indicators/returns.hpp"
#include "marketbench/indicators/rsi.hpp"
#include "marketbench/market/market_generator.hpp"

namespace {

namespace ind = marketbench::indicators;

constexpr std::size_t kMaxDays = 4096;

// Closes of one generated stock, kMaxDays long; days:N uses the first N.
const std::vector<double>& closes() {
  static const std::vector<double> series = [] {
    marketbench::market::MarketGenerator generator(1, 7);
    std::vector<double> out;
    out.reserve(kMaxDays);
    for (std::size_t d = 0; d < kMaxDays; ++d)
      out.push_back(generator.next_day()[0].close);
    return out;
  }();
  return series;
}

// One iteration: the indicator over the first `days` closes into preallocated
// buffers.
template <typename Compute>
void run_indicator(benchmark::State& state, Compute&& compute) {
  const auto days = static_cast<std::size_t>(state.range(0));
  const std::span<const double> in = std::span(closes()).first(days);
  std::vector<double> a(days), b(days), c(days);
  for (auto _ : state) {
    benchmark::DoNotOptimize(compute(in, a, b, c));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(days));
}

using Span = std::span<double>;

void BM_IndicatorSma(benchmark::State& state) {
  run_indicator(
      state, [](auto in, Span a, Span, Span) { return ind::sma(in, 20, a); });
}
void BM_IndicatorEma(benchmark::State& state) {
  run_indicator(
      state, [](auto in, Span a, Span, Span) { return ind::ema(in, 20, a); });
}
void BM_IndicatorRsi(benchmark::State& state) {
  run_indicator(
      state, [](auto in, Span a, Span, Span) { return ind::rsi(in, 14, a); });
}
void BM_IndicatorMacd(benchmark::State& state) {
  run_indicator(state, [](auto in, Span a, Span b, Span c) {
    return ind::macd(in, {}, {a, b, c});
  });
}
void BM_IndicatorBollinger(benchmark::State& state) {
  run_indicator(state, [](auto in, Span a, Span b, Span c) {
    return ind::bollinger(in, {}, {a, b, c});
  });
}
void BM_IndicatorVolatility(benchmark::State& state) {
  run_indicator(state, [](auto in, Span a, Span, Span) {
    return ind::volatility(in, 20, a);
  });
}

#define MB_INDICATOR_BENCHMARK(name) \
  BENCHMARK(name)->ArgName("days")->Arg(252)->Arg(kMaxDays)

MB_INDICATOR_BENCHMARK(BM_IndicatorSma);
MB_INDICATOR_BENCHMARK(BM_IndicatorEma);
MB_INDICATOR_BENCHMARK(BM_IndicatorRsi);
MB_INDICATOR_BENCHMARK(BM_IndicatorMacd);
MB_INDICATOR_BENCHMARK(BM_IndicatorBollinger);
MB_INDICATOR_BENCHMARK(BM_IndicatorVolatility);

}  // namespace
