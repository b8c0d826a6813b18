#include "marketbench/market/symbol_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "market_test_support.hpp"
#include "marketbench/market/market_generator.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

TEST(SymbolIndex, ExactLookupFindsEverySymbol) {
  const MarketGenerator gen(6000, 4);
  const SymbolIndex index(gen.symbols());
  ASSERT_EQ(index.size(), 6000u);
  for (StockId id = 0; id < 6000; ++id) {
    ASSERT_EQ(index.find(gen.symbols()[id]), id);
    ASSERT_EQ(index.at(gen.symbols()[id]), id);
    ASSERT_EQ(index.symbol(id), gen.symbols()[id]);
  }
  EXPECT_FALSE(index.find("abc").has_value());  // case-sensitive
  EXPECT_FALSE(index.find("").has_value());
  EXPECT_FALSE(index.find("TOOLONGX").has_value());
}

TEST(SymbolIndex, PrefixSearchMatchesABruteForceScan) {
  const MarketGenerator gen(6000, 4);
  const SymbolIndex index(gen.symbols());
  const std::string first = gen.symbols()[17];
  for (const std::string& prefix :
       {std::string(""), std::string("A"), std::string("QZ"),
        first.substr(0, 2), first.substr(0, 3), first, first + "Z",
        std::string("ZZZZZZ")}) {
    std::vector<std::string> expected;
    for (const std::string& s : gen.symbols()) {
      if (s.starts_with(prefix)) expected.push_back(s);
    }
    std::sort(expected.begin(), expected.end());
    const auto hits = index.prefix_search(prefix);
    ASSERT_EQ(hits.size(), expected.size()) << "prefix '" << prefix << "'";
    for (std::size_t i = 0; i < hits.size(); ++i) {
      ASSERT_EQ(index.symbol(hits[i]), expected[i]);
    }
  }
  EXPECT_EQ(index.prefix_search("").size(), 6000u);
  EXPECT_GE(index.prefix_search(first).size(), 1u);
}

TEST(SymbolIndex, SmallHandMadeSet) {
  const std::vector<std::string> symbols = {"MSFT", "AAPL", "AMZN", "AA",
                                            "GOOG"};
  const SymbolIndex index(symbols);
  const auto a = index.prefix_search("A");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(index.symbol(a[0]), "AA");
  EXPECT_EQ(index.symbol(a[1]), "AAPL");
  EXPECT_EQ(index.symbol(a[2]), "AMZN");
  EXPECT_EQ(index.prefix_search("AA").size(), 2u);
  EXPECT_EQ(index.prefix_search("AAPLX").size(), 0u);
  EXPECT_EQ(index.prefix_search("B").size(), 0u);
  EXPECT_EQ(index.at("GOOG"), 4u);
}

TEST(SymbolIndex, RejectsBadInput) {
  const std::vector<std::string> dup = {"AAA", "BBB", "AAA"};
  EXPECT_TRUE(
      throws_with<std::invalid_argument>([&] { SymbolIndex{dup}; }, "'AAA'"));
  const std::vector<std::string> empty = {"AAA", ""};
  EXPECT_TRUE(throws_with<std::invalid_argument>([&] { SymbolIndex{empty}; },
                                                 "stock 1 is empty"));
  const SymbolIndex index(std::vector<std::string>{"AAA"});
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { index.at("XYZW"); }, "'XYZW'"));
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { index.symbol(1); }, "stock id 1"));
}

}  // namespace
}  // namespace marketbench::market
