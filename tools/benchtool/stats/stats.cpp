#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace benchtool {
namespace {

__extension__ typedef __int128 Int128;

// c0 x^k + c1 x^(k-1) + ... + ck, by Horner's rule.
double polynomial(std::initializer_list<double> coefficients, double x) {
  double sum = 0;
  for (const double c : coefficients) sum = sum * x + c;
  return sum;
}

// The rank sum of `a` in both samples together (tied values share their
// average rank, a half-integer: exact) and the sum of t^3 - t over groups of t
// tied values.
std::pair<double, double> rank_sum_and_ties(std::span<const double> a,
                                            std::span<const double> b) {
  std::vector<std::pair<double, bool>> all;  // value, from `a`
  for (const double v : a) all.emplace_back(v, true);
  for (const double v : b) all.emplace_back(v, false);
  std::ranges::sort(all, {}, &std::pair<double, bool>::first);
  double rank_sum = 0, tie_term = 0;
  for (std::size_t i = 0, j = 0; i < all.size(); i = j) {
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const auto t = static_cast<std::int64_t>(j - i);
    tie_term += static_cast<double>(t * t * t - t);
    for (std::size_t k = i; k < j; ++k)
      rank_sum += all[k].second ? 0.5 * static_cast<double>(i + 1 + j) : 0;
  }
  return {rank_sum, tie_term};
}

// Cephes' ndtr, as SciPy's norm.sf(z) = ndtr(-z) evaluates it.
double ndtr(double a) {
  constexpr double kSqrtHalf = 0.70710678118654752440;
  const double x = a * kSqrtHalf, z = std::fabs(x);
  if (z < kSqrtHalf) return 0.5 + 0.5 * std::erf(x);
  const double y = 0.5 * std::erfc(z);
  return x > 0 ? 1.0 - y : y;
}

// C(m + n, m) as a long double, to see whether the exact counts fit 128 bits.
long double approx_binomial(std::size_t m, std::size_t n) {
  long double c = 1;
  for (std::size_t i = 1; i <= m; ++i)
    c = c * static_cast<long double>(n + i) / static_cast<long double>(i);
  return c;
}

// The cumulative counts of arrangements of sizes m <= n with U <= j, for j =
// 0..k, from the generating function of U, the Gaussian binomial coefficient
// [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) truncated at q^k;
// and the total C(m + n, m). Integer arithmetic: every count is exact.
std::vector<Int128> cumulative_u_counts(std::size_t m, std::size_t n,
                                        std::size_t k, Int128& total) {
  std::vector<Int128> c(k + 1, 0);
  c[0] = 1;
  for (std::size_t i = 1; i <= m; ++i) {
    for (std::size_t j = k + 1; j-- > n + i;) c[j] -= c[j - n - i];
    for (std::size_t j = i; j <= k; ++j) c[j] += c[j - i];
  }
  total = 1;
  for (std::size_t i = 1; i <= m; ++i)
    total = total * static_cast<Int128>(n + i) / static_cast<Int128>(i);
  std::partial_sum(c.begin(), c.end(), c.begin());
  return c;
}

// The samples on the scale a shift is measured on: logs when every value is
// positive, else values / |median(base)| (nullopt when that median is 0).
struct Scaled {
  std::vector<double> base, next;
  bool log = true;
  double to_relative(double d) const { return log ? std::expm1(d) : d; }
};

std::optional<Scaled> scale(std::span<const double> base,
                            std::span<const double> next) {
  const auto positive = [](double v) { return v > 0; };
  Scaled s;
  s.log = std::ranges::all_of(base, positive) &&
          std::ranges::all_of(next, positive);
  const double divisor = s.log ? 1.0 : std::fabs(median(base));
  if (divisor == 0) return std::nullopt;
  for (const double v : base)
    s.base.push_back(s.log ? std::log(v) : v / divisor);
  for (const double v : next)
    s.next.push_back(s.log ? std::log(v) : v / divisor);
  return s;
}

double sum_of_squares(std::span<const double> v) {
  const double mean =
      std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double squares = 0;
  for (const double x : v) squares += (x - mean) * (x - mean);
  return squares;
}

}  // namespace

double median(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("median of no values");
  std::vector<double> v(values.begin(), values.end());
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  const double lower = *std::max_element(v.begin(), mid);
  return lower + (*mid - lower) / 2;
}

Summary summarize(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("summary of no values");
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  Summary s{values.size(), median(values), 0, 0, 0, *lo, *hi};
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) /
           static_cast<double>(s.n);
  // Two passes: the one-pass formula loses every digit when cv is tiny.
  if (s.n > 1) {
    s.stddev = std::sqrt(sum_of_squares(values) / static_cast<double>(s.n - 1));
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
  constexpr double kLow = 0.02425;
  double x = 0;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    x = polynomial({-7.784894002430293e-03, -3.223964580411365e-01,
                    -2.400758277161838e+00, -2.549732539343734e+00,
                    4.374664141464968e+00, 2.938163982698783e+00},
                   q) /
        polynomial({7.784695709041462e-03, 3.224671290700398e-01,
                    2.445134137142996e+00, 3.754408661907416e+00, 1},
                   q);
    if (p > 1 - kLow) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = polynomial({-3.969683028665376e+01, 2.209460984245205e+02,
                    -2.759285104469687e+02, 1.383577518672690e+02,
                    -3.066479806614716e+01, 2.506628277459239e+00},
                   r) *
        q /
        polynomial({-5.447609879822406e+01, 1.615858368580409e+02,
                    -1.556989798598866e+02, 6.680131188771972e+01,
                    -1.328068155288572e+01, 1},
                   r);
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
  const double g1 = polynomial({1, 1}, x2) * x / 4;
  const double g2 = polynomial({5, 16, 3}, x2) * x / 96;
  const double g3 = polynomial({3, 19, 17, -15}, x2) * x / 384;
  const double g4 = polynomial({79, 776, 1482, -1920, -945}, x2) * x / 92160;
  return x + g1 / df + g2 / (df * df) + g3 / (df * df * df) +
         g4 / (df * df * df * df);
}

MannWhitneyResult mann_whitney_u(std::span<const double> a,
                                 std::span<const double> b) {
  if (a.empty() || b.empty())
    throw std::invalid_argument("Mann-Whitney U needs two non-empty samples");
  const auto nan = [](double v) { return std::isnan(v); };
  if (std::ranges::any_of(a, nan) || std::ranges::any_of(b, nan))
    throw std::invalid_argument("Mann-Whitney U of a sample holding NaN");
  const std::size_t n1 = a.size(), n2 = b.size();
  const auto [rank_sum, tie_term] = rank_sum_and_ties(a, b);
  MannWhitneyResult r;
  r.u1 = rank_sum - static_cast<double>(n1) * static_cast<double>(n1 + 1) / 2;
  r.u =
      std::max(r.u1, static_cast<double>(n1) * static_cast<double>(n2) - r.u1);
  const std::size_t m = std::min(n1, n2), n = std::max(n1, n2);
  // SciPy's exact branch; the counts must also fit 128 bits and memory, which
  // they do for any realistic number of repetitions (8 against 300,000).
  const std::size_t k =
      m * n - static_cast<std::size_t>(r.u);  // whole: no ties
  if (m <= 8 && tie_term == 0 && approx_binomial(m, n) < 1e36L &&
      k <= 10'000'000) {
    r.exact = true;
    Int128 total = 0;
    const Int128 below = cumulative_u_counts(m, n, k, total)[k];
    // P(U <= k) * 2, with the single division at the end.
    r.p_value = std::min(
        1.0, static_cast<double>(2.0L * static_cast<long double>(below) /
                                 static_cast<long double>(total)));
    return r;
  }
  const double mu = static_cast<double>(n1 * n2) / 2;
  const double nn = static_cast<double>(n1 + n2);
  const double s = std::sqrt(static_cast<double>(n1 * n2) / 12 *
                             ((nn + 1) - tie_term / (nn * (nn - 1))));
  // Every value tied: SciPy's z is -inf, its p clips to 1.
  r.p_value =
      s > 0 ? std::clamp(2 * ndtr(-(r.u - mu - 0.5) / s), 0.0, 1.0) : 1.0;
  return r;
}

double min_attainable_p_value(std::size_t n1, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 1.0;
  // Completely separated samples, no ties.
  std::vector<double> a(n1 + n2);
  std::iota(a.begin(), a.end(), 0.0);
  return mann_whitney_u(std::span(a).first(n1), std::span(a).subspan(n1))
      .p_value;
}

std::size_t shift_interval_trim(std::size_t m, std::size_t n, double alpha) {
  if (m == 0 || n == 0) return 0;
  if (m > n) std::swap(m, n);
  const std::size_t half = m * n / 2;
  if (approx_binomial(m, n) < 1e36L && half <= 1'000'000) {
    Int128 total = 0;
    const std::vector<Int128> below = cumulative_u_counts(m, n, half, total);
    const long double limit =
        static_cast<long double>(alpha) / 2 * static_cast<long double>(total);
    std::size_t trim = 0;
    while (trim <= half && static_cast<long double>(below[trim]) <= limit)
      ++trim;
    return trim;
  }
  const double mn = static_cast<double>(m) * static_cast<double>(n);
  const double sd =
      std::sqrt(mn * static_cast<double>(m + n + 1) / 12);  // of U
  // The largest t with P(U <= t - 1) <= alpha / 2, continuity-corrected.
  const double c =
      std::floor(mn / 2 + 0.5 - normal_quantile(1 - alpha / 2) * sd);
  return c < 1 ? 0 : static_cast<std::size_t>(c);
}

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
    const auto same = [&](double v) { return v == base[0]; };
    if (!std::ranges::all_of(next, same) || !std::ranges::all_of(base, same))
      return std::nullopt;
    return Shift{0, 0.0, 0.0};
  }
  std::vector<double> d;
  d.reserve(s->base.size() * s->next.size());
  for (const double x : s->base) {
    for (const double y : s->next) d.push_back(y - x);
  }
  std::sort(d.begin(), d.end());
  Shift shift{s->to_relative(median(d)), {}, {}};
  if (const std::size_t trim =
          shift_interval_trim(s->base.size(), s->next.size(), alpha)) {
    shift.low = s->to_relative(d[trim - 1]);
    shift.high = s->to_relative(d[d.size() - trim]);
  }
  return shift;
}

std::optional<double> relative_spread(std::span<const double> base,
                                      std::span<const double> next) {
  if (base.empty() || next.empty() || base.size() + next.size() < 3)
    return std::nullopt;
  const auto s = scale(base, next);
  if (!s) return std::nullopt;
  return std::sqrt((sum_of_squares(s->base) + sum_of_squares(s->next)) /
                   static_cast<double>(base.size() + next.size() - 2));
}

double minimal_detectable_effect(std::size_t m, std::size_t n, double spread,
                                 double alpha, double power) {
  if (m == 0 || n == 0 || min_attainable_p_value(m, n) >= alpha)
    return std::numeric_limits<double>::infinity();
  // Student's t at m + n - 2 degrees of freedom: the spread is estimated from
  // the same runs.
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
