#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "marketbench/market/quote_service.hpp"

namespace marketbench::market {

// What one bulk query did. succeeded + failed == symbols, always.
struct BulkQuerySummary {
  std::size_t symbols = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::uint64_t requests = 0;  // retries included
  std::uint64_t retries = 0;
  double virtual_seconds = 0;  // virtual time the query took
};

// Quotes for any number of symbols through a QuoteService, `batch` symbols
// per fetch. Every symbol gets a result: a quote or the reason it has none.
class BulkPriceQuery {
 public:
  // Throws unless 1 <= batch <= service.config().max_batch. The service must
  // outlive the query.
  BulkPriceQuery(QuoteService& service, std::size_t batch);

  std::size_t batch() const { return batch_; }

  // out[i] answers symbols[i]; out is resized to symbols.size() (reuse it
  // across calls and nothing is allocated). All symbols are resolved first:
  // an unknown one throws before any request is sent.
  BulkQuerySummary run(std::span<const std::string> symbols,
                       std::vector<QuoteResult>& out);

 private:
  QuoteService& service_;
  std::size_t batch_;
};

}  // namespace marketbench::market
