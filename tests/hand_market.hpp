#pragma once

// A four-stock, five-day market with prices set by hand, for tests whose
// expected values are worked out on paper. Daily returns (days 1..4):
//   AAA  100 -> 110 -> 99 -> 108.9 -> 119.79     +10% -10% +10% +10%
//   AAB   50 ->  55 -> 49.5 -> 54.45 -> 57.1725  +10% -10% +10%  +5%
//   BBB  200 -> 180 -> 198 -> 178.2 -> 160.38    -10% +10% -10% -10%
//   CCC   10 ->  10 ->  10 ->  10   ->  10         0    0    0    0
// AAA and BBB move exactly opposite (correlation -1); CCC never moves.

#include <array>
#include <string>
#include <vector>

#include "marketbench/market/ohlcv.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/market/symbol_index.hpp"

namespace marketbench::testing {

struct HandMarket {
  static constexpr std::size_t kDays = 5;
  static constexpr std::array<std::array<double, kDays>, 4> kCloses = {{
      {100, 110, 99, 108.9, 119.79},
      {50, 55, 49.5, 54.45, 57.1725},
      {200, 180, 198, 178.2, 160.38},
      {10, 10, 10, 10, 10},
  }};
  static constexpr market::StockId kAAA = 0, kAAB = 1, kBBB = 2, kCCC = 3;

  std::vector<std::string> symbols{"AAA", "AAB", "BBB", "CCC"};
  market::SymbolIndex index{symbols};
  market::PriceStore prices{symbols.size(), kDays};

  HandMarket() {
    for (std::size_t d = 0; d < kDays; ++d) {
      std::vector<market::Bar> bars;
      for (const auto& closes : kCloses) {
        const double c = closes[d];
        // Open a little below, high/low around the close: only the close
        // enters the statistics under test.
        bars.push_back({c * 0.99, c * 1.01, c * 0.98, c, 1000.0 + d});
      }
      prices.append_day(bars);
    }
  }
};

}  // namespace marketbench::testing
