#include "marketbench/ml/feature_extractor.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/indicators/rsi.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"

namespace marketbench::ml {
namespace {

constexpr std::size_t kN = FeatureExtractor::kFeatureCount;
constexpr std::size_t kWindow = FeatureExtractor::kWindowDays;

struct History {
  std::vector<double> open, high, low, close, volume;
  market::OhlcvView view() const { return {open, high, low, close, volume}; }
  std::size_t days() const { return close.size(); }
};

// Random daily bars: log-normal closes, overnight gaps, wicks, log-normal
// volume.
History random_history(std::size_t days, std::uint64_t seed,
                       double daily_vol = 0.02, double start = 100) {
  core::Xoshiro256StarStar rng(seed);
  History h;
  double prev = start;
  for (std::size_t d = 0; d < days; ++d) {
    const double open = prev * std::exp(0.3 * daily_vol * rng.normal());
    const double close = open * std::exp(daily_vol * rng.normal());
    h.open.push_back(open);
    h.close.push_back(close);
    h.high.push_back(std::max(open, close) *
                     (1 + 0.5 * daily_vol * std::abs(rng.normal())));
    h.low.push_back(std::min(open, close) *
                    (1 - 0.3 * daily_vol * rng.uniform01()));
    h.volume.push_back(1e6 * std::exp(0.5 * rng.normal()));
    prev = close;
  }
  return h;
}

History flat_history(std::size_t days, double price, double volume) {
  History h;
  h.open.assign(days, price);
  h.high.assign(days, price);
  h.low.assign(days, price);
  h.close.assign(days, price);
  h.volume.assign(days, volume);
  return h;
}

std::vector<float> features(FeatureExtractor& fx,
                            const market::OhlcvView& view) {
  std::vector<float> out(kN);
  fx.extract(view, out);
  return out;
}

float feature(const std::vector<float>& row, std::string_view name) {
  return row[FeatureExtractor::feature_index(name)];
}

std::string message_of(auto&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

TEST(FeatureExtractor, FiftyUniqueNamesWithIndices) {
  const auto& names = FeatureExtractor::feature_names();
  ASSERT_EQ(names.size(), 50u);
  std::set<std::string_view> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), 50u);
  for (std::size_t i = 0; i < names.size(); ++i)
    EXPECT_EQ(FeatureExtractor::feature_index(names[i]), i);
  EXPECT_EQ(message_of([] { FeatureExtractor::feature_index("rsi_15"); }),
            "unknown feature name 'rsi_15'");
}

TEST(FeatureExtractor, EveryFeatureIsDocumented) {
  // MB_TEST_DATA_DIR is <repo>/tests/data, which need not exist: go up
  // lexically.
  const std::filesystem::path path =
      std::filesystem::path(MB_TEST_DATA_DIR).parent_path().parent_path() /
      "docs" / "FEATURES.md";
  std::ifstream file(path);
  ASSERT_TRUE(file) << "cannot open " << path;
  std::stringstream text;
  text << file.rdbuf();
  for (auto name : FeatureExtractor::feature_names()) {
    EXPECT_NE(text.str().find(fmt::format("`{}`", name)), std::string::npos)
        << name << " missing in " << path;
  }
}

TEST(FeatureExtractor, TooShortHistoryNamesBothLengths) {
  FeatureExtractor fx;
  const History h = random_history(kWindow - 1, 1);
  std::vector<float> out(kN);
  EXPECT_EQ(message_of([&] { fx.extract(h.view(), out); }),
            "FeatureExtractor: history of 127 days is too short, at least 128 "
            "days are required");
  EXPECT_EQ(FeatureExtractor::min_history_days(), kWindow);
  const History enough = random_history(kWindow, 1);
  EXPECT_NO_THROW(fx.extract(enough.view(), out));
}

TEST(FeatureExtractor, RejectsWrongOutputSizeAndBadValues) {
  FeatureExtractor fx;
  History h = random_history(200, 2);
  std::vector<float> small(kN - 1);
  EXPECT_EQ(message_of([&] { fx.extract(h.view(), small); }),
            "FeatureExtractor: output holds 49 values, expected 50");

  std::vector<float> out(kN);
  h.close[150] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(
      message_of([&] { fx.extract(h.view(), out); }),
      "FeatureExtractor: close[150] = nan is not a finite positive price");
  h.close[150] = 0;
  EXPECT_EQ(message_of([&] { fx.extract(h.view(), out); }),
            "FeatureExtractor: close[150] = 0 is not a finite positive price");
  h.close[150] = 10;
  h.volume[199] = -1;
  EXPECT_EQ(
      message_of([&] { fx.extract(h.view(), out); }),
      "FeatureExtractor: volume[199] = -1 is not a finite non-negative volume");
  h.volume[199] = 5;
  // Days before the window are never read, so bad values there do not matter.
  h.low[10] = -3;
  EXPECT_NO_THROW(fx.extract(h.view(), out));

  market::OhlcvView ragged = h.view();
  ragged.volume = ragged.volume.first(199);
  EXPECT_NE(
      message_of([&] { fx.extract(ragged, out); }).find("differ in length"),
      std::string::npos);
}

// Features at day t come from history.first(t + 1); whatever happens after t
// must not move them, while a change on day t itself must.
TEST(FeatureExtractor, NoLookAhead) {
  FeatureExtractor fx;
  History h = random_history(300, 3);
  for (std::size_t t : {kWindow - 1, std::size_t{200}, std::size_t{298}}) {
    const std::vector<float> before = features(fx, h.view().first(t + 1));
    History changed = h;
    core::Xoshiro256StarStar rng(t);
    for (std::size_t d = t + 1; d < changed.days(); ++d) {
      for (auto* column : {&changed.open, &changed.high, &changed.low,
                           &changed.close, &changed.volume}) {
        (*column)[d] = 1 + 1000 * rng.uniform01();
      }
    }
    EXPECT_EQ(features(fx, changed.view().first(t + 1)), before) << "t = " << t;

    changed.close[t] *= 1.05;
    changed.volume[t] *= 3;
    const std::vector<float> moved = features(fx, changed.view().first(t + 1));
    EXPECT_NE(feature(moved, "ret_1d"), feature(before, "ret_1d"));
    EXPECT_NE(feature(moved, "volume_z_20d"), feature(before, "volume_z_20d"));
  }
}

TEST(FeatureExtractor, ReadsOnlyTheLastWindowDays) {
  FeatureExtractor fx;
  const History h = random_history(300, 4);
  const std::vector<float> full = features(fx, h.view());
  History changed = h;
  changed.close[300 - kWindow - 1] *= 2;
  EXPECT_EQ(features(fx, changed.view()), full);
  changed.close[300 - kWindow] *=
      2;  // the first day of the window seeds the EMAs
  EXPECT_NE(feature(features(fx, changed.view()), "close_ema_50"),
            feature(full, "close_ema_50"));
}

TEST(FeatureExtractor, AllFiniteOverRandomAndDegenerateData) {
  FeatureExtractor fx;
  std::vector<History> cases;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    cases.push_back(random_history(
        150 + seed, seed, 0.001 + 0.01 * static_cast<double>(seed % 8)));
  }
  cases.push_back(random_history(200, 100, 0.5));         // wild swings
  cases.push_back(random_history(200, 101, 0.02, 1e-6));  // penny prices
  cases.push_back(random_history(200, 102, 0.02, 1e7));   // huge prices
  cases.push_back(flat_history(200, 100, 1e6));           // flat prices
  cases.push_back(flat_history(200, 0.01, 0));  // flat prices, zero volume
  History zero_volume = random_history(200, 103);
  std::fill(zero_volume.volume.begin(), zero_volume.volume.end(), 0.0);
  cases.push_back(zero_volume);
  History goes_flat = random_history(200, 104, 0.3);
  std::fill(goes_flat.close.begin() + 100, goes_flat.close.end(), 55.5);
  std::fill(goes_flat.open.begin() + 100, goes_flat.open.end(), 55.5);
  std::fill(goes_flat.high.begin() + 100, goes_flat.high.end(), 55.5);
  std::fill(goes_flat.low.begin() + 100, goes_flat.low.end(), 55.5);
  cases.push_back(goes_flat);
  History spikes = random_history(200, 105);
  spikes.close[190] = 1e9;
  spikes.high[190] = 1e9;
  spikes.volume[195] = 1e15;
  cases.push_back(spikes);

  for (std::size_t k = 0; k < cases.size(); ++k) {
    const std::vector<float> row = features(fx, cases[k].view());
    for (std::size_t i = 0; i < kN; ++i) {
      ASSERT_TRUE(std::isfinite(row[i]))
          << "case " << k << " feature "
          << FeatureExtractor::feature_names()[i];
      ASSERT_LE(std::abs(row[i]), FeatureExtractor::kFeatureLimit);
    }
  }
}

TEST(FeatureExtractor, FlatPricesGiveNeutralValues) {
  FeatureExtractor fx;
  const std::vector<float> row =
      features(fx, flat_history(kWindow, 42.0, 1000).view());
  for (const char* zero : {"ret_1d",
                           "ret_60d",
                           "gap_1d",
                           "vol_5d",
                           "vol_60d",
                           "vol_ratio_5d_20d",
                           "parkinson_vol_20d",
                           "hl_range_1d",
                           "atr_14_ratio",
                           "close_sma_50",
                           "close_ema_50",
                           "rsi_14",
                           "macd_line_ratio",
                           "macd_hist_delta_ratio",
                           "bb_bandwidth_20",
                           "volume_z_20d",
                           "volume_z_60d",
                           "volume_ratio_5d_20d",
                           "volume_flow_20d",
                           "max_drawdown_60d",
                           "trend_slope_20d"}) {
    EXPECT_NEAR(feature(row, zero), 0.0f, 1e-7f) << zero;
  }
  for (const char* half :
       {"close_location_1d", "stoch_k_14", "bb_percent_b_20"}) {
    EXPECT_EQ(feature(row, half), 0.5f) << half;
  }
  EXPECT_NEAR(feature(row, "log_dollar_volume_20d"), std::log1p(42.0 * 1000),
              1e-4);
}

// Spot checks against direct computations from the definitions in
// docs/FEATURES.md.
TEST(FeatureExtractor, MatchesDefinitions) {
  FeatureExtractor fx;
  const History h = random_history(kWindow + 40, 9);
  const std::vector<float> row = features(fx, h.view());
  const auto& c = h.close;
  const std::size_t t = h.days() - 1;
  auto near = [&](const char* name, double expected) {
    EXPECT_NEAR(feature(row, name), expected,
                1e-5 * std::max(1.0, std::abs(expected)))
        << name;
  };
  near("ret_5d", c[t] / c[t - 5] - 1);
  near("ret_60d", c[t] / c[t - 60] - 1);
  near("gap_1d", h.open[t] / c[t - 1] - 1);
  near("hl_range_1d", (h.high[t] - h.low[t]) / c[t]);

  double mean = 0;
  for (std::size_t i = t - 19; i <= t; ++i) mean += c[i] / c[i - 1] - 1;
  mean /= 20;
  double ss = 0;
  for (std::size_t i = t - 19; i <= t; ++i)
    ss += std::pow(c[i] / c[i - 1] - 1 - mean, 2);
  near("vol_20d", std::sqrt(ss / 19));

  double sma20 = 0;
  for (std::size_t i = t - 19; i <= t; ++i) sma20 += c[i];
  sma20 /= 20;
  near("close_sma_20", c[t] / sma20 - 1);
  double var20 = 0;
  for (std::size_t i = t - 19; i <= t; ++i)
    var20 += (c[i] - sma20) * (c[i] - sma20);
  const double sd20 = std::sqrt(var20 / 20);
  near("bb_percent_b_20", (c[t] - (sma20 - 2 * sd20)) / (4 * sd20));
  near("bb_bandwidth_20", 4 * sd20 / sma20);

  std::vector<double> rsi(kWindow);
  const auto range =
      indicators::rsi(std::span<const double>(c).last(kWindow), 14, rsi);
  near("rsi_14", rsi[range.count - 1] / 100);

  double vmean = 0;
  for (std::size_t i = t - 20; i < t; ++i) vmean += h.volume[i];
  vmean /= 20;
  double vss = 0;
  for (std::size_t i = t - 20; i < t; ++i)
    vss += (h.volume[i] - vmean) * (h.volume[i] - vmean);
  near("volume_z_20d", (h.volume[t] - vmean) / std::sqrt(vss / 20));

  double peak = 0, drawdown = 0;
  for (std::size_t i = t - 59; i <= t; ++i) {
    peak = std::max(peak, c[i]);
    drawdown = std::min(drawdown, c[i] / peak - 1);
  }
  near("max_drawdown_60d", drawdown);

  double downside = 0, signed_volume = 0, volume = 0;
  for (std::size_t i = t - 19; i <= t; ++i) {
    const double r = c[i] / c[i - 1] - 1;
    downside += r < 0 ? r * r : 0;
    signed_volume += r > 0 ? h.volume[i] : -h.volume[i];
    volume += h.volume[i];
  }
  near("downside_vol_20d", std::sqrt(downside / 20));
  near("volume_flow_20d", signed_volume / volume);

  double sx = 0, sy = 0, sxy = 0, sxx = 0;
  for (std::size_t i = t - 19; i <= t; ++i) {
    const double x = static_cast<double>(i);
    sx += x;
    sy += c[i];
    sxy += x * c[i];
    sxx += x * x;
  }
  near("trend_slope_20d",
       (20 * sxy - sx * sy) / (20 * sxx - sx * sx) / (sy / 20));

  const double high14 = *std::max_element(h.high.end() - 14, h.high.end());
  const double low14 = *std::min_element(h.low.end() - 14, h.low.end());
  near("stoch_k_14", (c[t] - low14) / (high14 - low14));
}

TEST(FeatureExtractor, BatchEqualsSingleRows) {
  FeatureExtractor fx;
  std::vector<History> stocks;
  for (std::uint64_t s = 0; s < 6; ++s)
    stocks.push_back(random_history(kWindow + 10 * s, 50 + s));
  std::vector<market::OhlcvView> views;
  for (const auto& s : stocks) views.push_back(s.view());
  std::vector<float> matrix(views.size() * kN);
  fx.extract_batch(views, matrix);
  for (std::size_t i = 0; i < views.size(); ++i) {
    const std::vector<float> single = features(fx, views[i]);
    EXPECT_TRUE(
        std::equal(single.begin(), single.end(),
                   matrix.begin() + static_cast<std::ptrdiff_t>(i * kN)))
        << "row " << i;
  }
  std::vector<float> wrong(matrix.size() - 1);
  EXPECT_EQ(
      message_of([&] { fx.extract_batch(views, wrong); }),
      "FeatureExtractor: batch output holds 299 values, expected 6 x 50 = 300");
  views[3] = views[3].first(100);
  EXPECT_EQ(message_of([&] { fx.extract_batch(views, matrix); }),
            "batch row 3: FeatureExtractor: history of 100 days is too short, "
            "at least 128 days are required");
}

TEST(FeatureExtractor, SteadyStateDoesNotAllocate) {
  if (!metrics::jemalloc_available()) {
    GTEST_SKIP() << "jemalloc counters unavailable: "
                 << metrics::jemalloc_unavailable_reason();
  }
  FeatureExtractor fx;
  const History a = random_history(300, 60);
  const History b = random_history(300, 61);
  const std::vector<market::OhlcvView> views = {a.view(), b.view()};
  std::vector<float> matrix(2 * kN);
  fx.extract_batch(views, matrix);
  metrics::ThreadAllocations counters;
  const auto start = counters.snapshot();
  for (int i = 0; i < 20; ++i) {
    fx.extract(a.view(), std::span<float>(matrix).first(kN));
    fx.extract_batch(views, matrix);
  }
  EXPECT_EQ(counters.since(start).allocated, 0u);
}

}  // namespace
}  // namespace marketbench::ml
