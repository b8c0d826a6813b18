#include "marketbench/recommend/top_k.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::recommend {
namespace {

Recommendation rec(market::StockId id, std::string symbol, double score) {
  Recommendation r;
  r.stock = id;
  r.symbol = std::move(symbol);
  r.score = score;
  return r;
}

// Many records, few distinct scores and symbols, so ties on score and on
// symbol are common: the selection must agree with a full sort on every one.
std::vector<Recommendation> tie_heavy(std::size_t n, std::uint64_t seed) {
  core::Xoshiro256StarStar rng(seed);
  std::vector<Recommendation> all;
  for (std::size_t i = 0; i < n; ++i) {
    std::string symbol(1 + rng.uniform_below(2), 'A');
    for (char& ch : symbol) ch = static_cast<char>('A' + rng.uniform_below(4));
    const double score = static_cast<double>(rng.uniform_below(9)) / 4.0 - 1.0;
    all.push_back(rec(static_cast<market::StockId>(i), symbol, score));
  }
  return all;
}

void expect_same(const std::vector<Recommendation>& got,
                 const std::vector<Recommendation>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].stock, want[i].stock) << "rank " << i;
    EXPECT_EQ(got[i].symbol, want[i].symbol) << "rank " << i;
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;
  }
}

TEST(TopK, EqualsTheFirstKOfAFullSortIncludingTies) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto all = tie_heavy(500, seed);
    auto sorted = all;
    std::sort(sorted.begin(), sorted.end(), ranks_before);
    std::vector<std::uint32_t> order;
    std::vector<Recommendation> out;
    for (std::size_t k : {0u, 1u, 2u, 10u, 37u, 499u, 500u, 600u}) {
      select_top_k(all, k, order, out);
      const std::size_t n = std::min<std::size_t>(k, all.size());
      expect_same(out, std::vector<Recommendation>(
                           sorted.begin(),
                           sorted.begin() + static_cast<std::ptrdiff_t>(n)));
    }
  }
}

TEST(TopK, TiesAreBrokenBySymbolThenId) {
  const std::vector<Recommendation> all = {
      rec(0, "ZZZ", 0.5), rec(1, "AAA", 0.5), rec(2, "MMM", 0.9),
      rec(3, "AAA", 0.5), rec(4, "BBB", 0.1)};
  const auto best = top_k(all, 4);
  ASSERT_EQ(best.size(), 4u);
  EXPECT_EQ(best[0].stock, 2u);
  EXPECT_EQ(best[1].stock, 1u);  // AAA, lower id first
  EXPECT_EQ(best[2].stock, 3u);
  EXPECT_EQ(best[3].stock, 0u);  // ZZZ after AAA at equal score
}

TEST(TopK, EmptyInput) { EXPECT_TRUE(top_k({}, 5).empty()); }

TEST(TopK, NonFiniteScoreIsRejectedByName) {
  const std::vector<Recommendation> all = {
      rec(0, "GOOD", 0.1),
      rec(1, "BADX", std::numeric_limits<double>::quiet_NaN())};
  try {
    top_k(all, 1);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("BADX"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace marketbench::recommend
