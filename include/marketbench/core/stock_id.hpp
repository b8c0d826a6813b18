#pragma once

#include <cstdint>

namespace marketbench::core {

// Dense id of a stock in a generated universe: 0 .. N-1. In core so that
// sibling components (market, cache, store...) share the one type.
using StockId = std::uint32_t;

}  // namespace marketbench::core
