#pragma once

#include "marketbench/market/price_store.hpp"
#include "marketbench/market/symbol_index.hpp"
#include "marketbench/platform/request.hpp"
#include "marketbench/platform/response.hpp"

namespace marketbench::platform {

// Values the holdings at the latest closes: value, P&L and weight of each
// position and of the whole, each stock's annualised volatility and the
// portfolio's (at today's weights) over the last request.window daily
// returns. Reads the store only. Throws RequestError: kBadRequest for no or
// too many holdings (> kMaxSymbolsPerRequest), a quantity not finite and > 0,
// a cost basis not finite and >= 0, a window outside [2, kMaxWindowDays];
// kNotFound for an unknown symbol; kUnavailable when the store holds fewer
// than window + 1 days.
PortfolioResult value_portfolio(const market::PriceStore& prices,
                                const market::SymbolIndex& index,
                                const PortfolioRequest& request);

}  // namespace marketbench::platform
