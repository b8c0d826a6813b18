#include "marketbench/market/quote_service.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "market_test_support.hpp"
#include "marketbench/market/market_generator.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

class QuoteServiceTest : public ::testing::Test {
 protected:
  QuoteServiceTest()
      : market_(generate_market(500, 5, 21)), index_(market_.symbols()) {}

  std::vector<std::string> symbols(std::size_t from, std::size_t n) const {
    return {market_.symbols().begin() + static_cast<std::ptrdiff_t>(from),
            market_.symbols().begin() + static_cast<std::ptrdiff_t>(from + n)};
  }

  Market market_;
  SymbolIndex index_;
};

TEST_F(QuoteServiceTest, ServesTheLatestDayOrAPinnedDay) {
  QuoteService service(market_, index_);
  const auto batch = symbols(100, 50);
  std::vector<QuoteResult> out(50);
  service.fetch(batch, out);
  for (std::size_t i = 0; i < 50; ++i) {
    ASSERT_TRUE(out[i].ok());
    EXPECT_EQ(out[i].id, 100 + i);
    EXPECT_EQ(out[i].attempts, 1);
    EXPECT_EQ(out[i].bar.close, market_.bar(out[i].id, 4).close);
  }
  service.serve_day(2);
  service.fetch(batch, out);
  EXPECT_EQ(out[7].bar.close, market_.bar(107, 2).close);
  EXPECT_EQ(service.stats().requests, 2u);
  EXPECT_EQ(service.stats().symbols_requested, 100u);
  EXPECT_EQ(service.stats().retries, 0u);
}

TEST_F(QuoteServiceTest, LatestFollowsDaysAppendedToTheMarket) {
  MarketGenerator gen(20, 3);
  Market market = gen.generate(1);
  const SymbolIndex index(market.symbols());
  QuoteService service(market, index);
  market.append_day(gen.next_day());
  std::vector<QuoteResult> out(1);
  service.fetch(std::vector<std::string>{market.symbols()[3]}, out);
  EXPECT_EQ(out[0].bar.close, market.bar(3, 1).close);
}

TEST_F(QuoteServiceTest, RequestsCostLatencyAndTheRateLimit) {
  QuoteServiceConfig config;
  config.requests_per_second = 10;
  config.burst = 2;
  config.latency_ns = 30'000'000;
  QuoteService service(market_, index_, config);
  std::vector<QuoteResult> out(10);
  for (int i = 0; i < 12; ++i) service.fetch(symbols(0, 10), out);
  // Two requests ride the burst; the other ten go out at 0.1, 0.2 .. 1.0 s
  // (the latency is shorter than the pacing, so only the last one's shows).
  const auto stats = service.stats();
  EXPECT_NEAR(stats.virtual_seconds, 1.0 + 0.03, 1e-6);
  EXPECT_GT(stats.throttled_ns, 0);
  EXPECT_EQ(stats.requests, 12u);
}

TEST_F(QuoteServiceTest, RetriesBackOffExponentiallyUntilGivingUp) {
  QuoteServiceConfig config;
  config.failure_probability = 1.0;
  config.fault_weights = {0, 1, 0};  // server errors only
  config.max_attempts = 4;
  config.latency_ns = 1'000'000;
  config.backoff_initial_ns = 100'000'000;
  config.backoff_multiplier = 3;
  config.backoff_max_ns = 500'000'000;
  QuoteService service(market_, index_, config);
  std::vector<QuoteResult> out(5);
  service.fetch(symbols(0, 5), out);
  for (const QuoteResult& r : out) {
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.failure, FailureReason::kServerError);
    EXPECT_EQ(r.reason_text(), "server error");
    EXPECT_EQ(r.attempts, 4);
  }
  const auto stats = service.stats();
  EXPECT_EQ(stats.requests, 4u);
  EXPECT_EQ(stats.retries, 3u);
  EXPECT_EQ(stats.failed_requests, 4u);
  EXPECT_EQ(stats.failed_symbols, 5u);
  // 4 latencies + backoffs 0.1, 0.3, then 0.9 capped at 0.5.
  EXPECT_NEAR(stats.virtual_seconds, 0.004 + 0.1 + 0.3 + 0.5, 1e-9);
}

TEST_F(QuoteServiceTest, TimeoutsCostTheTimeout) {
  QuoteServiceConfig config;
  config.failure_probability = 1.0;
  config.fault_weights = {1, 0, 0};
  config.max_attempts = 1;
  config.timeout_ns = 2'000'000'000;
  QuoteService service(market_, index_, config);
  std::vector<QuoteResult> out(1);
  service.fetch(symbols(0, 1), out);
  EXPECT_EQ(out[0].failure, FailureReason::kTimeout);
  EXPECT_EQ(out[0].reason_text(), "timeout");
  EXPECT_DOUBLE_EQ(service.stats().virtual_seconds, 2.0);
}

// With failure probability p per request and k attempts, a symbol fetched
// alone fails for good with probability p^k.
TEST_F(QuoteServiceTest, FinalFailureRateIsPToTheK) {
  for (const auto& [p, k] :
       {std::pair{0.3, 3}, std::pair{0.5, 2}, std::pair{0.2, 1}}) {
    QuoteServiceConfig config;
    config.failure_probability = p;
    config.max_attempts = k;
    config.seed = 99;
    QuoteService service(market_, index_, config);
    std::vector<QuoteResult> out(1);
    constexpr int kFetches = 40000;
    for (int i = 0; i < kFetches; ++i) {
      out[0].id = static_cast<StockId>(i % 500);
      service.fetch_ids(out);
    }
    const double expected = std::pow(p, k);
    const double observed =
        static_cast<double>(service.stats().failed_symbols) / kFetches;
    const double sigma = std::sqrt(expected * (1 - expected) / kFetches);
    EXPECT_NEAR(observed, expected, 5 * sigma) << "p=" << p << " k=" << k;
    // Requests per fetch: 1 + p + ... + p^(k-1).
    const double expected_requests = (1 - std::pow(p, k)) / (1 - p);
    EXPECT_NEAR(static_cast<double>(service.stats().requests) / kFetches,
                expected_requests, 0.02);
  }
}

TEST_F(QuoteServiceTest, PartialResponsesAreCompletedByRetries) {
  QuoteServiceConfig config;
  config.failure_probability = 0.5;
  config.fault_weights = {0, 0, 1};  // partial responses only
  config.max_attempts = 12;
  QuoteService service(market_, index_, config);
  std::vector<QuoteResult> out(100);
  int partial_failures = 0, retried = 0;
  for (int round = 0; round < 5; ++round) {
    service.fetch(symbols(round * 100, 100), out);
    for (const QuoteResult& r : out) {
      if (r.ok()) {
        EXPECT_EQ(r.bar.close, market_.bar(r.id, 4).close);
        retried += r.attempts > 1;
      } else {
        EXPECT_EQ(r.failure, FailureReason::kPartialResponse);
        ++partial_failures;
      }
    }
  }
  EXPECT_GT(service.stats().failed_requests, 0u);
  EXPECT_GT(retried, 0);  // some symbols were missing, then came on a retry
  EXPECT_LT(partial_failures, 5);
}

TEST_F(QuoteServiceTest, PartialResponseAnswersSomeButNotAll) {
  QuoteServiceConfig config;
  config.failure_probability = 1.0;
  config.fault_weights = {0, 0, 1};
  config.max_attempts = 1;
  QuoteService service(market_, index_, config);
  std::vector<QuoteResult> out(100);
  std::size_t answered = 0;
  for (int round = 0; round < 20; ++round) {
    service.fetch(symbols(0, 100), out);
    std::size_t ok = 0;
    for (const QuoteResult& r : out) ok += r.ok();
    EXPECT_LT(ok, 100u);
    answered += ok;
  }
  // k is uniform in [0, n): about half answered on average.
  EXPECT_NEAR(static_cast<double>(answered) / 2000.0, 0.495, 0.15);
}

TEST_F(QuoteServiceTest, SameSeedSameFaultsAndResetRestsTheApi) {
  QuoteServiceConfig config;
  config.failure_probability = 0.4;
  config.burst = 3;
  config.latency_ns = 0;  // else the latency alone would pace to the rate
  QuoteService a(market_, index_, config), b(market_, index_, config);
  std::vector<QuoteResult> ra(100), rb(100);
  for (int i = 0; i < 5; ++i) {
    a.fetch(symbols(0, 100), ra);
    b.fetch(symbols(0, 100), rb);
    for (std::size_t j = 0; j < 100; ++j) {
      ASSERT_EQ(ra[j].failure, rb[j].failure);
      ASSERT_EQ(ra[j].attempts, rb[j].attempts);
    }
  }
  EXPECT_EQ(a.stats().virtual_seconds, b.stats().virtual_seconds);
  EXPECT_GT(a.stats().throttled_ns, 0);

  a.reset();
  EXPECT_EQ(a.stats().requests, 0u);
  EXPECT_EQ(a.clock().now_ns(), 0);
  // The bucket is full again: three requests go out without throttling.
  config.failure_probability = 0;
  QuoteService c(market_, index_, config);
  for (int i = 0; i < 5; ++i) c.fetch(symbols(0, 100), ra);
  c.reset();
  for (int i = 0; i < 3; ++i) c.fetch(symbols(0, 100), ra);
  EXPECT_EQ(c.stats().throttled_ns, 0);
  c.fetch(symbols(0, 100), ra);
  EXPECT_GT(c.stats().throttled_ns, 0);
}

TEST_F(QuoteServiceTest, RejectsBadBatches) {
  QuoteService service(market_, index_);
  std::vector<QuoteResult> out(200);
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { service.fetch(symbols(0, 101), out); }, "batch of 101"));
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { service.fetch(std::vector<std::string>{}, out); }, "batch of 0"));
  std::vector<QuoteResult> small(3);
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { service.fetch(symbols(0, 4), small); }, "holds 3"));
  auto bad = symbols(0, 3);
  bad[1] = "NOPE!";
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { service.fetch(bad, out); },
                                             "'NOPE!'"));
  std::vector<QuoteResult> bad_id(1);
  bad_id[0].id = 500;
  EXPECT_TRUE(throws_with<std::out_of_range>([&] { service.fetch_ids(bad_id); },
                                             "stock id 500"));
  EXPECT_EQ(service.stats().requests, 0u);  // nothing was sent
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { service.serve_day(5); }, "day 5"));
}

TEST_F(QuoteServiceTest, RejectsBadConfig) {
  const auto rejects = [&](auto mutate, std::string_view needle) {
    QuoteServiceConfig config;
    mutate(config);
    return throws_with<std::invalid_argument>(
        [&] { QuoteService(market_, index_, config); }, needle);
  };
  using C = QuoteServiceConfig;
  EXPECT_TRUE(rejects([](C& c) { c.max_batch = 0; }, "max_batch"));
  EXPECT_TRUE(rejects([](C& c) { c.requests_per_second = 0; }, "got 0"));
  EXPECT_TRUE(rejects([](C& c) { c.requests_per_second = -5; }, "got -5"));
  EXPECT_TRUE(rejects([](C& c) { c.burst = 0; }, "burst"));
  EXPECT_TRUE(rejects([](C& c) { c.failure_probability = -0.1; }, "-0.1"));
  EXPECT_TRUE(rejects([](C& c) { c.failure_probability = 1.5; }, "1.5"));
  EXPECT_TRUE(rejects(
      [](C& c) {
        c.failure_probability = std::numeric_limits<double>::quiet_NaN();
      },
      "nan"));
  EXPECT_TRUE(rejects([](C& c) { c.max_attempts = 0; }, "max_attempts"));
  EXPECT_TRUE(rejects([](C& c) { c.max_attempts = 256; }, "got 256"));
  EXPECT_TRUE(rejects([](C& c) { c.latency_ns = -1; }, "latency_ns"));
  EXPECT_TRUE(rejects([](C& c) { c.timeout_ns = -1; }, "timeout_ns"));
  EXPECT_TRUE(rejects([](C& c) { c.backoff_multiplier = 0.5; }, "0.5"));
  EXPECT_TRUE(rejects([](C& c) { c.backoff_max_ns = 1; }, "backoff_max_ns"));
  EXPECT_TRUE(rejects(
      [](C& c) {
        c.fault_weights = {0, 0, 0};
      },
      "fault_weights"));
  EXPECT_TRUE(rejects([](C& c) { c.fault_weights = {1, -1, 0}; }, "-1"));
  const SymbolIndex other(std::vector<std::string>{"AAA"});
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { QuoteService(market_, other); }, "1 symbols"));
}

}  // namespace
}  // namespace marketbench::market
