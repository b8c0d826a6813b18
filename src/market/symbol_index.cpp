#include "marketbench/market/symbol_index.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "marketbench/core/random.hpp"

namespace marketbench::market {

namespace {

// FNV-1a over the bytes, then a full-avalanche finaliser so that the low bits
// used as the slot index depend on every character.
std::uint64_t hash_symbol(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return core::mix64(h);
}

}  // namespace

SymbolIndex::SymbolIndex(std::span<const std::string> symbols)
    : symbols_(symbols.begin(), symbols.end()) {
  if (symbols_.size() >= kEmpty) {
    throw std::invalid_argument(fmt::format(
        "SymbolIndex: {} symbols exceed the StockId range", symbols_.size()));
  }
  // At most half full keeps linear probes short.
  const std::size_t slots =
      std::bit_ceil(std::max<std::size_t>(16, 2 * symbols_.size()));
  slots_.assign(slots, kEmpty);
  mask_ = slots - 1;
  for (std::size_t id = 0; id < symbols_.size(); ++id) {
    const std::string& symbol = symbols_[id];
    if (symbol.empty()) {
      throw std::invalid_argument(
          fmt::format("SymbolIndex: symbol of stock {} is empty", id));
    }
    std::size_t slot = hash_symbol(symbol) & mask_;
    while (slots_[slot] != kEmpty) {
      if (symbols_[slots_[slot]] == symbol) {
        throw std::invalid_argument(
            fmt::format("SymbolIndex: duplicate symbol '{}' (stocks {} and {})",
                        symbol, slots_[slot], id));
      }
      slot = (slot + 1) & mask_;
    }
    slots_[slot] = static_cast<StockId>(id);
  }

  sorted_.resize(symbols_.size());
  for (std::size_t id = 0; id < sorted_.size(); ++id) {
    sorted_[id] = static_cast<StockId>(id);
  }
  std::sort(sorted_.begin(), sorted_.end(),
            [&](StockId a, StockId b) { return symbols_[a] < symbols_[b]; });
}

std::optional<StockId> SymbolIndex::find(std::string_view symbol) const {
  for (std::size_t slot = hash_symbol(symbol) & mask_;;
       slot = (slot + 1) & mask_) {
    const StockId id = slots_[slot];
    if (id == kEmpty) return std::nullopt;
    if (symbols_[id] == symbol) return id;
  }
}

StockId SymbolIndex::at(std::string_view symbol) const {
  if (auto id = find(symbol)) return *id;
  throw std::out_of_range(fmt::format("unknown symbol '{}'", symbol));
}

const std::string& SymbolIndex::symbol(StockId id) const {
  if (id >= symbols_.size()) {
    throw std::out_of_range(fmt::format(
        "SymbolIndex: stock id {} out of range (index has {} symbols)", id,
        symbols_.size()));
  }
  return symbols_[id];
}

std::span<const StockId> SymbolIndex::prefix_search(
    std::string_view prefix) const {
  // Symbols with the prefix form one run in sorted order: it starts at the
  // first symbol >= prefix and ends at the first one that no longer has it.
  const auto first = std::lower_bound(
      sorted_.begin(), sorted_.end(), prefix,
      [&](StockId id, std::string_view p) { return symbols_[id] < p; });
  const auto last = std::partition_point(first, sorted_.end(), [&](StockId id) {
    return std::string_view(symbols_[id]).starts_with(prefix);
  });
  return {first, last};
}

}  // namespace marketbench::market
