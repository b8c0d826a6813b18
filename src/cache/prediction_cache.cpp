#include "marketbench/cache/prediction_cache.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace marketbench::cache {

PredictionCache::PredictionCache(std::size_t capacity, std::size_t shards)
    : cache_(capacity, shards) {}

std::size_t PredictionCache::lookup_batch(std::span<const PredictionKey> keys,
                                          std::span<Prediction> out,
                                          std::vector<std::size_t>& missed) {
  if (out.size() != keys.size()) {
    throw std::invalid_argument(
        fmt::format("PredictionCache::lookup_batch: {} outputs for {} keys",
                    out.size(), keys.size()));
  }
  missed.clear();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!cache_.get(keys[i], out[i])) missed.push_back(i);
  }
  return keys.size() - missed.size();
}

void PredictionCache::put_batch(std::span<const PredictionKey> keys,
                                std::span<const Prediction> predictions) {
  if (predictions.size() != keys.size()) {
    throw std::invalid_argument(
        fmt::format("PredictionCache::put_batch: {} predictions for {} keys",
                    predictions.size(), keys.size()));
  }
  for (std::size_t i = 0; i < keys.size(); ++i)
    cache_.put(keys[i], predictions[i]);
}

std::size_t PredictionCache::invalidate_day(std::int32_t day) {
  return cache_.erase_if([day](const PredictionKey& key, const Prediction&) {
    return key.as_of_day == day;
  });
}

}  // namespace marketbench::cache
