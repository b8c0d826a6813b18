#include "marketbench/cache/cache_cluster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "core/enum_names.hpp"

namespace marketbench::cache {

namespace {

// Salts routing hashes apart from the LruCache index hash (mix64 of the key).
constexpr std::uint64_t kRouteSalt = 0x6a09e667f3bcc909ULL;
constexpr std::size_t kMinVirtualNodes = 100;

constexpr auto kRoutingNames =
    core::enum_names<Routing>({{Routing::kRandom, "random"},
                               {Routing::kModulo, "modulo"},
                               {Routing::kConsistentHash, "consistent_hash"}});

std::uint64_t route_hash(std::uint64_t key) {
  return core::mix64(key ^ kRouteSalt);
}

std::uint64_t ring_point(std::uint64_t seed, WorkerId worker,
                         std::uint64_t vnode) {
  return core::mix64(seed ^ core::mix64((std::uint64_t{worker} << 32) | vnode));
}

std::optional<double> changed_fraction(
    const std::optional<std::vector<WorkerId>>& before,
    const std::optional<std::vector<WorkerId>>& after) {
  if (!before || !after || before->empty()) return std::nullopt;
  std::size_t changed = 0;
  for (std::size_t i = 0; i < before->size(); ++i)
    changed += (*before)[i] != (*after)[i];
  return static_cast<double>(changed) / static_cast<double>(before->size());
}

}  // namespace

std::string_view to_string(Routing routing) { return kRoutingNames(routing); }

Routing parse_routing(std::string_view text) {
  if (const auto routing = kRoutingNames.parse(text)) return *routing;
  throw std::invalid_argument(fmt::format(
      "unknown routing '{}' (expected random, modulo or consistent_hash)",
      text));
}

std::uint64_t ClusterStats::requests() const {
  std::uint64_t total = 0;
  for (const auto& w : workers) total += w.requests;
  return total;
}

std::uint64_t ClusterStats::hits() const {
  std::uint64_t total = 0;
  for (const auto& w : workers) total += w.hits;
  return total;
}

double ClusterStats::hit_rate() const {
  const std::uint64_t n = requests();
  return n == 0 ? 0.0 : static_cast<double>(hits()) / static_cast<double>(n);
}

double ClusterStats::load_imbalance() const {
  const std::uint64_t n = requests();
  if (n == 0 || workers.empty()) return 0.0;
  std::uint64_t max_requests = 0;
  for (const auto& w : workers)
    max_requests = std::max(max_requests, w.requests);
  const double mean =
      static_cast<double>(n) / static_cast<double>(workers.size());
  return static_cast<double>(max_requests) / mean;
}

CacheCluster::CacheCluster(const ClusterOptions& options)
    : routing_(options.routing),
      capacity_per_worker_(options.capacity_per_worker),
      virtual_nodes_(options.virtual_nodes),
      seed_(options.seed),
      rng_(options.seed) {
  if (options.workers == 0)
    throw std::invalid_argument("CacheCluster: workers must be >= 1 (got 0)");
  if (options.routing == Routing::kConsistentHash &&
      options.virtual_nodes < kMinVirtualNodes) {
    throw std::invalid_argument(fmt::format(
        "CacheCluster: virtual_nodes must be >= {} per worker (got {})",
        kMinVirtualNodes, options.virtual_nodes));
  }
  detail::checked_capacity(options.capacity_per_worker);
  for (std::size_t i = 0; i < options.workers; ++i) {
    workers_.push_back(
        Worker{next_id_++,
               LruCache<std::uint64_t, std::uint64_t>(capacity_per_worker_)});
  }
  rebuild_ring();
}

std::size_t CacheCluster::owner_index(std::uint64_t key) const {
  const std::uint64_t h = route_hash(key);
  if (routing_ == Routing::kModulo)
    return static_cast<std::size_t>(h % workers_.size());
  // Consistent hashing: the first ring point at or after h, wrapping around.
  auto it = std::lower_bound(ring_points_.begin(), ring_points_.end(), h);
  if (it == ring_points_.end()) it = ring_points_.begin();
  return ring_workers_[static_cast<std::size_t>(it - ring_points_.begin())];
}

bool CacheCluster::request(std::uint64_t key) {
  const std::size_t index =
      routing_ == Routing::kRandom
          ? static_cast<std::size_t>(rng_.uniform_below(workers_.size()))
          : owner_index(key);
  Worker& worker = workers_[index];
  ++worker.requests;
  if (worker.cache.get(key) != nullptr) {
    ++worker.hits;
    return true;
  }
  worker.cache.put(key, key);
  return false;
}

std::optional<WorkerId> CacheCluster::owner(std::uint64_t key) const {
  if (routing_ == Routing::kRandom) return std::nullopt;
  return workers_[owner_index(key)].id;
}

std::optional<std::vector<WorkerId>> CacheCluster::owners(
    std::span<const std::uint64_t> keys) const {
  if (routing_ == Routing::kRandom || keys.empty()) return std::nullopt;
  std::vector<WorkerId> result(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    result[i] = workers_[owner_index(keys[i])].id;
  return result;
}

ResizeReport CacheCluster::add_worker(
    std::span<const std::uint64_t> probe_keys) {
  const auto before = owners(probe_keys);
  const WorkerId id = next_id_++;
  workers_.push_back(
      Worker{id, LruCache<std::uint64_t, std::uint64_t>(capacity_per_worker_)});
  rebuild_ring();
  return ResizeReport{id, changed_fraction(before, owners(probe_keys))};
}

ResizeReport CacheCluster::remove_worker(
    WorkerId id, std::span<const std::uint64_t> probe_keys) {
  const auto it = std::find_if(workers_.begin(), workers_.end(),
                               [id](const Worker& w) { return w.id == id; });
  if (it == workers_.end())
    throw std::invalid_argument(
        fmt::format("CacheCluster: no worker with id {}", id));
  if (workers_.size() == 1) {
    throw std::invalid_argument(
        fmt::format("CacheCluster: cannot remove worker {}, the last one", id));
  }
  const auto before = owners(probe_keys);
  workers_.erase(it);
  rebuild_ring();
  return ResizeReport{id, changed_fraction(before, owners(probe_keys))};
}

ClusterStats CacheCluster::stats() const {
  ClusterStats stats;
  stats.workers.reserve(workers_.size());
  for (const auto& w : workers_)
    stats.workers.push_back(WorkerStats{w.id, w.requests, w.hits});
  return stats;
}

void CacheCluster::reset_stats() {
  for (auto& w : workers_) {
    w.requests = 0;
    w.hits = 0;
    w.cache.reset_stats();
  }
}

void CacheCluster::rebuild_ring() {
  ring_points_.clear();
  ring_workers_.clear();
  if (routing_ != Routing::kConsistentHash) return;
  // A point depends only on (seed, worker id, vnode), so a worker keeps its
  // arcs when others join or leave: only the keys on changed arcs move.
  struct Point {
    std::uint64_t point;
    WorkerId id;
    std::uint32_t index;
  };
  std::vector<Point> points;
  points.reserve(workers_.size() * virtual_nodes_);
  for (std::size_t w = 0; w < workers_.size(); ++w) {
    for (std::size_t v = 0; v < virtual_nodes_; ++v) {
      points.push_back(Point{ring_point(seed_, workers_[w].id, v),
                             workers_[w].id, static_cast<std::uint32_t>(w)});
    }
  }
  // Ties (vanishingly rare) go to the lower id, whatever the join order.
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    return a.point != b.point ? a.point < b.point : a.id < b.id;
  });
  ring_points_.reserve(points.size());
  ring_workers_.reserve(points.size());
  for (const Point& p : points) {
    ring_points_.push_back(p.point);
    ring_workers_.push_back(p.index);
  }
}

}  // namespace marketbench::cache
