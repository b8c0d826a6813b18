#include "marketbench/market/bulk_price_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace marketbench::market {

BulkPriceQuery::BulkPriceQuery(QuoteService& service, std::size_t batch)
    : service_(service), batch_(batch) {
  if (batch == 0 || batch > service.config().max_batch) {
    throw std::invalid_argument(
        fmt::format("BulkPriceQuery: batch must be in [1, {}] (got {})",
                    service.config().max_batch, batch));
  }
}

BulkQuerySummary BulkPriceQuery::run(std::span<const std::string> symbols,
                                     std::vector<QuoteResult>& out) {
  out.resize(symbols.size());
  const SymbolIndex& index = service_.index();
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    out[i].id = index.at(symbols[i]);
  }

  const QuoteServiceStats before = service_.stats();
  const std::span<QuoteResult> results(out);
  for (std::size_t first = 0; first < results.size(); first += batch_) {
    service_.fetch_ids(
        results.subspan(first, std::min(batch_, results.size() - first)));
  }
  const QuoteServiceStats after = service_.stats();

  BulkQuerySummary summary;
  summary.symbols = symbols.size();
  summary.succeeded = static_cast<std::size_t>(std::count_if(
      out.begin(), out.end(), [](const QuoteResult& r) { return r.ok(); }));
  summary.failed = summary.symbols - summary.succeeded;
  summary.requests = after.requests - before.requests;
  summary.retries = after.retries - before.retries;
  summary.virtual_seconds = after.virtual_seconds - before.virtual_seconds;
  return summary;
}

}  // namespace marketbench::market
