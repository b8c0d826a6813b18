#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace benchtool {

double median(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("median of no values");
  std::vector<double> v(values.begin(), values.end());
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid),
                   v.end());
  const double upper = v[mid];
  if (v.size() % 2 == 1) return upper;
  const double lower = *std::max_element(
      v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (upper - lower) / 2;
}

Summary summarize(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("summary of no values");
  Summary s;
  s.n = values.size();
  s.median = median(values);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  double sum = 0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n > 1) {
    // Two passes: the one-pass formula loses every digit when cv is tiny.
    double squares = 0;
    for (const double v : values) squares += (v - s.mean) * (v - s.mean);
    s.stddev = std::sqrt(squares / static_cast<double>(s.n - 1));
    s.cv = s.stddev / s.mean;
  }
  return s;
}

double relative_change(double old_value, double new_value) {
  if (old_value == 0 && new_value == 0) return 0;
  if (old_value == 0)
    return (new_value - old_value) / ((old_value + new_value) / 2);
  return (new_value - old_value) / std::fabs(old_value);
}

double normal_quantile(double p) {
  if (!(p > 0 && p < 1))
    throw std::invalid_argument("normal quantile outside (0, 1)");
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x = 0;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - kLow) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) *
        q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on Phi(x) - p.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double student_t_quantile(double p, double df) {
  if (!(df >= 1)) throw std::invalid_argument("t quantile needs df >= 1");
  if (df == 1) return std::tan(std::numbers::pi * (p - 0.5));
  if (df == 2) return (2 * p - 1) / std::sqrt(2 * p * (1 - p));
  const double x = normal_quantile(p), x2 = x * x;
  const double g1 = (x2 + 1) * x / 4;
  const double g2 = ((5 * x2 + 16) * x2 + 3) * x / 96;
  const double g3 = (((3 * x2 + 19) * x2 + 17) * x2 - 15) * x / 384;
  const double g4 =
      ((((79 * x2 + 776) * x2 + 1482) * x2 - 1920) * x2 - 945) * x / 92160;
  return x + g1 / df + g2 / (df * df) + g3 / (df * df * df) +
         g4 / (df * df * df * df);
}

namespace {

__extension__ typedef __int128 Int128;

struct Ranking {
  double rank_sum_a = 0;  // sum of the (average) ranks of the first sample
  double tie_term = 0;    // sum of t^3 - t over groups of t tied values
  bool ties = false;
};

Ranking rank(std::span<const double> a, std::span<const double> b) {
  std::vector<std::pair<double, bool>> all;  // value, from the first sample
  all.reserve(a.size() + b.size());
  for (const double v : a) all.emplace_back(v, true);
  for (const double v : b) all.emplace_back(v, false);
  std::sort(all.begin(), all.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  Ranking r;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i + 1;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    // Positions i..j-1 share the average of the 1-based ranks i+1..j (a
    // half-integer: exact).
    const double average = 0.5 * static_cast<double>(i + 1 + j);
    const auto t = static_cast<std::int64_t>(j - i);
    if (t > 1) {
      r.ties = true;
      r.tie_term += static_cast<double>(t * t * t - t);
    }
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].second) r.rank_sum_a += average;
    }
    i = j;
  }
  return r;
}

// Cephes' ndtr, as SciPy's norm.sf(z) = ndtr(-z) evaluates it.
double ndtr(double a) {
  constexpr double kSqrtHalf = 0.70710678118654752440;
  const double x = a * kSqrtHalf;
  const double z = std::fabs(x);
  if (z < kSqrtHalf) return 0.5 + 0.5 * std::erf(x);
  const double y = 0.5 * std::erfc(z);
  return x > 0 ? 1.0 - y : y;
}

double asymptotic_p(double u, std::size_t n1, std::size_t n2, double tie_term) {
  const double mu = static_cast<double>(n1 * n2) / 2;
  const double n = static_cast<double>(n1 + n2);
  const double s = std::sqrt(static_cast<double>(n1 * n2) / 12 *
                             ((n + 1) - tie_term / (n * (n - 1))));
  if (!(s > 0))
    return 1.0;  // every value tied: SciPy's z is -inf, its p clips to 1
  const double z = (u - mu - 0.5) / s;
  return std::clamp(2 * ndtr(-z), 0.0, 1.0);
}

// C(m + n, m) as a long double, to see whether the exact counts fit in 128
// bits.
long double approx_binomial(std::size_t m, std::size_t n) {
  long double c = 1;
  for (std::size_t i = 1; i <= m; ++i)
    c = c * static_cast<long double>(n + i) / static_cast<long double>(i);
  return c;
}

// The number of arrangements of sizes m <= n with U = j, for j = 0..k, from the
// generating function of U, the Gaussian binomial coefficient [m+n choose m]_q
// = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), truncated at q^k; and the total
// C(m + n, m). Integer arithmetic: every count is exact.
std::vector<Int128> u_counts(std::size_t m, std::size_t n, std::size_t k,
                             Int128& total) {
  std::vector<Int128> c(k + 1, 0);
  c[0] = 1;
  for (std::size_t i = 1; i <= m; ++i) {
    const std::size_t d = n + i;
    for (std::size_t j = k + 1; j-- > d;) c[j] -= c[j - d];
    for (std::size_t j = i; j <= k; ++j) c[j] += c[j - i];
  }
  total = 1;
  for (std::size_t i = 1; i <= m; ++i)
    total = total * static_cast<Int128>(n + i) / static_cast<Int128>(i);
  return c;
}

// P(U <= k) * 2 for sizes m <= n; the single division happens at the end.
double exact_two_sided_p(std::size_t m, std::size_t n, std::size_t k) {
  Int128 total = 0;
  Int128 cumulative = 0;
  for (const Int128 v : u_counts(m, n, k, total)) cumulative += v;
  const long double p = 2.0L * static_cast<long double>(cumulative) /
                        static_cast<long double>(total);
  return std::min(1.0, static_cast<double>(p));
}

}  // namespace

MannWhitneyResult mann_whitney_u(std::span<const double> a,
                                 std::span<const double> b) {
  if (a.empty() || b.empty())
    throw std::invalid_argument("Mann-Whitney U needs two non-empty samples");
  for (const auto sample : {a, b}) {
    for (const double v : sample) {
      if (std::isnan(v))
        throw std::invalid_argument("Mann-Whitney U of a sample holding NaN");
    }
  }
  const std::size_t n1 = a.size(), n2 = b.size();
  const Ranking r = rank(a, b);
  MannWhitneyResult result;
  result.u1 =
      r.rank_sum_a - static_cast<double>(n1) * static_cast<double>(n1 + 1) / 2;
  const double u2 =
      static_cast<double>(n1) * static_cast<double>(n2) - result.u1;
  result.u = std::max(result.u1, u2);

  const std::size_t m = std::min(n1, n2), n = std::max(n1, n2);
  // SciPy's exact branch; the counts must also fit 128 bits and memory, which
  // they do for any realistic number of repetitions (8 against 300,000).
  const std::size_t k =
      m * n - static_cast<std::size_t>(result.u);  // u is whole without ties
  if (m <= 8 && !r.ties && approx_binomial(m, n) < 1e36L && k <= 10'000'000) {
    result.exact = true;
    result.p_value = exact_two_sided_p(m, n, k);
  } else {
    result.p_value = asymptotic_p(result.u, n1, n2, r.tie_term);
  }
  return result;
}

double min_attainable_p_value(std::size_t n1, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 1.0;
  std::vector<double> a(n1), b(n2);
  for (std::size_t i = 0; i < n1; ++i) a[i] = static_cast<double>(i);
  for (std::size_t i = 0; i < n2; ++i) b[i] = static_cast<double>(n1 + i);
  return mann_whitney_u(a, b).p_value;
}

std::size_t shift_interval_trim(std::size_t m, std::size_t n, double alpha) {
  if (m == 0 || n == 0) return 0;
  if (m > n) std::swap(m, n);
  const std::size_t half = m * n / 2;
  if (approx_binomial(m, n) < 1e36L && half <= 1'000'000) {
    Int128 total = 0;
    const std::vector<Int128> counts = u_counts(m, n, half, total);
    const long double limit =
        static_cast<long double>(alpha) / 2 * static_cast<long double>(total);
    Int128 cumulative = 0;
    std::size_t trim = 0;
    for (std::size_t c = 0; c <= half; ++c) {
      cumulative += counts[c];
      if (static_cast<long double>(cumulative) > limit) break;
      trim = c + 1;
    }
    return trim;
  }
  const double mn = static_cast<double>(m) * static_cast<double>(n);
  const double sd =
      std::sqrt(mn * static_cast<double>(m + n + 1) / 12);  // sd of U
  // The largest t with P(U <= t - 1) <= alpha / 2, continuity-corrected.
  const double c =
      std::floor(mn / 2 + 0.5 - normal_quantile(1 - alpha / 2) * sd);
  return c < 1 ? 0 : static_cast<std::size_t>(c);
}

namespace {

bool all_positive(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(),
                     [](double v) { return v > 0; });
}

// The values on the scale the shift is measured on: logs when every value of
// both samples is positive, else values / |median(base)| (nullopt when that
// median is 0).
struct Scaled {
  std::vector<double> base, next;
  bool log = true;
};

std::optional<Scaled> scale(std::span<const double> base,
                            std::span<const double> next) {
  Scaled s;
  s.log = all_positive(base) && all_positive(next);
  const double divisor = s.log ? 1.0 : std::fabs(median(base));
  if (!s.log && divisor == 0) return std::nullopt;
  auto convert = [&](std::span<const double> in, std::vector<double>& out) {
    out.reserve(in.size());
    for (const double v : in) out.push_back(s.log ? std::log(v) : v / divisor);
  };
  convert(base, s.base);
  convert(next, s.next);
  return s;
}

double to_relative(double difference, bool log) {
  return log ? std::expm1(difference) : difference;
}

double sum_of_squares(const std::vector<double>& v) {
  double mean = 0;
  for (const double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double squares = 0;
  for (const double x : v) squares += (x - mean) * (x - mean);
  return squares;
}

}  // namespace

std::vector<std::vector<double>> split_runs(
    std::span<const double> values, std::span<const std::int64_t> runs) {
  std::vector<std::vector<double>> split;
  std::map<std::int64_t, std::size_t> index;  // run id -> position in split
  for (std::size_t i = 0; i < values.size() && i < runs.size(); ++i) {
    auto [it, inserted] = index.try_emplace(runs[i], split.size());
    if (inserted) split.emplace_back();
    split[it->second].push_back(values[i]);
  }
  return split;
}

std::vector<double> run_medians(std::span<const double> values,
                                std::span<const std::int64_t> runs) {
  std::vector<double> medians;
  for (const auto& run : split_runs(values, runs))
    medians.push_back(median(run));
  return medians;
}

std::optional<Shift> relative_shift(std::span<const double> base,
                                    std::span<const double> next,
                                    double alpha) {
  if (base.empty() || next.empty()) return std::nullopt;
  const auto s = scale(base, next);
  if (!s) {
    // A zero base median: only "no change at all" has a relative size.
    const bool same = std::all_of(next.begin(), next.end(),
                                  [&](double v) { return v == base[0]; }) &&
                      std::all_of(base.begin(), base.end(),
                                  [&](double v) { return v == base[0]; });
    if (!same) return std::nullopt;
    return Shift{0, 0.0, 0.0};
  }
  std::vector<double> d;
  d.reserve(s->base.size() * s->next.size());
  for (const double x : s->base) {
    for (const double y : s->next) d.push_back(y - x);
  }
  std::sort(d.begin(), d.end());
  Shift shift;
  shift.estimate = to_relative(median(d), s->log);
  const std::size_t trim =
      shift_interval_trim(s->base.size(), s->next.size(), alpha);
  if (trim > 0) {
    shift.low = to_relative(d[trim - 1], s->log);
    shift.high = to_relative(d[d.size() - trim], s->log);
  }
  return shift;
}

std::optional<double> relative_spread(std::span<const double> base,
                                      std::span<const double> next) {
  if (base.empty() || next.empty() || base.size() + next.size() < 3)
    return std::nullopt;
  const auto s = scale(base, next);
  if (!s) return std::nullopt;
  const double squares = sum_of_squares(s->base) + sum_of_squares(s->next);
  return std::sqrt(squares /
                   static_cast<double>(base.size() + next.size() - 2));
}

double minimal_detectable_effect(std::size_t m, std::size_t n, double spread,
                                 double alpha, double power) {
  if (m == 0 || n == 0 || min_attainable_p_value(m, n) >= alpha)
    return std::numeric_limits<double>::infinity();
  // Student's t at m + n - 2 degrees of freedom (the spread is estimated from
  // the same runs), and the U test's efficiency relative to the t test under
  // normal noise, 3 / pi.
  const double df = static_cast<double>(m + n) - 2;
  const double z =
      df >= 1 ? student_t_quantile(1 - alpha / 2, df) +
                    student_t_quantile(power, df)
              : normal_quantile(1 - alpha / 2) + normal_quantile(power);
  const double se =
      spread *
      std::sqrt(1.0 / static_cast<double>(m) + 1.0 / static_cast<double>(n)) *
      std::sqrt(std::numbers::pi / 3);
  return std::expm1(z * se);
}

}  // namespace benchtool
