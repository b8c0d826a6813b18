#include "marketbench/indicators/macd.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/indicators/moving_average.hpp"
#include "talib_reference.hpp"

namespace marketbench::indicators {
namespace {

using testing::kTalibCloses;

struct Series {
  explicit Series(std::size_t n) : macd(n), signal(n), histogram(n) {}
  MacdOutputs outputs() { return {macd, signal, histogram}; }
  std::vector<double> macd, signal, histogram;
};

TEST(Macd, HandComputed) {
  // fast 1, slow 2, signal 2: the line is x - EMA2(x), seeded at bar 1.
  // Bar 1: slow (1 + 2) / 2 = 1.5, fast 2, line 0.5. Bar 2: slow 1.5 + (4
  // - 1.5) * 2/3 = 19/6, line 4 - 19/6 = 5/6, signal seed (0.5 + 5/6) / 2 =
  // 2/3. Bar 3: slow 19/6 + (4 - 19/6) * 2/3 = 67/18, line 5/18, signal 2/3 +
  // (5/18 - 2/3) * 2/3 = 11/27.
  const std::vector<double> in = {1, 2, 4, 4};
  Series out(2);
  EXPECT_EQ(macd(in, {1, 2, 2}, out.outputs()), (OutputRange{2, 2}));
  EXPECT_NEAR(out.macd[0], 5.0 / 6, 1e-12);
  EXPECT_NEAR(out.signal[0], 2.0 / 3, 1e-12);
  EXPECT_NEAR(out.histogram[0], 5.0 / 6 - 2.0 / 3, 1e-12);
  EXPECT_NEAR(out.macd[1], 5.0 / 18, 1e-12);
  EXPECT_NEAR(out.signal[1], 11.0 / 27, 1e-12);
  EXPECT_NEAR(out.histogram[1], 5.0 / 18 - 11.0 / 27, 1e-12);
}

TEST(Macd, TalibReference) {
  Series out(kTalibCloses.size());
  const OutputRange range = macd(kTalibCloses, {}, out.outputs());
  EXPECT_EQ(range.begin, 33u);
  EXPECT_EQ(range.begin, macd_lookback({}));
  ASSERT_EQ(range.count, 252u - 33u);
  EXPECT_NEAR(out.macd[0], -1.9738, 1e-4);
  EXPECT_NEAR(out.signal[0], -2.7071, 1e-4);
  EXPECT_NEAR(out.histogram[0], 0.7333, 1e-4);
}

// The one-pass implementation against the definition built from ema(): the
// fast EMA runs on the input from bar slow - fast, so its seed ends on bar slow
// - 1.
TEST(Macd, MatchesCompositionOfEmas) {
  core::Xoshiro256StarStar rng(7);
  std::vector<double> in(300);
  double price = 50;
  for (auto& x : in) x = (price *= 1 + 0.02 * rng.normal());
  const MacdParams p{5, 13, 4};

  std::vector<double> slow(in.size()), fast(in.size()), line(in.size()),
      signal(in.size());
  const OutputRange slow_range = ema(in, p.slow, slow);
  ema(std::span<const double>(in).subspan(p.slow - p.fast), p.fast, fast);
  for (std::size_t j = 0; j < slow_range.count; ++j)
    line[j] = fast[j] - slow[j];
  const OutputRange signal_range = ema(
      std::span<const double>(line).first(slow_range.count), p.signal, signal);

  Series out(in.size());
  const OutputRange range = macd(in, p, out.outputs());
  ASSERT_EQ(range.begin, slow_range.begin + signal_range.begin);
  ASSERT_EQ(range.count, signal_range.count);
  for (std::size_t j = 0; j < range.count; ++j) {
    ASSERT_NEAR(out.macd[j], line[j + signal_range.begin], 1e-12) << j;
    ASSERT_NEAR(out.signal[j], signal[j], 1e-12) << j;
    ASSERT_NEAR(out.histogram[j], line[j + signal_range.begin] - signal[j],
                1e-12)
        << j;
  }
}

TEST(Macd, BadArgumentsNameTheValue) {
  const std::vector<double> in(40, 1.0);
  Series out(40);
  auto message = [&](const MacdParams& p, MacdOutputs o) -> std::string {
    try {
      macd(in, p, o);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no exception";
  };
  EXPECT_EQ(message({0, 26, 9}, out.outputs()),
            "macd: fast = 0 is invalid (must be at least 1)");
  EXPECT_EQ(message({12, 26, 0}, out.outputs()),
            "macd: signal = 0 is invalid (must be at least 1)");
  EXPECT_EQ(message({26, 12, 9}, out.outputs()),
            "macd: slow = 12 must be greater than fast = 26");
  std::vector<double> small(6);
  EXPECT_EQ(message({}, {out.macd, small, out.histogram}),
            "macd: output buffer 'signal' holds 6 values but 7 are needed");
  EXPECT_EQ(macd(std::span<const double>(in).first(33), {}, out.outputs()),
            (OutputRange{0, 0}));
}

}  // namespace
}  // namespace marketbench::indicators
