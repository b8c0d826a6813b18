#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/sharded_lru_cache.hpp"
#include "marketbench/core/stock_id.hpp"

namespace marketbench::cache {

// What a model said about one stock as of one day.
struct PredictionKey {
  std::uint32_t model_id = 0;
  core::StockId stock = 0;
  std::int32_t as_of_day = 0;  // days since 1970-01-01
  friend bool operator==(const PredictionKey&, const PredictionKey&) = default;
};

struct PredictionKeyHash {
  std::uint64_t operator()(const PredictionKey& key) const {
    const std::uint64_t model_stock =
        (std::uint64_t{key.model_id} << 32) | key.stock;
    return core::mix64(model_stock ^
                       core::mix64(static_cast<std::uint32_t>(key.as_of_day)));
  }
};

// A model output: the 3 class probabilities in the model's class order.
struct Prediction {
  std::array<float, 3> probabilities{};
  friend bool operator==(const Prediction&, const Prediction&) = default;
};

// Memoises model outputs by (model, stock, as-of day) on a ShardedLruCache.
// Thread-safe. Two threads missing the same key may both compute it; the
// later put wins, which is harmless because a model output is a pure
// function of its key.
class PredictionCache {
 public:
  PredictionCache(std::size_t capacity, std::size_t shards = 16);

  std::optional<Prediction> get(const PredictionKey& key) {
    return cache_.get(key);
  }
  void put(const PredictionKey& key, const Prediction& prediction) {
    cache_.put(key, prediction);
  }

  // The cached prediction, or compute(key) stored and returned. compute runs
  // outside any lock.
  template <typename Compute>
  Prediction get_or_compute(const PredictionKey& key, Compute&& compute) {
    Prediction prediction;
    if (cache_.get(key, prediction)) return prediction;
    prediction = compute(key);
    cache_.put(key, prediction);
    return prediction;
  }

  // Looks up a batch: out[i] is set for every hit; the indices i of the
  // misses are written to `missed` in order (cleared first; its capacity is
  // reused, so a caller-owned vector makes steady-state batches
  // allocation-free). out.size() must equal keys.size(). Returns the hits.
  std::size_t lookup_batch(std::span<const PredictionKey> keys,
                           std::span<Prediction> out,
                           std::vector<std::size_t>& missed);
  // Stores predictions[j] under keys[j]; both spans have the same size.
  void put_batch(std::span<const PredictionKey> keys,
                 std::span<const Prediction> predictions);

  // Batched get-or-compute: looks the keys up, then calls
  // compute(std::span<const std::size_t> missed) once (if anything missed),
  // which must fill out[i] for each missed index i, e.g. with one batched
  // inference; those results are then cached. Returns the number of misses.
  template <typename ComputeBatch>
  std::size_t get_or_compute_batch(std::span<const PredictionKey> keys,
                                   std::span<Prediction> out,
                                   std::vector<std::size_t>& missed,
                                   ComputeBatch&& compute) {
    lookup_batch(keys, out, missed);
    if (missed.empty()) return 0;
    compute(std::span<const std::size_t>(missed));
    for (const std::size_t i : missed) cache_.put(keys[i], out[i]);
    return missed.size();
  }

  // Drops every prediction as of `day` (any model, any stock); returns how
  // many.
  std::size_t invalidate_day(std::int32_t day);
  // Drops everything.
  void invalidate_all() { cache_.clear(); }

  std::size_t size() const { return cache_.size(); }
  std::size_t capacity() const { return cache_.capacity(); }
  CacheStats stats() const { return cache_.stats(); }
  void reset_stats() { cache_.reset_stats(); }

 private:
  ShardedLruCache<PredictionKey, Prediction, PredictionKeyHash> cache_;
};

}  // namespace marketbench::cache
