#pragma once

// The latest published trading day, shared between the pipeline (one writer,
// once a day) and the platform (many concurrent readers), and the cache of
// its top-K recommendation lists.

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "marketbench/cache/cache_stats.hpp"
#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/cache/sharded_lru_cache.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/recommend/recommendation.hpp"
#include "marketbench/store/rows.hpp"

namespace marketbench::pipeline {

struct DayMover {
  market::StockId stock = 0;
  double close = 0;
  double change = 0;  // close / previous close - 1
};

// One trading day as the platform serves it. Immutable once published.
struct PublishedDay {
  store::Day day = 0;
  // Set by ResultsBoard::publish: tells apart two publications of one day.
  std::uint64_t generation = 0;
  // Every stock that succeeded that day, in ascending StockId.
  std::vector<recommend::Recommendation> recommendations;
  // The model's probabilities of each recommendation (parallel to
  // `recommendations`), or empty when the publisher does not have them.
  std::vector<cache::Prediction> predictions;
  std::array<std::size_t, 3> actions{};  // by recommend::Action
  std::size_t advancers = 0;             // close above the previous close
  std::size_t decliners = 0;
  std::size_t unchanged = 0;
  std::vector<DayMover> gainers;  // biggest rise first, ties by stock
  std::vector<DayMover> losers;   // biggest fall first, ties by stock
};

// The market summary of `day` for the recommended stocks: counts by action,
// advancers / decliners from the store's closes of `day` and `day - 1` (day 0
// has no previous close: every stock counts as unchanged), and the `movers`
// biggest gainers and losers (fewer when fewer stocks moved that way).
// The predictions are left empty. Throws std::out_of_range naming the day
// unless 0 <= day < prices.days().
PublishedDay summarize_day(
    store::Day day, std::vector<recommend::Recommendation> recommendations,
    const market::PriceStore& prices, std::size_t movers);

// The k best recommendations of a day, best first, with their probabilities
// when the day carries them (then predictions.size() ==
// recommendations.size(); otherwise empty).
struct TopKList {
  std::vector<recommend::Recommendation> recommendations;
  std::vector<cache::Prediction> predictions;
};

struct TopKKey {
  std::uint64_t generation = 0;
  std::uint64_t k = 0;
  friend bool operator==(const TopKKey&, const TopKKey&) = default;
};
struct TopKKeyHash {
  std::uint64_t operator()(const TopKKey& key) const {
    return core::mix64(key.generation * 0x9e3779b97f4a7c15ULL ^ key.k);
  }
};

// Thread-safe: publish() from any thread while any number of threads read.
// Readers never block each other on a global lock: current() is one atomic
// load of the current generation in the common case (each thread keeps the
// day it last saw), and top-K lists sit in a ShardedLruCache keyed by
// (generation, k), so a reader still holding an older day gets that day's
// lists, never a mix. (Not std::atomic<std::shared_ptr>: libstdc++ 12's
// load() releases its internal lock with relaxed order, a race under tsan.)
class ResultsBoard {
 public:
  using TopList = std::shared_ptr<const TopKList>;

  // Room for `top_k_capacity` cached lists. Throws std::invalid_argument as
  // ShardedLruCache does for a bad capacity or shard count.
  explicit ResultsBoard(std::size_t top_k_capacity = 256,
                        std::size_t shards = 16);

  // Makes `day` the current day (its generation, unique in the process, is
  // set here), drops every
  // cached list of earlier publications and computes the lists for each k of
  // warm_k. Returns the number of lists computed. Throws std::invalid_argument
  // for a null day.
  std::size_t publish(std::shared_ptr<PublishedDay> day,
                      std::span<const std::size_t> warm_k = {});

  // The current day, or nullptr before the first publish. Each thread keeps
  // a reference to the last day it was handed, until it next calls current()
  // after a publish.
  std::shared_ptr<const PublishedDay> current() const;

  // The read path without shared writes: as current(), but handing out the
  // thread's own reference instead of a copy, so the day's reference count
  // (a cache line every reader would otherwise write) is not touched. The
  // day stays alive until this thread's next current() or current_pinned()
  // call; nullptr before the first publish.
  const PublishedDay* current_pinned() const;

  // As top_k(), from a per-thread cache of the lists of one publication
  // (filled from the shared cache on first use): a repeated (day, k) takes no
  // lock, reorders no LRU and copies no shared_ptr. The list stays alive
  // until this thread's next top_k_pinned() call. Lists taken here count in
  // top_k_stats() only when they come from the shared cache.
  const TopKList& top_k_pinned(const PublishedDay& day, std::size_t k);

  // The k best recommendations of `day` (recommend::ranks_before order, best
  // first; all of them when k exceeds the count) with their predictions, from
  // the cache or selected (recommend::select_top_k) and cached. `day` should
  // come from current().
  TopList top_k(const PublishedDay& day, std::size_t k);

  cache::CacheStats top_k_stats() const { return top_k_.stats(); }

 private:
  TopList compute(const PublishedDay& day, std::size_t k) const;

  // The generation of current_ (0: none), read without the mutex.
  std::atomic<std::uint64_t> generation_{0};
  mutable std::mutex mutex_;  // guards current_
  std::shared_ptr<const PublishedDay> current_;
  cache::ShardedLruCache<TopKKey, TopList, TopKKeyHash> top_k_;
};

}  // namespace marketbench::pipeline
