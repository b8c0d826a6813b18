#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "marketbench/cache/lru_cache.hpp"
#include "marketbench/core/random.hpp"

namespace marketbench::cache {

// How a CacheCluster picks the worker for a request.
enum class Routing {
  kRandom,  // a uniformly random worker per request: no key has an owner
  kModulo,  // worker hash(key) mod W
  kConsistentHash,  // the next worker point clockwise on a hash ring
};

std::string_view to_string(
    Routing routing);  // "random", "modulo", "consistent_hash"
// Inverse of to_string; throws std::invalid_argument naming the text.
Routing parse_routing(std::string_view text);

using WorkerId = std::uint32_t;

struct ClusterOptions {
  std::size_t workers = 3;                 // >= 1
  std::size_t capacity_per_worker = 1000;  // entries, >= 1
  Routing routing = Routing::kConsistentHash;
  std::size_t virtual_nodes =
      160;  // ring points per worker (consistent hashing), >= 100
  std::uint64_t seed = 1;  // random routing stream and ring placement
};

struct WorkerStats {
  WorkerId id = 0;
  std::uint64_t requests = 0;
  std::uint64_t hits = 0;
  double hit_rate() const {
    return requests == 0
               ? 0.0
               : static_cast<double>(hits) / static_cast<double>(requests);
  }
};

struct ClusterStats {
  std::vector<WorkerStats> workers;  // the current workers, in join order

  std::uint64_t requests() const;
  std::uint64_t hits() const;
  double hit_rate() const;  // 0 with no requests
  // Max over mean requests per worker: 1 is perfectly even; 0 with no requests.
  double load_imbalance() const;
};

struct ResizeReport {
  WorkerId worker = 0;  // the worker added or removed
  // Fraction of the probe keys whose owner changed; nullopt under random
  // routing (keys have no owner) or with no probe keys.
  std::optional<double> remapped_fraction;
};

// W cache workers, each an LruCache of `capacity_per_worker` entries, behind a
// router: the model of a distributed prediction cache. A request goes to one
// worker; a miss there is filled into that worker. Single-threaded.
//
// Routing hashes keys with a salted core::mix64, independent of the hash the
// workers' LRU index uses (so modulo routing does not leave low index bits
// constant within a worker).
class CacheCluster {
 public:
  explicit CacheCluster(const ClusterOptions& options);

  // Routes the request; true on a hit. A miss stores the key in that worker.
  bool request(std::uint64_t key);
  // The worker that owns `key`; nullopt under random routing.
  std::optional<WorkerId> owner(std::uint64_t key) const;

  // Adds an empty worker (a fresh id) / removes one and drops its entries;
  // keys that now route elsewhere simply miss there. With probe keys, reports
  // the fraction of them whose owner changed.
  ResizeReport add_worker(std::span<const std::uint64_t> probe_keys = {});
  // Throws std::invalid_argument for an unknown id or the last worker.
  ResizeReport remove_worker(WorkerId id,
                             std::span<const std::uint64_t> probe_keys = {});

  ClusterStats stats() const;
  void reset_stats();
  std::size_t worker_count() const { return workers_.size(); }
  Routing routing() const { return routing_; }

 private:
  struct Worker {
    WorkerId id;
    LruCache<std::uint64_t, std::uint64_t> cache;
    std::uint64_t requests = 0;
    std::uint64_t hits = 0;
  };

  std::size_t owner_index(std::uint64_t key) const;
  std::optional<std::vector<WorkerId>> owners(
      std::span<const std::uint64_t> keys) const;
  void rebuild_ring();

  Routing routing_;
  std::size_t capacity_per_worker_;
  std::size_t virtual_nodes_;
  std::uint64_t seed_;
  WorkerId next_id_ = 0;
  std::vector<Worker> workers_;
  core::Xoshiro256StarStar rng_;
  // The ring, sorted by point: ring_points_[i] belongs to
  // workers_[ring_workers_[i]].
  std::vector<std::uint64_t> ring_points_;
  std::vector<std::uint32_t> ring_workers_;
};

}  // namespace marketbench::cache
