#include "platform/return_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "hand_market.hpp"

namespace marketbench::platform {
namespace {

using testing::HandMarket;

const double kAnnual = std::sqrt(252.0);

TEST(PlatformReturnStatistics, DailyReturnsAreSimpleReturnsOldestFirst) {
  const HandMarket m;
  const std::vector<market::StockId> ids = {HandMarket::kAAA, HandMarket::kAAB};
  const Eigen::MatrixXd r = daily_returns(m.prices, ids, 4);
  ASSERT_EQ(r.rows(), 4);
  ASSERT_EQ(r.cols(), 2);
  const double aaa[] = {0.1, -0.1, 0.1, 0.1};
  const double aab[] = {0.1, -0.1, 0.1, 0.05};
  for (int t = 0; t < 4; ++t) {
    EXPECT_NEAR(r(t, 0), aaa[t], 1e-12) << t;
    EXPECT_NEAR(r(t, 1), aab[t], 1e-12) << t;
  }
  // A shorter window takes the most recent returns.
  const Eigen::MatrixXd last2 = daily_returns(m.prices, ids, 2);
  EXPECT_NEAR(last2(0, 1), 0.1, 1e-12);
  EXPECT_NEAR(last2(1, 1), 0.05, 1e-12);
}

TEST(PlatformReturnStatistics, MomentsWorkedOutByHand) {
  const HandMarket m;
  const std::vector<market::StockId> ids = {HandMarket::kAAA, HandMarket::kBBB,
                                            HandMarket::kCCC};
  const ReturnMoments mo = return_moments(daily_returns(m.prices, ids, 4));
  // AAA: returns .1 -.1 .1 .1, mean .05, squared deviations sum .03,
  // sample variance .01, sigma .1. BBB mirrors it. CCC is flat.
  EXPECT_NEAR(mo.covariance(0, 0), 0.01, 1e-12);
  EXPECT_NEAR(mo.covariance(1, 1), 0.01, 1e-12);
  EXPECT_NEAR(mo.covariance(0, 1), -0.01, 1e-12);
  EXPECT_NEAR(mo.volatility(0), 0.1 * kAnnual, 1e-10);
  EXPECT_NEAR(mo.volatility(1), 0.1 * kAnnual, 1e-10);
  EXPECT_NEAR(mo.volatility(2), 0.0, 1e-12);
  EXPECT_NEAR(mo.correlation(0, 1), -1.0, 1e-9);
  EXPECT_NEAR(mo.correlation(1, 0), -1.0, 1e-9);
  EXPECT_EQ(mo.correlation(0, 2), 0.0);  // undefined for a flat series
  EXPECT_EQ(mo.correlation(2, 1), 0.0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(mo.correlation(i, i), 1.0);
}

TEST(PlatformReturnStatistics, ConstantReturnsHaveNoCorrelation) {
  // Two series growing 10% every day: sigma is rounding noise, so the
  // correlation is reported as 0, not the ratio of two noises.
  Eigen::MatrixXd r(3, 2);
  r << 0.1, 0.1, 0.1 + 1e-17, 0.1, 0.1, 0.1;
  const ReturnMoments mo = return_moments(r);
  EXPECT_EQ(mo.correlation(0, 1), 0.0);
}

TEST(PlatformReturnStatistics, PortfolioVolatility) {
  Eigen::MatrixXd cov(2, 2);
  cov << 0.01, -0.01, -0.01, 0.01;
  Eigen::VectorXd w(2);
  w << 0.75, 0.25;
  // Opposite assets: the portfolio keeps (0.75 - 0.25) of one sigma.
  EXPECT_NEAR(portfolio_volatility(cov, w), 0.5 * 0.1 * kAnnual, 1e-12);
  w << 0.5, 0.5;
  EXPECT_NEAR(portfolio_volatility(cov, w), 0.0, 1e-12);
  EXPECT_THROW(portfolio_volatility(cov, Eigen::VectorXd(3)),
               std::invalid_argument);
}

TEST(PlatformReturnStatistics, BadInputThrowsNamingIt) {
  const HandMarket m;
  const std::vector<market::StockId> ids = {HandMarket::kAAA};
  try {
    daily_returns(m.prices, ids, 5);
    FAIL() << "a window of 5 returns needs 6 days";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("needs 6 days"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(daily_returns(m.prices, ids, 0), std::invalid_argument);
  const std::vector<market::StockId> bad = {9};
  EXPECT_THROW(daily_returns(m.prices, bad, 2), std::out_of_range);
  EXPECT_THROW(return_moments(Eigen::MatrixXd(1, 2)), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::platform
