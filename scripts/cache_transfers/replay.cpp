// BM_ShardedCacheMixed/threads:2 replayed on one thread, operation by
// operation (thread 0 serves the even operations, thread 1 the odd ones, as
// in the benchmark), on instrumented ClockShards (patch.py): how many cache
// lines a core must take from the other per insert, by kind of line.
//
//   replay OPS WARM_OPS
//
// The stream is bench/bench_cache.cpp's mixed_stream() (same keys, seeds and
// put marks); the cache is warmed as the benchmark's, then WARM_OPS
// operations run uncounted and OPS counted.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "marketbench/cache/sharded_lru_cache.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/zipf.hpp"
#include "sim_hook.hpp"

namespace {

using namespace marketbench;
using Probabilities = std::array<float, 3>;
constexpr std::size_t kTraceLength = std::size_t{1} << 18;
constexpr std::uint64_t kPutBit = std::uint64_t{1} << 63;

Probabilities placeholder_output(std::uint64_t key) {
  const float a = static_cast<float>(key & 0xff) / 512.0f;
  return {a, 0.5f - a / 2, 0.5f - a / 2};
}

std::vector<std::uint64_t> mixed_stream() {
  std::vector<std::uint64_t> s(2 * kTraceLength);
  for (std::size_t t = 0; t < 2; ++t) {
    const core::ZipfSampler zipf(100000, 0.99, 31);
    core::Xoshiro256StarStar rng(500 + t);
    std::vector<std::uint64_t> trace(kTraceLength);
    for (auto& key : trace) key = zipf.sample(rng);
    core::Xoshiro256StarStar put_rng(600 + t);
    for (std::size_t j = 0; j < kTraceLength; ++j) {
      std::uint64_t op = trace[j];
      if (put_rng.uniform_below(10) == 0) op |= kPutBit;
      s[j * 2 + t] = op;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: replay OPS WARM_OPS\n");
    return 2;
  }
  const std::uint64_t ops = std::strtoull(argv[1], nullptr, 10);
  const std::uint64_t warm = std::strtoull(argv[2], nullptr, 10);
  const std::vector<std::uint64_t> stream = mixed_stream();
  cache::ShardedLruCache<std::uint64_t, Probabilities> cache(10000, 64);
  for (std::uint64_t op : stream)
    cache.put(op & ~kPutBit, placeholder_output(op & ~kPutBit));
  std::uint64_t gets = 0, hits = 0, inserts = 0;
  for (std::uint64_t n = 0; n < warm + ops; ++n) {
    if (n == warm) {
      sim::g_on = true;
      gets = hits = inserts = 0;
      sim::g_sets = sim::g_clears = 0;
    }
    const std::size_t i = n & (stream.size() - 1);
    sim::g_core = static_cast<int>(i & 1);
    const std::uint64_t key = stream[i] & ~kPutBit;
    if ((stream[i] & kPutBit) != 0) {
      inserts += cache.put(key, placeholder_output(key));
    } else {
      Probabilities out;
      hits += cache.get(key, out);
      ++gets;
    }
  }
  const double per = 1.0 / static_cast<double>(inserts);
  std::printf(
      "%llu operations: hit_rate %.4f, insert_rate %.4f; per insert "
      "%.2f reference bits cleared, %.2f set\n\n",
      static_cast<unsigned long long>(ops),
      static_cast<double>(hits) / static_cast<double>(gets),
      static_cast<double>(inserts) / static_cast<double>(ops),
      static_cast<double>(sim::g_clears) * per,
      static_cast<double>(sim::g_sets) * per);
  std::printf(
      "| lines | read transfers per insert | invalidations per insert |\n"
      "|---|---|---|\n");
  double reads = 0, writes = 0;
  for (std::size_t c = 0; c < sim::g_classes.size(); ++c) {
    const sim::Counts& k = sim::g_counts[c];
    if (k.reads + k.writes == 0) continue;
    reads += static_cast<double>(k.reads) * per;
    writes += static_cast<double>(k.writes) * per;
    std::printf("| %s | %.2f | %.2f |\n", sim::g_classes[c].c_str(),
                static_cast<double>(k.reads) * per,
                static_cast<double>(k.writes) * per);
  }
  std::printf("| **all** | **%.2f** | **%.2f** |\n\n", reads, writes);
  std::printf("Per operation: %.4f read transfers, %.4f invalidations.\n\n",
              reads / per / static_cast<double>(ops) * 1.0,
              writes / per / static_cast<double>(ops));
  std::printf(
      "| node lines, by what the code was doing | read transfers | "
      "invalidations |\n"
      "|---|---|---|\n");
  for (int p = 0; p < sim::kPhases; ++p) {
    std::printf("| %s | %.2f | %.2f |\n", sim::kPhaseNames[p],
                static_cast<double>(sim::g_node_phase[p][0]) * per,
                static_cast<double>(sim::g_node_phase[p][1]) * per);
  }
  return 0;
}
