#include "marketbench/market/bulk_price_query.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "market_test_support.hpp"
#include "marketbench/market/market_generator.hpp"

namespace marketbench::market {
namespace {

using testing::throws_with;

class BulkPriceQueryTest : public ::testing::Test {
 protected:
  BulkPriceQueryTest()
      : market_(generate_market(6000, 3, 77)),
        index_(market_.symbols()),
        symbols_(market_.symbols().begin(), market_.symbols().end()) {}

  Market market_;
  SymbolIndex index_;
  std::vector<std::string> symbols_;
};

// Under heavy faults, every symbol still comes back: a quote equal to the
// market's bar, or a failure with a reason. Nothing is dropped or duplicated.
TEST_F(BulkPriceQueryTest, EverySymbolIsAccountedFor) {
  for (std::size_t batch : {1u, 7u, 100u}) {
    QuoteServiceConfig config;
    config.failure_probability = 0.35;
    config.max_attempts = 2;
    QuoteService service(market_, index_, config);
    BulkPriceQuery query(service, batch);
    std::vector<QuoteResult> out;
    const BulkQuerySummary summary = query.run(symbols_, out);

    ASSERT_EQ(out.size(), symbols_.size());
    std::size_t ok = 0, failed = 0;
    std::vector<int> seen(market_.stocks(), 0);
    for (std::size_t i = 0; i < out.size(); ++i) {
      const QuoteResult& r = out[i];
      ASSERT_EQ(r.id, index_.at(symbols_[i]));
      ++seen[r.id];
      ASSERT_GE(r.attempts, 1);
      ASSERT_LE(r.attempts, 2);
      if (r.ok()) {
        ++ok;
        ASSERT_EQ(r.bar.close, market_.bar(r.id, 2).close);
      } else {
        ++failed;
        ASSERT_NE(r.failure, FailureReason::kNone);
        ASSERT_FALSE(r.reason_text().empty());
      }
    }
    for (int count : seen) ASSERT_EQ(count, 1);
    EXPECT_EQ(summary.symbols, 6000u);
    EXPECT_EQ(summary.succeeded, ok);
    EXPECT_EQ(summary.failed, failed);
    EXPECT_EQ(ok + failed, 6000u);
    EXPECT_GT(failed, 0u) << "batch " << batch;  // the faults did bite
    EXPECT_EQ(summary.failed, service.stats().failed_symbols);
    EXPECT_GE(summary.requests, (6000 + batch - 1) / batch);
    EXPECT_EQ(summary.requests, service.stats().requests);
    EXPECT_EQ(summary.retries, service.stats().retries);
  }
}

TEST_F(BulkPriceQueryTest, SplitsIntoBatchesAndPaysTheRateLimit) {
  QuoteServiceConfig config;
  config.requests_per_second = 20;
  config.burst = 20;
  config.latency_ns = 0;
  QuoteService service(market_, index_, config);
  BulkPriceQuery query(service, 100);
  std::vector<QuoteResult> out;
  const std::vector<std::string> some(symbols_.begin(),
                                      symbols_.begin() + 1001);
  const BulkQuerySummary summary = query.run(some, out);
  EXPECT_EQ(summary.requests, 11u);  // 10 full batches and one of 1
  EXPECT_EQ(summary.succeeded, 1001u);
  EXPECT_EQ(summary.virtual_seconds, 0.0);  // all within the burst
  // A second run finds the bucket empty: 60 requests at 20/s from t = 0.
  query.run(symbols_, out);
  EXPECT_NEAR(service.stats().virtual_seconds, 60 / 20.0 - 9 / 20.0, 1e-6);
}

TEST_F(BulkPriceQueryTest, ReusedOutputDoesNotReallocate) {
  QuoteService service(market_, index_);
  BulkPriceQuery query(service, 50);
  std::vector<QuoteResult> out;
  query.run(symbols_, out);
  const QuoteResult* data = out.data();
  query.run(symbols_, out);
  EXPECT_EQ(out.data(), data);
}

TEST_F(BulkPriceQueryTest, EmptyInputGivesEmptyOutput) {
  QuoteService service(market_, index_);
  BulkPriceQuery query(service, 10);
  std::vector<QuoteResult> out(5);
  const auto summary = query.run(std::vector<std::string>{}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(summary.requests, 0u);
}

TEST_F(BulkPriceQueryTest, RejectsBadBatchSizesAndUnknownSymbols) {
  QuoteService service(market_, index_);
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { BulkPriceQuery(service, 0); }, "got 0"));
  EXPECT_TRUE(throws_with<std::invalid_argument>(
      [&] { BulkPriceQuery(service, 101); }, "got 101"));
  BulkPriceQuery query(service, 100);
  std::vector<std::string> bad = symbols_;
  bad[4321] = "ZZZZZZ";
  std::vector<QuoteResult> out;
  EXPECT_TRUE(
      throws_with<std::out_of_range>([&] { query.run(bad, out); }, "'ZZZZZZ'"));
  EXPECT_EQ(service.stats().requests, 0u);  // rejected before sending
}

}  // namespace
}  // namespace marketbench::market
