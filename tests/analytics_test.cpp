#include "marketbench/platform/analytics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "hand_market.hpp"

namespace marketbench::platform {
namespace {

using testing::HandMarket;

TEST(PlatformAnalytics, CorrelationAndVolatilityByHand) {
  const HandMarket m;
  const AnalyticsResult r =
      analyse_returns(m.prices, m.index, {{"AAA", "BBB", "CCC", "AAB"}, 4});
  ASSERT_EQ(r.symbols.size(), 4u);
  ASSERT_EQ(r.correlation.size(), 16u);
  EXPECT_EQ(r.window, 4u);
  const double annual = std::sqrt(252.0);
  EXPECT_NEAR(r.volatilities[0], 0.1 * annual, 1e-10);
  EXPECT_NEAR(r.volatilities[1], 0.1 * annual, 1e-10);
  EXPECT_NEAR(r.volatilities[2], 0.0, 1e-12);
  EXPECT_NEAR(r.correlation_at(0, 1), -1.0, 1e-9);
  EXPECT_EQ(r.correlation_at(0, 2), 0.0);
  // AAB: .1 -.1 .1 .05 (mean .0375): deviations .0625 -.1375 .0625 .0125.
  // Against AAA's .05 -.15 .05 .05: covariance .0275 / 3, variance of AAB
  // .026875 / 3, so r = .0275 / sqrt(.03 * .026875).
  const double aab_sigma = std::sqrt(0.026875 / 3);
  EXPECT_NEAR(r.volatilities[3], aab_sigma * annual, 1e-10);
  EXPECT_NEAR(r.correlation_at(0, 3), 0.0275 / std::sqrt(0.03 * 0.026875),
              1e-9);
  EXPECT_NEAR(r.correlation_at(3, 1), -r.correlation_at(0, 3), 1e-9);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(r.correlation_at(i, i), 1.0);
}

TEST(PlatformAnalytics, ErrorsCarryTheirStatus) {
  const HandMarket m;
  const auto status = [&](const AnalyticsRequest& request) {
    try {
      analyse_returns(m.prices, m.index, request);
    } catch (const RequestError& e) {
      return e.status();
    }
    return Status::kOk;
  };
  EXPECT_EQ(status({{}, 4}), Status::kBadRequest);
  EXPECT_EQ(
      status({std::vector<std::string>(kMaxAnalyticsSymbols + 1, "AAA"), 4}),
      Status::kBadRequest);
  EXPECT_EQ(status({{"AAA", "NOPE"}, 4}), Status::kNotFound);
  EXPECT_EQ(status({{"AAA"}, 1}), Status::kBadRequest);
  EXPECT_EQ(status({{"AAA"}, kMaxWindowDays + 1}), Status::kBadRequest);
  EXPECT_EQ(status({{"AAA"}, 10}), Status::kUnavailable);
  EXPECT_EQ(status({{"AAA"}, 2}), Status::kOk);
}

}  // namespace
}  // namespace marketbench::platform
