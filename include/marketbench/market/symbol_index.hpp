#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/market/ohlcv.hpp"

namespace marketbench::market {

// Ticker symbol <-> StockId. Exact lookups go through an open-addressing hash
// table (O(1): the bulk query resolves every symbol it sends); prefix search
// goes through the ids sorted by symbol, so the matches of a prefix are one
// contiguous slice of that array and are returned without copying.
// Symbols are case-sensitive.
class SymbolIndex {
 public:
  // symbols[i] is the symbol of StockId i. Throws on an empty or duplicate
  // symbol (naming it) or if there are more symbols than StockIds.
  explicit SymbolIndex(std::span<const std::string> symbols);

  std::size_t size() const { return symbols_.size(); }

  std::optional<StockId> find(std::string_view symbol) const;
  // Like find, but an unknown symbol throws std::out_of_range naming it.
  StockId at(std::string_view symbol) const;
  // Throws if id >= size().
  const std::string& symbol(StockId id) const;

  // The ids of all symbols starting with prefix, in symbol order (the empty
  // prefix matches all). The span points into the index; take .first(k) to
  // bound the count.
  std::span<const StockId> prefix_search(std::string_view prefix) const;

 private:
  static constexpr StockId kEmpty = static_cast<StockId>(-1);

  std::vector<std::string> symbols_;  // by StockId
  std::vector<StockId> sorted_;       // ids in symbol order
  std::vector<StockId> slots_;        // hash table of ids, kEmpty if free
  std::size_t mask_ = 0;              // slots_.size() - 1 (a power of two)
};

}  // namespace marketbench::market
