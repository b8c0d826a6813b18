// Benchmarks of the cache layer: inference-cache hit rate under Zipf load, the
// raw cost of LRU operations against std::unordered_map, the sharded cache
// under threads, and routing policies of a multi-worker cache cluster.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "marketbench/cache/cache_cluster.hpp"
#include "marketbench/cache/lru_cache.hpp"
#include "marketbench/cache/sharded_lru_cache.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/zipf.hpp"
#include "support/cache_workload.hpp"
#include "support/counters.hpp"

namespace {

using namespace marketbench;
using namespace marketbench::bench;

// ---------------------------------------------------------------------------
// Inference cache: an LruCache of model outputs keyed by feature hash.

// Built once per key count and reused by every capacity (single-threaded use).
const std::vector<std::uint64_t>& inference_trace(std::uint64_t keys) {
  static std::map<std::uint64_t, std::vector<std::uint64_t>> traces;
  auto it = traces.find(keys);
  if (it == traces.end())
    it = traces.emplace(keys, zipf_trace(keys, 4242, 4243, true)).first;
  return it->second;
}

// Args: keys, capacity_pct. One iteration = one request: a lookup, and on a
// miss a put of the output. Warm-up (10 x keys requests) is untimed.
void BM_InferenceCacheHitRate(benchmark::State& state) {
  const auto keys = static_cast<std::uint64_t>(state.range(0));
  const auto capacity = std::max<std::uint64_t>(
      1, keys * static_cast<std::uint64_t>(state.range(1)) / 100);
  const std::vector<std::uint64_t>& trace = inference_trace(keys);
  cache::LruCache<std::uint64_t, Probabilities> lru(capacity);
  std::size_t next = 0;
  const auto request = [&] {
    const std::uint64_t key = trace[next];
    next = (next + 1) & kTraceMask;
    if (const Probabilities* hit = lru.get(key)) return (*hit)[0];
    const Probabilities output = placeholder_output(key);
    lru.put(key, output);
    return output[0];
  };
  for (std::uint64_t i = 0; i < 10 * keys; ++i)
    benchmark::DoNotOptimize(request());
  lru.reset_stats();

  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) benchmark::DoNotOptimize(request());
  const std::chrono::duration<double, std::nano> elapsed =
      std::chrono::steady_clock::now() - start;

  const cache::CacheStats& stats = lru.stats();
  state.counters["hit_rate"] = stats.hit_rate();
  state.counters["ns_per_lookup"] =
      elapsed.count() / static_cast<double>(stats.lookups());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InferenceCacheHitRate)
    ->ArgNames({"keys", "capacity_pct"})
    ->Apply([](benchmark::internal::Benchmark* b) {
      for (std::int64_t keys : {100, 1000, 10000}) {
        for (std::int64_t pct : {5, 10, 20, 50}) b->Args({keys, pct});
      }
    });

// The original test's case: 100 distinct 50-float feature vectors, requested
// 1,000 times with Zipf(0.99) popularity, into a cold cache of capacity 100.
constexpr std::size_t kColdVectors = 100;
constexpr std::size_t kColdFeatures = 50;
constexpr std::size_t kColdRequests = 1000;
constexpr std::size_t kColdSequences = 64;

std::uint64_t feature_hash(std::span<const float, kColdFeatures> features) {
  std::uint64_t h = kFeatureSalt;
  for (std::size_t j = 0; j < kColdFeatures; j += 2) {
    const std::uint64_t word =
        std::bit_cast<std::uint32_t>(features[j]) |
        std::uint64_t{std::bit_cast<std::uint32_t>(features[j + 1])} << 32;
    h = core::mix64(h ^ word);
  }
  return h;
}

struct ColdStartData {
  std::vector<std::array<float, kColdFeatures>> vectors;
  // kColdSequences request sequences of kColdRequests vector indices.
  std::vector<std::uint8_t> requests;
};

const ColdStartData& cold_start_data() {
  static const ColdStartData data = [] {
    ColdStartData d;
    core::Xoshiro256StarStar rng(2024);
    d.vectors.resize(kColdVectors);
    std::set<std::uint64_t> hashes;
    for (auto& v : d.vectors) {
      for (float& x : v) x = static_cast<float>(rng.normal());
      hashes.insert(feature_hash(v));
    }
    if (hashes.size() != kColdVectors)
      throw std::logic_error(
          "BM_InferenceCacheColdStart: feature hashes collide");
    const core::ZipfSampler zipf(kColdVectors, kZipfS, 7);
    d.requests.resize(kColdSequences * kColdRequests);
    for (auto& r : d.requests) r = static_cast<std::uint8_t>(zipf.sample(rng));
    return d;
  }();
  return data;
}

// One iteration = a fresh cache of capacity 100 + 1,000 requests, each hashing
// its feature vector, looking it up, and storing an output on a miss.
void BM_InferenceCacheColdStart(benchmark::State& state) {
  const ColdStartData& data = cold_start_data();
  std::uint64_t hits = 0;
  std::uint64_t lookups = 0;
  std::size_t sequence = 0;
  for (auto _ : state) {
    cache::LruCache<std::uint64_t, Probabilities> lru(kColdVectors);
    const std::uint8_t* requests =
        data.requests.data() + sequence * kColdRequests;
    for (std::size_t i = 0; i < kColdRequests; ++i) {
      const std::uint64_t key = feature_hash(data.vectors[requests[i]]);
      if (const Probabilities* hit = lru.get(key)) {
        benchmark::DoNotOptimize(hit);
      } else {
        lru.put(key, placeholder_output(key));
      }
    }
    hits += lru.stats().hits;
    lookups += lru.stats().lookups();
    sequence = (sequence + 1) % kColdSequences;
  }
  state.counters["hit_rate"] =
      lookups == 0 ? 0.0
                   : static_cast<double>(hits) / static_cast<double>(lookups);
  state.SetItemsProcessed(static_cast<std::int64_t>(lookups));
}
BENCHMARK(BM_InferenceCacheColdStart);

// ---------------------------------------------------------------------------
// Raw LRU costs against the std::unordered_map reference.

constexpr std::size_t kHitKeys = 10000;
constexpr std::size_t kAccessLength = std::size_t{1} << 16;

struct HitData {
  std::vector<std::uint64_t> keys;    // kHitKeys random 64-bit keys
  std::vector<std::uint64_t> access;  // uniform picks among them
  std::vector<std::uint64_t>
      fresh;  // kAccessLength distinct keys for put-evict
};

const HitData& hit_data() {
  static const HitData data = [] {
    HitData d;
    core::Xoshiro256StarStar rng(99);
    std::set<std::uint64_t> seen;
    while (d.keys.size() < kHitKeys) {
      const std::uint64_t k = rng.next_u64();
      if (seen.insert(k).second) d.keys.push_back(k);
    }
    d.access.resize(kAccessLength);
    for (auto& a : d.access) a = d.keys[rng.uniform_below(kHitKeys)];
    while (d.fresh.size() < kAccessLength) {
      const std::uint64_t k = rng.next_u64();
      if (seen.insert(k).second) d.fresh.push_back(k);
    }
    return d;
  }();
  return data;
}

// One iteration = one get() that hits (recency update included) and a read
// of the value, over 10,000 cached keys picked uniformly.
void BM_LruGetHit(benchmark::State& state) {
  const HitData& data = hit_data();
  cache::LruCache<std::uint64_t, std::uint64_t> lru(kHitKeys);
  for (std::uint64_t k : data.keys) lru.put(k, k);
  lru.reset_stats();
  std::size_t i = 0;
  bench::AllocationMeter meter;
  for (auto _ : state) {
    benchmark::DoNotOptimize(*lru.get(data.access[i]));
    i = (i + 1) & (kAccessLength - 1);
  }
  meter.publish(state, "bytes_per_op", static_cast<double>(state.iterations()));
  if (lru.stats().misses != 0)
    state.SkipWithError("BM_LruGetHit: a lookup missed");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LruGetHit);

// The same keys and access sequence in a reserved std::unordered_map.
void BM_UnorderedMapFindBaseline(benchmark::State& state) {
  const HitData& data = hit_data();
  std::unordered_map<std::uint64_t, std::uint64_t> map;
  map.reserve(kHitKeys);
  for (std::uint64_t k : data.keys) map.emplace(k, k);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(map.find(data.access[i])->second);
    i = (i + 1) & (kAccessLength - 1);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_UnorderedMapFindBaseline);

// One iteration = one put() of a key not in the full cache: an eviction and
// the reuse of the evicted node.
void BM_LruPutEvict(benchmark::State& state) {
  const HitData& data = hit_data();
  cache::LruCache<std::uint64_t, std::uint64_t> lru(kHitKeys);
  // One pass over the fresh keys fills the cache; the next key (fresh[0]) is
  // long evicted, as is every key after it: the cycle is 6.5x the capacity.
  for (std::uint64_t k : data.fresh) lru.put(k, k);
  lru.reset_stats();
  std::size_t i = 0;
  bench::AllocationMeter meter;
  for (auto _ : state) {
    benchmark::DoNotOptimize(lru.put(data.fresh[i], i));
    i = (i + 1) & (kAccessLength - 1);
  }
  meter.publish(state, "bytes_per_op", static_cast<double>(state.iterations()));
  if (lru.stats().evictions != static_cast<std::uint64_t>(state.iterations())) {
    state.SkipWithError("BM_LruPutEvict: a put did not evict");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LruPutEvict);

// ---------------------------------------------------------------------------
// Sharded cache under threads.

// One iteration = one operation on a shared cache of 10,000 entries in 64
// shards over 100,000 Zipf keys: 90% get, 10% put. A put stores
// `value_of(key, n)` for the thread's n-th put.
// By default thread t of T serves the operations at t mod T (T divides the
// stream's length: support/cache_workload.hpp asserts it for the registered
// thread counts, 1, 2 and kMixedMaxThreads); `whole_stream` makes every thread
// serve all of them.
template <typename ValueOf>
void run_mixed(benchmark::State& state, MixedCache& cache, ValueOf value_of,
               bool whole_stream = false) {
  const std::vector<std::uint64_t>& stream = mixed_stream();
  constexpr std::size_t kMask = kMixedStreamLength - 1;
  const auto stride =
      whole_stream ? std::size_t{1} : static_cast<std::size_t>(state.threads());
  std::size_t i = whole_stream ? std::size_t{0}
                               : static_cast<std::size_t>(state.thread_index());
  std::uint64_t gets = 0;
  std::uint64_t hits = 0;
  std::uint64_t puts = 0;
  std::uint64_t inserts = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const std::uint64_t op = stream[i];
    i = (i + stride) & kMask;
    const std::uint64_t key = op & ~kPutBit;
    if ((op & kPutBit) != 0) {
      inserts += cache.put(key, value_of(key, puts++));
    } else {
      Probabilities out;
      hits += cache.get(key, out);
      ++gets;
      benchmark::DoNotOptimize(out);
    }
  }
  const std::chrono::duration<double> elapsed =
      std::chrono::steady_clock::now() - start;
  // Google Benchmark sums counters over threads. Each thread reports its own
  // ops over its own wall time; all threads start together at the benchmark's
  // barrier and run the same iteration count, so the sum is the aggregate
  // throughput. (kIsRate would divide by the summed CPU time: a per-thread
  // rate.)
  state.counters["ops_per_second"] =
      static_cast<double>(state.iterations()) / elapsed.count();
  // Threads run the same iteration counts over the same kind of op mix (each
  // its share of the stream): the mean of their hit rates is the pooled hit
  // rate up to rounding.
  state.counters["hit_rate"] = benchmark::Counter(
      gets == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(gets),
      benchmark::Counter::kAvgThreads);
  // Puts of absent keys (each an insert, at capacity an eviction) per
  // operation: the part of the mix that takes the shard lock.
  state.counters["insert_rate"] = benchmark::Counter(
      static_cast<double>(inserts) / static_cast<double>(state.iterations()),
      benchmark::Counter::kAvgThreads);
}

// A put stores the key's own output, as a prediction cache re-stores the pure
// function of its key: for a present key the bytes are already there.
void BM_ShardedCacheMixed(benchmark::State& state) {
  static MixedCache cache{kMixedCapacity, kMixedShards};
  static MixedCache& warmed = warmed_mixed_cache(cache);
  run_mixed(state, warmed, [](std::uint64_t key, std::uint64_t) {
    return placeholder_output(key);
  });
}
BENCHMARK(BM_ShardedCacheMixed)
    ->Threads(1)
    ->Threads(2)
    ->Threads(kMixedMaxThreads);

// Every put stores a value that differs from the one present (a cache whose
// entries are refreshed with new data): each put of a present key writes.
void BM_ShardedCacheMixedNewValues(benchmark::State& state) {
  static MixedCache cache{kMixedCapacity, kMixedShards};
  static MixedCache& warmed = warmed_mixed_cache(cache);
  run_mixed(state, warmed, [](std::uint64_t key, std::uint64_t n) {
    Probabilities value = placeholder_output(key);
    value[2] = static_cast<float>(n);
    return value;
  });
}
BENCHMARK(BM_ShardedCacheMixedNewValues)
    ->Threads(1)
    ->Threads(2)
    ->Threads(kMixedMaxThreads);

// The baseline of BM_ShardedCacheMixed's scaling: the same cache and stream,
// but nothing shared. Each thread has a cache of its own (warmed alike) and
// serves the whole stream, so every thread runs threads:1's operations in
// order. threads:2 / threads:1 here is what this machine gives to two copies of
// the work; the shared cache's ratio can only fall short of it by what the
// threads' shared lines cost.
void BM_ShardedCacheMixedPrivate(benchmark::State& state) {
  static const auto caches = [] {
    std::array<std::unique_ptr<MixedCache>, kMixedMaxThreads> c;
    for (auto& cache : c) {
      cache = std::make_unique<MixedCache>(kMixedCapacity, kMixedShards);
      warmed_mixed_cache(*cache);
    }
    return c;
  }();
  run_mixed(
      state, *caches[static_cast<std::size_t>(state.thread_index())],
      [](std::uint64_t key, std::uint64_t) { return placeholder_output(key); },
      true);
}
BENCHMARK(BM_ShardedCacheMixedPrivate)
    ->Threads(1)
    ->Threads(2)
    ->Threads(kMixedMaxThreads);

// ---------------------------------------------------------------------------
// Cache cluster routing.

constexpr std::size_t kClusterWorkers = 3;
constexpr std::uint64_t kClusterKeys = 10000;
constexpr std::size_t kClusterCapacity =
    1000;  // per worker: 30% of the keys in total

cache::ClusterOptions cluster_options(cache::Routing routing,
                                      std::uint64_t seed) {
  cache::ClusterOptions options;
  options.workers = kClusterWorkers;
  options.capacity_per_worker = kClusterCapacity;
  options.routing = routing;
  options.seed = seed;
  return options;
}

// One iteration = one request routed to a worker (a miss fills it). Warm-up
// (10 x keys requests) is untimed.
void BM_CacheCluster(benchmark::State& state, cache::Routing routing) {
  static const std::vector<std::uint64_t> trace =
      zipf_trace(kClusterKeys, 77, 78, false);
  cache::CacheCluster cluster(cluster_options(routing, 1));
  std::size_t i = 0;
  for (std::uint64_t w = 0; w < 10 * kClusterKeys; ++w)
    cluster.request(trace[w & kTraceMask]);
  i = (10 * kClusterKeys) & kTraceMask;
  cluster.reset_stats();
  for (auto _ : state) {
    benchmark::DoNotOptimize(cluster.request(trace[i]));
    i = (i + 1) & kTraceMask;
  }
  const cache::ClusterStats stats = cluster.stats();
  state.counters["hit_rate"] = stats.hit_rate();
  state.counters["load_imbalance"] = stats.load_imbalance();
  state.SetItemsProcessed(state.iterations());
}

// One iteration = build a 3-worker cluster (a new ring seed each time), add a
// 4th worker, and compare the owners of 10,000 keys before and after.
void BM_CacheClusterResize(benchmark::State& state, cache::Routing routing) {
  static const std::vector<std::uint64_t> keys = [] {
    std::vector<std::uint64_t> k(kClusterKeys);
    for (std::uint64_t i = 0; i < kClusterKeys; ++i) k[i] = i;
    return k;
  }();
  double remapped_sum = 0;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    cache::CacheCluster cluster(cluster_options(routing, seed++));
    remapped_sum += cluster.add_worker(keys).remapped_fraction.value();
  }
  state.counters["remapped_fraction"] =
      remapped_sum / static_cast<double>(state.iterations());
}

// Explicit names so they read routing:random rather than a numeric argument.
[[maybe_unused]] const bool kClusterBenchmarksRegistered = [] {
  using cache::Routing;
  for (Routing routing :
       {Routing::kRandom, Routing::kModulo, Routing::kConsistentHash}) {
    const std::string name =
        fmt::format("BM_CacheCluster/workers:{}/routing:{}", kClusterWorkers,
                    cache::to_string(routing));
    benchmark::RegisterBenchmark(name.c_str(), BM_CacheCluster, routing);
  }
  for (Routing routing : {Routing::kModulo, Routing::kConsistentHash}) {
    const std::string name = fmt::format("BM_CacheClusterResize/routing:{}",
                                         cache::to_string(routing));
    benchmark::RegisterBenchmark(name.c_str(), BM_CacheClusterResize, routing);
  }
  return true;
}();

}  // namespace
