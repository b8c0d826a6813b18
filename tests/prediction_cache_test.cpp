#include "marketbench/cache/prediction_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace marketbench::cache {
namespace {

Prediction fake_model(const PredictionKey& key) {
  const float a = static_cast<float>(key.stock % 10) / 20.0f;
  const float b = static_cast<float>(key.model_id % 3) / 10.0f;
  return Prediction{{a, b, 1.0f - a - b}};
}

TEST(PredictionCache, KeysDistinguishModelStockAndDay) {
  PredictionCache cache(64, 4);
  const PredictionKey base{1, 42, 19000};
  cache.put(base, Prediction{{0.1f, 0.2f, 0.7f}});
  EXPECT_TRUE(cache.get(base).has_value());
  EXPECT_FALSE(cache.get({2, 42, 19000}).has_value());
  EXPECT_FALSE(cache.get({1, 43, 19000}).has_value());
  EXPECT_FALSE(cache.get({1, 42, 19001}).has_value());
  EXPECT_EQ(cache.get(base)->probabilities,
            (std::array<float, 3>{0.1f, 0.2f, 0.7f}));
}

TEST(PredictionCache, KeyHashSeparatesNearbyKeys) {
  PredictionKeyHash hash;
  std::set<std::uint64_t> hashes;
  for (std::uint32_t model = 0; model < 4; ++model) {
    for (std::uint32_t stock = 0; stock < 50; ++stock) {
      for (std::int32_t day = 0; day < 50; ++day)
        hashes.insert(hash({model, stock, day}));
    }
  }
  EXPECT_EQ(hashes.size(), 4u * 50 * 50);
}

TEST(PredictionCache, GetOrComputeComputesOnce) {
  PredictionCache cache(64, 4);
  int calls = 0;
  const auto compute = [&](const PredictionKey& key) {
    ++calls;
    return fake_model(key);
  };
  const PredictionKey key{0, 7, 100};
  EXPECT_EQ(cache.get_or_compute(key, compute), fake_model(key));
  EXPECT_EQ(cache.get_or_compute(key, compute), fake_model(key));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(PredictionCache, BatchLookupReportsTheMisses) {
  PredictionCache cache(256, 4);
  std::vector<PredictionKey> keys;
  for (std::uint32_t s = 0; s < 10; ++s) keys.push_back({0, s, 5});
  for (std::uint32_t s = 0; s < 10; s += 2)
    cache.put(keys[s], fake_model(keys[s]));

  std::vector<Prediction> out(keys.size());
  std::vector<std::size_t> missed;
  EXPECT_EQ(cache.lookup_batch(keys, out, missed), 5u);
  EXPECT_EQ(missed, (std::vector<std::size_t>{1, 3, 5, 7, 9}));
  EXPECT_EQ(out[4], fake_model(keys[4]));

  // The batched compute sees exactly the misses, once, and they get cached.
  int batches = 0;
  const std::size_t computed = cache.get_or_compute_batch(
      keys, out, missed, [&](std::span<const std::size_t> miss) {
        ++batches;
        EXPECT_EQ(miss.size(), 5u);
        for (std::size_t i : miss) out[i] = fake_model(keys[i]);
      });
  EXPECT_EQ(computed, 5u);
  EXPECT_EQ(batches, 1);
  for (std::size_t i = 0; i < keys.size(); ++i)
    EXPECT_EQ(out[i], fake_model(keys[i]));

  EXPECT_EQ(
      cache.get_or_compute_batch(
          keys, out, missed, [&](std::span<const std::size_t>) { ++batches; }),
      0u);
  EXPECT_EQ(batches, 1);
  EXPECT_TRUE(missed.empty());
}

TEST(PredictionCache, BatchSizeMismatchIsAnError) {
  PredictionCache cache(16, 1);
  std::vector<PredictionKey> keys(3);
  std::vector<Prediction> out(2);
  std::vector<std::size_t> missed;
  EXPECT_THROW(cache.lookup_batch(keys, out, missed), std::invalid_argument);
  EXPECT_THROW(cache.put_batch(keys, out), std::invalid_argument);
}

TEST(PredictionCache, InvalidateByDayAndAll) {
  PredictionCache cache(1024, 8);
  std::vector<PredictionKey> keys;
  for (std::int32_t day = 10; day < 13; ++day) {
    for (std::uint32_t s = 0; s < 20; ++s) keys.push_back({1, s, day});
  }
  std::vector<Prediction> values(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) values[i] = fake_model(keys[i]);
  cache.put_batch(keys, values);
  EXPECT_EQ(cache.size(), 60u);

  EXPECT_EQ(cache.invalidate_day(11), 20u);
  EXPECT_EQ(cache.size(), 40u);
  EXPECT_FALSE(cache.get({1, 3, 11}).has_value());
  EXPECT_TRUE(cache.get({1, 3, 10}).has_value());
  EXPECT_TRUE(cache.get({1, 3, 12}).has_value());
  EXPECT_EQ(cache.invalidate_day(11), 0u);

  cache.invalidate_all();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.get({1, 3, 10}).has_value());
}

// Readers and a daily invalidation running at once (run under tsan too).
TEST(PredictionCache, ConcurrentGetOrComputeAndInvalidation) {
  PredictionCache cache(512, 8);
  std::atomic<bool> stop{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        const PredictionKey key{
            0, static_cast<std::uint32_t>((i * 7 + t) % 300), i % 3};
        if (cache.get_or_compute(key, fake_model) != fake_model(key))
          wrong.fetch_add(1);
      }
    });
  }
  std::thread invalidator([&] {
    std::int32_t day = 0;
    while (!stop.load()) cache.invalidate_day(day++ % 3);
  });
  for (auto& r : readers) r.join();
  stop.store(true);
  invalidator.join();
  EXPECT_EQ(wrong.load(), 0);
  const CacheStats s = cache.stats();
  EXPECT_EQ(s.lookups(), 15000u);
}

}  // namespace
}  // namespace marketbench::cache
