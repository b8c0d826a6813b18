// BM_ShardedCacheMixed/threads:2 replayed on one thread, operation by
// operation (thread 0 serves the even operations, thread 1 the odd ones, as
// in the benchmark), on instrumented ClockShards (patch.py): how many cache
// lines a core must take from the other per insert, by kind of line.
//
//   replay OPS WARM_OPS
//
// The stream is the benchmark's own (bench/support/cache_workload); the cache
// is warmed as the benchmark's, then WARM_OPS operations run uncounted and OPS
// counted.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "marketbench/cache/sharded_lru_cache.hpp"
#include "sim_hook.hpp"
#include "support/cache_workload.hpp"

using namespace marketbench;
using namespace marketbench::bench;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: replay OPS WARM_OPS\n");
    return 2;
  }
  const std::uint64_t ops = std::strtoull(argv[1], nullptr, 10);
  const std::uint64_t warm = std::strtoull(argv[2], nullptr, 10);
  const std::vector<std::uint64_t>& stream = mixed_stream();
  MixedCache cache(kMixedCapacity, kMixedShards);
  warmed_mixed_cache(cache);
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
  // Nothing to divide by, or a model that saw no transfer: the instrumented
  // headers no longer reach the shared accesses (CI runs this to catch it).
  std::uint64_t transfers = 0;
  for (const sim::Counts& k : sim::g_counts) transfers += k.reads + k.writes;
  if (inserts == 0 || transfers == 0) {
    std::fprintf(stderr,
                 "replay: %llu inserts and %llu transfers counted; expected "
                 "both > 0 (raise OPS, or check patch.py's EDITS)\n",
                 static_cast<unsigned long long>(inserts),
                 static_cast<unsigned long long>(transfers));
    return 1;
  }
  const double per = 1.0 / static_cast<double>(inserts);
  const double insert_rate =
      static_cast<double>(inserts) / static_cast<double>(ops);
  std::printf(
      "%llu operations: hit_rate %.4f, insert_rate %.4f; per insert "
      "%.2f reference bits cleared, %.2f set\n\n",
      static_cast<unsigned long long>(ops),
      static_cast<double>(hits) / static_cast<double>(gets), insert_rate,
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
              reads * insert_rate, writes * insert_rate);
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
