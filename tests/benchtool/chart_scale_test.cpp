#include <gtest/gtest.h>

#include <cmath>

#include "report/chart.hpp"

namespace benchtool {
namespace {

TEST(LinearScale, NiceBoundsContainTheData) {
  const Scale s = linear_scale(3.2, 97.5, false);
  EXPECT_FALSE(s.log);
  EXPECT_LE(s.lo, 3.2);
  EXPECT_GE(s.hi, 97.5);
  EXPECT_DOUBLE_EQ(s.lo, 0);
  EXPECT_DOUBLE_EQ(s.hi, 100);
  ASSERT_GE(s.ticks.size(), 3u);
  EXPECT_DOUBLE_EQ(s.ticks.front(), s.lo);
  EXPECT_DOUBLE_EQ(s.ticks.back(), s.hi);
  for (std::size_t i = 1; i < s.ticks.size(); ++i)
    EXPECT_GT(s.ticks[i], s.ticks[i - 1]);
}

TEST(LinearScale, IncludeZeroReachesZero) {
  const Scale s = linear_scale(2100, 3950, true);
  EXPECT_DOUBLE_EQ(s.lo, 0);
  EXPECT_GE(s.hi, 3950);
  const Scale neg = linear_scale(-19.8, -1.0, true);
  EXPECT_LE(neg.lo, -19.8);
  EXPECT_DOUBLE_EQ(neg.hi, 0);
}

TEST(LinearScale, FlatDataStillGetsARange) {
  const Scale s = linear_scale(5, 5, false);
  EXPECT_LT(s.lo, 5);
  EXPECT_GT(s.hi, 5);
  const Scale zero = linear_scale(0, 0, true);
  EXPECT_DOUBLE_EQ(zero.lo, 0);
  EXPECT_GT(zero.hi, 0);
}

TEST(LogScale, BoundsOnThe125Ladder) {
  const Scale s = log_scale(1, 256);
  EXPECT_TRUE(s.log);
  EXPECT_DOUBLE_EQ(s.lo, 1);
  EXPECT_DOUBLE_EQ(s.hi, 500);
  const Scale t = log_scale(100, 6000);
  EXPECT_DOUBLE_EQ(t.lo, 100);
  EXPECT_DOUBLE_EQ(t.hi, 10000);
  const Scale u = log_scale(0.37, 0.91);
  EXPECT_DOUBLE_EQ(u.lo, 0.2);
  EXPECT_DOUBLE_EQ(u.hi, 1);
  // Exact rungs are their own bounds.
  const Scale v = log_scale(2, 50);
  EXPECT_DOUBLE_EQ(v.lo, 2);
  EXPECT_DOUBLE_EQ(v.hi, 50);
}

TEST(LogScale, TicksEveryRungWhenShortElseDecades) {
  const Scale s = log_scale(1, 100);
  const std::vector<double> expected = {1, 2, 5, 10, 20, 50, 100};
  ASSERT_EQ(s.ticks.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_DOUBLE_EQ(s.ticks[i], expected[i]);
  const Scale wide = log_scale(2, 2e6);
  // 2, 10, 100, ..., 1e6, 2e6.
  EXPECT_DOUBLE_EQ(wide.ticks.front(), 2);
  EXPECT_DOUBLE_EQ(wide.ticks[1], 10);
  EXPECT_DOUBLE_EQ(wide.ticks.back(), 2e6);
  EXPECT_EQ(wide.ticks.size(), 8u);
}

TEST(LogScale, MapsDecadesEvenly) {
  const Scale s = log_scale(1, 100);
  EXPECT_DOUBLE_EQ(s.to_pixel(1, 0, 200), 0);
  EXPECT_NEAR(s.to_pixel(10, 0, 200), 100, 1e-9);
  EXPECT_DOUBLE_EQ(s.to_pixel(100, 0, 200), 200);
  // SVG y grows downwards: pixel ranges may run backwards.
  EXPECT_NEAR(s.to_pixel(10, 300, 100), 200, 1e-9);
}

TEST(MakeScale, FallsBackToLinearForNonPositiveData) {
  EXPECT_TRUE(make_scale(1, 1000, true, false).log);
  EXPECT_FALSE(make_scale(0, 1000, true, false).log);
  EXPECT_FALSE(make_scale(-5, 1000, true, false).log);
}

TEST(SpansMoreThan10x, IsTheLogAxisRule) {
  EXPECT_TRUE(spans_more_than_10x({1, 10, 256}));
  EXPECT_FALSE(spans_more_than_10x({5, 10, 20, 50}));  // exactly 10x: linear
  EXPECT_TRUE(spans_more_than_10x({1, 2, 8, 32, 100}));
  EXPECT_FALSE(spans_more_than_10x({1000, 2000, 4000, 6000}));
  EXPECT_FALSE(spans_more_than_10x({0, 1, 1000}));  // 0 cannot go on a log axis
  EXPECT_FALSE(spans_more_than_10x({}));
  EXPECT_TRUE(spans_more_than_10x({NAN, 1, 100}));  // non-finite values ignored
}

TEST(FormatTick, ShortSiText) {
  EXPECT_EQ(format_tick(0), "0");
  EXPECT_EQ(format_tick(0.5), "0.5");
  EXPECT_EQ(format_tick(20), "20");
  EXPECT_EQ(format_tick(2.5), "2.5");
  EXPECT_EQ(format_tick(10000), "10k");
  EXPECT_EQ(format_tick(1500000), "1.5M");
  EXPECT_EQ(format_tick(-20), "-20");
  EXPECT_EQ(format_tick(2e9), "2G");
}

}  // namespace
}  // namespace benchtool
