#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "stats/stats.hpp"

namespace benchtool {
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

}  // namespace benchtool
