#include "marketbench/ml/feature_extractor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "marketbench/indicators/bollinger.hpp"
#include "marketbench/indicators/macd.hpp"
#include "marketbench/indicators/moving_average.hpp"
#include "marketbench/indicators/returns.hpp"
#include "marketbench/indicators/rsi.hpp"

namespace marketbench::ml {

namespace {

namespace ind = marketbench::indicators;

// Order and grouping as in docs/FEATURES.md.
constexpr std::array<std::string_view, FeatureExtractor::kFeatureCount> kNames =
    {
        // returns
        "ret_1d", "ret_2d", "ret_5d", "ret_10d", "ret_20d", "ret_60d",
        // intraday moves and gaps
        "intraday_ret_1d", "intraday_ret_mean_5d", "gap_1d", "gap_abs_mean_20d",
        // volatility
        "vol_5d", "vol_10d", "vol_20d", "vol_60d", "vol_ratio_5d_20d",
        "downside_vol_20d", "parkinson_vol_20d",
        // daily range
        "hl_range_1d", "hl_range_mean_20d", "atr_14_ratio", "close_location_1d",
        "stoch_k_14",
        // moving averages
        "close_sma_5", "close_sma_10", "close_sma_20", "close_sma_50",
        "sma_5_sma_20", "sma_20_sma_50", "close_ema_12", "close_ema_26",
        "close_ema_50", "ema_12_ema_26",
        // oscillators
        "rsi_7", "rsi_14", "rsi_28", "macd_line_ratio", "macd_signal_ratio",
        "macd_hist_ratio", "macd_hist_delta_ratio", "bb_percent_b_20",
        "bb_bandwidth_20",
        // volume
        "volume_z_20d", "volume_z_60d", "volume_ratio_5d_20d",
        "log_dollar_volume_20d", "volume_flow_20d",
        // position in the recent range and trend
        "dist_high_60d", "dist_low_60d", "max_drawdown_60d", "trend_slope_20d"};

// Below this relative size a spread (band width, high-low range, standard
// deviation) is rounding residue of a flat stretch, not a signal.
constexpr double kFlat = 1e-12;

// a / b - 1, the form of every price ratio; b is a positive price or an
// average of positive prices.
double ratio(double a, double b) { return b > 0 ? a / b - 1.0 : 0.0; }

// num / den, or `neutral` when den is negligible next to `scale`.
double guarded(double num, double den, double scale, double neutral) {
  return std::abs(den) > kFlat * std::abs(scale) && den != 0.0 ? num / den
                                                               : neutral;
}

double mean_of(std::span<const double> x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

// Population standard deviation around a given mean.
double std_of(std::span<const double> x, double mean) {
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(x.size()));
}

// Today's volume against the `days` days before it.
double volume_z(std::span<const double> volume, std::size_t days) {
  const auto previous = volume.last(days + 1).first(days);
  const double mean = mean_of(previous);
  const double sd = std_of(previous, mean);
  return guarded(volume.back() - mean, sd, mean, 0.0);
}

// Whether every value is finite and positive (or, for volumes, non-negative);
// NaN fails every comparison. No early exit, so that the loop vectorises: it
// runs over the whole window on every extraction.
template <bool kAllowZero>
bool all_valid(std::span<const double> x) {
  constexpr double kMax = std::numeric_limits<double>::max();
  int ok = 1;  // an int, not a bool: GCC 12 vectorises only this form
  for (double v : x) ok &= (kAllowZero ? v >= 0.0 : v > 0.0) & (v <= kMax);
  return ok != 0;
}

void check_column(std::span<const double> x, std::size_t first_day,
                  const char* field, bool is_volume) {
  if (is_volume ? all_valid<true>(x) : all_valid<false>(x)) return;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const bool ok = std::isfinite(x[i]) && (is_volume ? x[i] >= 0 : x[i] > 0);
    if (!ok) {
      throw std::invalid_argument(fmt::format(
          "FeatureExtractor: {}[{}] = {} is not {}", field, first_day + i, x[i],
          is_volume ? "a finite non-negative volume"
                    : "a finite positive price"));
    }
  }
}

void check_window(const market::OhlcvView& w, std::size_t first_day) {
  check_column(w.open, first_day, "open", false);
  check_column(w.high, first_day, "high", false);
  check_column(w.low, first_day, "low", false);
  check_column(w.close, first_day, "close", false);
  check_column(w.volume, first_day, "volume", true);
}

// Appends features in kNames order and checks at the end that all were written.
class Row {
 public:
  explicit Row(std::span<float> out) : out_(out) {}
  void add(double value) {
    // Overflow on absurd inputs (a price ratio near the double range) is the
    // only source of non-finite values; the output promises finite floats.
    if (std::isnan(value)) value = 0.0;
    value = std::clamp(value, -FeatureExtractor::kFeatureLimit,
                       FeatureExtractor::kFeatureLimit);
    if (n_ == out_.size())
      throw std::logic_error(
          "FeatureExtractor: more features than kFeatureCount");
    out_[n_++] = static_cast<float>(value);
  }
  std::size_t written() const { return n_; }

 private:
  std::span<float> out_;
  std::size_t n_ = 0;
};

}  // namespace

const std::array<std::string_view, FeatureExtractor::kFeatureCount>&
FeatureExtractor::feature_names() {
  return kNames;
}

std::size_t FeatureExtractor::feature_index(std::string_view name) {
  const auto it = std::find(kNames.begin(), kNames.end(), name);
  if (it == kNames.end())
    throw std::invalid_argument(fmt::format("unknown feature name '{}'", name));
  return static_cast<std::size_t>(it - kNames.begin());
}

FeatureExtractor::FeatureExtractor()
    : returns_(kWindowDays),
      series_a_(kWindowDays),
      series_b_(kWindowDays),
      series_c_(kWindowDays) {}

void FeatureExtractor::extract(const market::OhlcvView& history,
                               std::span<float> out) {
  if (out.size() != kFeatureCount) {
    throw std::invalid_argument(
        fmt::format("FeatureExtractor: output holds {} values, expected {}",
                    out.size(), kFeatureCount));
  }
  const std::size_t days = history.days();
  if (history.open.size() != days || history.high.size() != days ||
      history.low.size() != days || history.volume.size() != days) {
    throw std::invalid_argument(
        fmt::format("FeatureExtractor: OHLCV columns differ in length (open "
                    "{}, high {}, low {}, close {}, volume {})",
                    history.open.size(), history.high.size(),
                    history.low.size(), days, history.volume.size()));
  }
  if (days < kWindowDays) {
    throw std::invalid_argument(
        fmt::format("FeatureExtractor: history of {} days is too short, at "
                    "least {} days are required",
                    days, kWindowDays));
  }
  const std::size_t first = days - kWindowDays;
  const market::OhlcvView window{
      history.open.subspan(first), history.high.subspan(first),
      history.low.subspan(first), history.close.subspan(first),
      history.volume.subspan(first)};
  check_window(window, first);
  compute(window, out);
}

void FeatureExtractor::extract_batch(
    std::span<const market::OhlcvView> histories, std::span<float> out) {
  if (out.size() != histories.size() * kFeatureCount) {
    throw std::invalid_argument(fmt::format(
        "FeatureExtractor: batch output holds {} values, expected {} x {} = {}",
        out.size(), histories.size(), kFeatureCount,
        histories.size() * kFeatureCount));
  }
  for (std::size_t i = 0; i < histories.size(); ++i) {
    try {
      extract(histories[i], out.subspan(i * kFeatureCount, kFeatureCount));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("batch row {}: {}", i, e.what()));
    }
  }
}

void FeatureExtractor::compute(const market::OhlcvView& w,
                               std::span<float> out) {
  const auto o = w.open;
  const auto h = w.high;
  const auto l = w.low;
  const auto c = w.close;
  const auto v = w.volume;
  const std::size_t t = c.size() - 1;
  const double close = c[t];
  double one[1];
  double one_b[1];
  double one_c[1];
  Row row(out);

  // The last 20 daily returns: r20[k] is the return into day t - 19 + k.
  ind::returns(c.last(21), 1, returns_);
  const std::span<const double> r20(returns_.data(), 20);

  // Returns over several horizons.
  for (std::size_t horizon : {1, 2, 5, 10, 20, 60}) {
    ind::returns(c.last(horizon + 1), horizon, one);
    row.add(one[0]);
  }

  // Intraday moves and overnight gaps.
  row.add(ratio(close, o[t]));
  double intraday = 0;
  for (std::size_t i = t - 4; i <= t; ++i) intraday += ratio(c[i], o[i]);
  row.add(intraday / 5);
  row.add(ratio(o[t], c[t - 1]));
  double gaps = 0;
  for (std::size_t i = t - 19; i <= t; ++i)
    gaps += std::abs(ratio(o[i], c[i - 1]));
  row.add(gaps / 20);

  // Volatility of daily returns.
  double vol[4];
  const std::size_t vol_periods[4] = {5, 10, 20, 60};
  for (int k = 0; k < 4; ++k) {
    ind::volatility(c.last(vol_periods[k] + 1), vol_periods[k], one);
    vol[k] = one[0];
    row.add(vol[k]);
  }
  row.add(vol[2] > kFlat ? vol[0] / vol[2] - 1.0 : 0.0);
  double downside = 0;
  for (double x : r20) downside += x < 0 ? x * x : 0.0;
  row.add(std::sqrt(downside / 20));
  double parkinson = 0;
  for (std::size_t i = t - 19; i <= t; ++i) {
    const double log_range = std::log(h[i] / l[i]);
    parkinson += log_range * log_range;
  }
  row.add(std::sqrt(parkinson / (20 * 4 * std::log(2.0))));

  // Daily range.
  row.add((h[t] - l[t]) / close);
  double range = 0;
  for (std::size_t i = t - 19; i <= t; ++i) range += (h[i] - l[i]) / c[i];
  row.add(range / 20);
  // Wilder's average true range (14), seeded with the mean of the first 14 true
  // ranges.
  double atr = 0;
  for (std::size_t i = 1; i <= t; ++i) {
    const double tr = std::max(
        {h[i] - l[i], std::abs(h[i] - c[i - 1]), std::abs(l[i] - c[i - 1])});
    if (i <= 14) {
      atr += tr / 14;
    } else {
      atr = (atr * 13 + tr) / 14;
    }
  }
  row.add(atr / close);
  row.add(guarded(close - l[t], h[t] - l[t], close, 0.5));
  const auto h14 = h.last(14);
  const auto l14 = l.last(14);
  const double high14 = *std::max_element(h14.begin(), h14.end());
  const double low14 = *std::min_element(l14.begin(), l14.end());
  row.add(guarded(close - low14, high14 - low14, close, 0.5));

  // Simple moving averages.
  double sma[4];
  const std::size_t sma_periods[4] = {5, 10, 20, 50};
  for (int k = 0; k < 4; ++k) {
    ind::sma(c.last(sma_periods[k]), sma_periods[k], one);
    sma[k] = one[0];
    row.add(ratio(close, sma[k]));
  }
  row.add(ratio(sma[0], sma[2]));
  row.add(ratio(sma[2], sma[3]));

  // Exponential moving averages over the whole window.
  double ema[3];
  const std::size_t ema_periods[3] = {12, 26, 50};
  for (int k = 0; k < 3; ++k) {
    const auto range_out = ind::ema(c, ema_periods[k], series_a_);
    ema[k] = series_a_[range_out.count - 1];
    row.add(ratio(close, ema[k]));
  }
  row.add(ratio(ema[0], ema[1]));

  // RSI in 0..1.
  for (std::size_t period : {7, 14, 28}) {
    const auto range_out = ind::rsi(c, period, series_a_);
    row.add(series_a_[range_out.count - 1] / 100.0);
  }

  // MACD(12, 26, 9) in units of today's close.
  const auto macd_out = ind::macd(c, {}, {series_a_, series_b_, series_c_});
  const std::size_t m = macd_out.count - 1;
  row.add(series_a_[m] / close);
  row.add(series_b_[m] / close);
  row.add(series_c_[m] / close);
  row.add((series_c_[m] - series_c_[m - 1]) / close);

  // Bollinger(20, 2).
  ind::bollinger(c.last(20), {}, {one, one_b, one_c});
  const double width = one[0] - one_c[0];
  row.add(guarded(close - one_c[0], width, one_b[0], 0.5));
  row.add(width / one_b[0]);

  // Volume.
  row.add(volume_z(v, 20));
  row.add(volume_z(v, 60));
  const double volume5 = mean_of(v.last(5));
  const double volume20 = mean_of(v.last(20));
  row.add(volume20 > 0 ? volume5 / volume20 - 1.0 : 0.0);
  double dollar_volume = 0;
  for (std::size_t i = t - 19; i <= t; ++i) dollar_volume += c[i] * v[i];
  row.add(std::log1p(dollar_volume / 20));
  double signed_volume = 0;
  for (std::size_t i = t - 19; i <= t; ++i) {
    const double day_return = r20[i - (t - 19)];
    signed_volume += day_return > 0 ? v[i] : (day_return < 0 ? -v[i] : 0.0);
  }
  row.add(volume20 > 0 ? signed_volume / (volume20 * 20) : 0.0);

  // Position in the recent range and trend.
  const auto h60 = h.last(60);
  const auto l60 = l.last(60);
  row.add(ratio(close, *std::max_element(h60.begin(), h60.end())));
  row.add(ratio(close, *std::min_element(l60.begin(), l60.end())));
  double peak = 0;
  double drawdown = 0;
  for (double x : c.last(60)) {
    peak = std::max(peak, x);
    drawdown = std::min(drawdown, x / peak - 1.0);
  }
  row.add(drawdown);
  // Least-squares slope of the last 20 closes per day, relative to their mean.
  const auto c20 = c.last(20);
  const double mean20 = mean_of(c20);
  double sxy = 0;
  double sxx = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const double x = static_cast<double>(i) - 9.5;
    sxy += x * (c20[i] - mean20);
    sxx += x * x;
  }
  row.add(sxy / sxx / mean20);

  if (row.written() != kFeatureCount) {
    throw std::logic_error(
        fmt::format("FeatureExtractor wrote {} features, expected {}",
                    row.written(), kFeatureCount));
  }
}

}  // namespace marketbench::ml
