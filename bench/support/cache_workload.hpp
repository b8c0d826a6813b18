#pragma once
// The request streams of the cache benchmarks (bench_cache.cpp), shared with
// scripts/cache_transfers, whose replay must run exactly the operations of
// BM_ShardedCacheMixed.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "marketbench/cache/sharded_lru_cache.hpp"

namespace marketbench::bench {

using Probabilities = std::array<float, 3>;

// Every cache load is Zipf with this exponent; feature-vector keys are hashed
// from this seed.
constexpr double kZipfS = 0.99;
constexpr std::uint64_t kFeatureSalt = 0x243f6a8885a308d3ULL;

// What a miss stores: a placeholder model output derived from the key. No
// model runs in these benchmarks; they measure the cache.
inline Probabilities placeholder_output(std::uint64_t key) {
  const float a = static_cast<float>(key & 0xff) / 512.0f;
  return {a, 0.5f - a / 2, 0.5f - a / 2};
}

// Pre-drawn Zipf(0.99) key streams (so the timed loop does not time the
// sampler), cycled with a mask.
constexpr std::size_t kTraceLength = std::size_t{1} << 18;
constexpr std::size_t kTraceMask = kTraceLength - 1;

// The permutation seed fixes which keys are hot; the stream seed the draws.
// With `as_feature_hashes` the keys are the hashes of feature vectors.
std::vector<std::uint64_t> zipf_trace(std::uint64_t keys,
                                      std::uint64_t permutation_seed,
                                      std::uint64_t stream_seed,
                                      bool as_feature_hashes);

// BM_ShardedCacheMixed*'s load: a cache of kMixedCapacity entries in
// kMixedShards shards over kMixedKeys Zipf keys, 90% gets and 10% puts.
constexpr std::uint64_t kMixedKeys = 100000;
constexpr std::size_t kMixedCapacity = 10000;
constexpr std::size_t kMixedShards = 64;
constexpr int kMixedMaxThreads = 4;
constexpr std::size_t kMixedTraces = 2;
constexpr std::size_t kMixedStreamLength = kMixedTraces * kTraceLength;
// Runs wrap with a mask, and every thread count deals the stream evenly.
static_assert(std::has_single_bit(kMixedStreamLength));
static_assert(kMixedStreamLength % kMixedMaxThreads == 0);
constexpr std::uint64_t kPutBit = std::uint64_t{1} << 63;

// The request stream: kMixedTraces traces of Zipf keys over the same hot keys,
// each from its own seed, kPutBit set on the 10% that are puts, dealt out
// round robin (operation j is operation j / 2 of trace j % 2). The threads of
// a run share it out the same way: thread t of T serves operations t, t + T,
// t + 2T, ... So threads:1 serves both traces in turn and threads:2 one trace
// per thread: both do the same work per operation (hit rate, share of puts
// that insert), and their throughputs compare like with like. threads:4 splits
// each trace between two threads. (When each thread cycled a trace of its own
// and threads:1 served one trace, threads:2 inserted on ~55% more operations:
// a cycled 262,144-operation trace repeats its own rare keys, and two traces
// have twice as many.) Built on first use.
const std::vector<std::uint64_t>& mixed_stream();

using MixedCache = cache::ShardedLruCache<std::uint64_t, Probabilities>;

// A cache warmed with one pass of the stream (each benchmark warms its own, so
// that the values one leaves behind do not change what another measures).
inline MixedCache& warmed_mixed_cache(MixedCache& cache) {
  for (std::uint64_t op : mixed_stream())
    cache.put(op & ~kPutBit, placeholder_output(op & ~kPutBit));
  return cache;
}

}  // namespace marketbench::bench
