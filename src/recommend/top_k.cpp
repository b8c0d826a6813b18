#include "marketbench/recommend/top_k.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace marketbench::recommend {

void select_top_k(std::span<const Recommendation> all, std::size_t k,
                  std::vector<std::uint32_t>& order,
                  std::vector<Recommendation>& out) {
  if (all.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument(fmt::format(
        "select_top_k: {} records exceed the 32-bit index", all.size()));
  }
  for (const Recommendation& r : all) {
    if (!std::isfinite(r.score)) {
      throw std::invalid_argument(
          fmt::format("select_top_k: score of {} (stock {}) is not finite ({})",
                      r.symbol, r.stock, r.score));
    }
  }
  const std::size_t n = std::min(k, all.size());
  order.resize(all.size());
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  const auto before = [&](std::uint32_t a, std::uint32_t b) {
    return ranks_before(all[a], all[b]);
  };
  const auto kth = order.begin() + static_cast<std::ptrdiff_t>(n);
  if (n < order.size())
    std::nth_element(order.begin(), kth, order.end(), before);
  std::sort(order.begin(), kth, before);
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = all[order[i]];
}

std::vector<Recommendation> top_k(std::span<const Recommendation> all,
                                  std::size_t k) {
  std::vector<std::uint32_t> order;
  std::vector<Recommendation> out;
  select_top_k(all, k, order, out);
  return out;
}

}  // namespace marketbench::recommend
