#include "marketbench/platform/portfolio.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "hand_market.hpp"

namespace marketbench::platform {
namespace {

using testing::HandMarket;

Status status_of(const HandMarket& m, const PortfolioRequest& request) {
  try {
    value_portfolio(m.prices, m.index, request);
  } catch (const RequestError& e) {
    return e.status();
  }
  return Status::kOk;
}

TEST(PlatformPortfolio, ValuedByHand) {
  const HandMarket m;
  PortfolioRequest request;
  request.holdings = {{"AAA", 10, 100}, {"BBB", 5, 150}};
  request.window = 4;
  const PortfolioResult r = value_portfolio(m.prices, m.index, request);

  ASSERT_EQ(r.positions.size(), 2u);
  const Position& aaa = r.positions[0];
  const Position& bbb = r.positions[1];
  EXPECT_EQ(aaa.symbol, "AAA");
  EXPECT_EQ(aaa.stock, HandMarket::kAAA);
  EXPECT_DOUBLE_EQ(aaa.price, 119.79);
  EXPECT_DOUBLE_EQ(aaa.value, 1197.9);
  EXPECT_NEAR(aaa.pnl, 197.9, 1e-9);
  EXPECT_DOUBLE_EQ(bbb.price, 160.38);
  EXPECT_DOUBLE_EQ(bbb.value, 801.9);
  EXPECT_NEAR(bbb.pnl, 51.9, 1e-9);

  EXPECT_NEAR(r.value, 1999.8, 1e-9);
  EXPECT_NEAR(r.cost, 1750.0, 1e-9);
  EXPECT_NEAR(r.pnl, 249.8, 1e-9);
  EXPECT_NEAR(aaa.weight, 1197.9 / 1999.8, 1e-12);
  EXPECT_NEAR(bbb.weight, 801.9 / 1999.8, 1e-12);

  // Both move 10% a day, in opposite directions: sigma .1 each, and the
  // portfolio keeps (w_AAA - w_BBB) of it.
  const double annual = std::sqrt(252.0);
  EXPECT_NEAR(aaa.volatility, 0.1 * annual, 1e-10);
  EXPECT_NEAR(bbb.volatility, 0.1 * annual, 1e-10);
  EXPECT_NEAR(r.volatility, (aaa.weight - bbb.weight) * 0.1 * annual, 1e-10);
  EXPECT_EQ(r.window, 4u);
}

TEST(PlatformPortfolio, SingleFlatHolding) {
  const HandMarket m;
  PortfolioRequest request;
  request.holdings = {{"CCC", 3, 12}};
  request.window = 2;
  const PortfolioResult r = value_portfolio(m.prices, m.index, request);
  EXPECT_DOUBLE_EQ(r.value, 30.0);
  EXPECT_DOUBLE_EQ(r.pnl, -6.0);
  EXPECT_DOUBLE_EQ(r.positions[0].weight, 1.0);
  EXPECT_DOUBLE_EQ(r.volatility, 0.0);
}

TEST(PlatformPortfolio, ErrorsCarryTheirStatus) {
  const HandMarket m;
  PortfolioRequest request;
  request.window = 4;
  EXPECT_EQ(status_of(m, request), Status::kBadRequest);  // no holdings
  request.holdings = {{"AAA", 0, 100}};
  EXPECT_EQ(status_of(m, request), Status::kBadRequest);
  request.holdings = {{"AAA", std::numeric_limits<double>::quiet_NaN(), 1}};
  EXPECT_EQ(status_of(m, request), Status::kBadRequest);
  request.holdings = {{"AAA", 1, -1}};
  EXPECT_EQ(status_of(m, request), Status::kBadRequest);
  request.holdings = {{"AAA", 1, 1}, {"ZZZ", 1, 1}};
  EXPECT_EQ(status_of(m, request), Status::kNotFound);
  request.holdings = {{"AAA", 1, 1}};
  request.window = 1;
  EXPECT_EQ(status_of(m, request), Status::kBadRequest);
  request.window = 5;  // needs 6 days, 5 are stored
  EXPECT_EQ(status_of(m, request), Status::kUnavailable);
  try {
    request.window = 4;
    request.holdings = {{"ZZZ", 1, 1}};
    value_portfolio(m.prices, m.index, request);
    FAIL();
  } catch (const RequestError& e) {
    EXPECT_NE(std::string(e.what()).find("ZZZ"), std::string::npos);
  }
}

}  // namespace
}  // namespace marketbench::platform
