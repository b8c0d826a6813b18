#pragma once

#include "marketbench/market/price_store.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/platform/request.hpp"
#include "marketbench/platform/response.hpp"

namespace marketbench::platform {

// Correlation matrix and annualised volatilities of the symbols' last
// request.window daily returns (src/platform/return_statistics.hpp). Reads the
// store only. Throws RequestError: kBadRequest for 0 or more than
// kMaxAnalyticsSymbols symbols or a window outside [2, kMaxWindowDays];
// kNotFound for an unknown symbol; kUnavailable when the store holds fewer than
// window + 1 days.
AnalyticsResult analyse_returns(const market::PriceStore& prices,
                                const market::SymbolIndex& index,
                                const AnalyticsRequest& request);

}  // namespace marketbench::platform
