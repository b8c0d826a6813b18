#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "marketbench/core/random.hpp"
#include "marketbench/core/weighted_choice.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/platform/request.hpp"

namespace marketbench::platform {

// The shape of the simulated user traffic.
struct RequestMix {
  // Relative weights of the kinds, in RequestKind order: dashboard 1,
  // portfolio 2, recommendations 3, search 1, analytics 1, quotes 2.
  std::array<double, kRequestKindCount> weights = {1, 2, 3, 1, 1, 2};
  // Symbols are drawn by Zipf(s) over the universe: a few stocks are asked
  // about far more than the rest.
  double zipf_exponent = 0.99;
  // Which stocks are the popular ones: the same for every generator built
  // with the same value, so all simulated users share the hot set.
  std::uint64_t popularity_seed = 1;
  std::size_t min_holdings = 3;
  std::size_t max_holdings = 10;
  std::size_t min_quote_symbols = 5;
  std::size_t max_quote_symbols = 50;
  std::size_t min_analytics_symbols = 2;
  std::size_t max_analytics_symbols = 5;
  std::size_t portfolio_window = 20;
  std::size_t analytics_window = 60;
  std::size_t dashboard_movers = 5;
  std::size_t search_limit = 10;
  std::array<std::size_t, 4> top_k = {5, 10, 20, 50};  // drawn uniformly

  // Throws std::invalid_argument naming the field: weights must be a valid
  // WeightedChoice, zipf_exponent > 0, each min <= max and within the
  // platform's limits (request.hpp), windows >= 2, counts >= 1.
  void validate() const;
};

// Draws requests of the mix from a seeded stream: kinds by weight
// (core::WeightedChoice), symbols by Zipf (core::ZipfSampler with a seeded
// permutation of ranks to stocks). Symbols within one portfolio or analytics
// request are distinct. Not thread-safe: one generator per simulated user
// thread, seeded differently.
class RequestGenerator {
 public:
  // `symbols` is the universe in StockId order; `reference_prices`, if not
  // empty, one price per symbol around which cost bases are drawn (otherwise
  // they are drawn around 100). Both must outlive the generator. Throws
  // std::invalid_argument for an empty universe, a size mismatch or a bad mix.
  RequestGenerator(std::span<const std::string> symbols, std::uint64_t seed,
                   const RequestMix& mix = {},
                   std::span<const double> reference_prices = {});

  RequestKind next_kind();
  Request next();
  // A request of the given kind with freshly drawn parameters.
  Request make(RequestKind kind);

  const RequestMix& mix() const { return mix_; }

 private:
  std::size_t draw_stock();
  std::size_t draw_between(std::size_t min, std::size_t max);
  // Distinct stocks, count capped at the universe size.
  void draw_distinct(std::size_t count, std::vector<std::size_t>& out);

  std::span<const std::string> symbols_;
  std::span<const double> reference_prices_;
  RequestMix mix_;
  core::Xoshiro256StarStar rng_;
  core::WeightedChoice kinds_;
  core::ZipfSampler popularity_;
  std::vector<std::size_t> scratch_;
};

}  // namespace marketbench::platform
