#include "marketbench/cache/cache_cluster.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/zipf.hpp"

namespace marketbench::cache {
namespace {

std::vector<std::uint64_t> probe_keys(std::size_t n) {
  std::vector<std::uint64_t> keys(n);
  std::iota(keys.begin(), keys.end(), 0);
  return keys;
}

ClusterOptions options(Routing routing, std::size_t workers = 3,
                       std::size_t capacity = 100) {
  ClusterOptions o;
  o.routing = routing;
  o.workers = workers;
  o.capacity_per_worker = capacity;
  return o;
}

TEST(CacheCluster, RoutingNamesRoundTrip) {
  for (Routing r :
       {Routing::kRandom, Routing::kModulo, Routing::kConsistentHash}) {
    EXPECT_EQ(parse_routing(to_string(r)), r);
  }
  try {
    parse_routing("round_robin");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("round_robin"), std::string::npos);
  }
}

TEST(CacheCluster, BadOptionsAreErrors) {
  EXPECT_THROW(CacheCluster(options(Routing::kModulo, 0)),
               std::invalid_argument);
  EXPECT_THROW(CacheCluster(options(Routing::kModulo, 3, 0)),
               std::invalid_argument);
  ClusterOptions few_vnodes = options(Routing::kConsistentHash);
  few_vnodes.virtual_nodes = 99;
  EXPECT_THROW(CacheCluster{few_vnodes}, std::invalid_argument);
}

TEST(CacheCluster, OwnedRoutingSendsAKeyToOneWorker) {
  for (Routing r : {Routing::kModulo, Routing::kConsistentHash}) {
    CacheCluster cluster(options(r));
    EXPECT_FALSE(cluster.request(42));
    EXPECT_TRUE(cluster.request(42));
    EXPECT_TRUE(cluster.request(42));
    const ClusterStats s = cluster.stats();
    EXPECT_EQ(s.requests(), 3u);
    EXPECT_EQ(s.hits(), 2u);
    int workers_used = 0;
    for (const auto& w : s.workers) {
      if (w.requests > 0) {
        ++workers_used;
        EXPECT_EQ(w.id, cluster.owner(42));
      }
    }
    EXPECT_EQ(workers_used, 1) << to_string(r);
  }
}

TEST(CacheCluster, RandomRoutingHasNoOwnerAndSpreadsCopies) {
  CacheCluster cluster(options(Routing::kRandom));
  EXPECT_FALSE(cluster.owner(42).has_value());
  // One key asked 300 times: each worker misses it once, then hits.
  int hits = 0;
  for (int i = 0; i < 300; ++i) hits += cluster.request(42);
  EXPECT_EQ(hits, 297);
  for (const auto& w : cluster.stats().workers) EXPECT_GT(w.requests, 50u);
}

// Under the same Zipf load, owned routing gives each key one home so the
// cluster holds 3x more distinct keys than under random routing.
TEST(CacheCluster, OwnedRoutingBeatsRandomOnHitRate) {
  const core::ZipfSampler zipf(5000, 0.99, 3);
  std::vector<double> hit_rates;
  for (Routing r :
       {Routing::kRandom, Routing::kModulo, Routing::kConsistentHash}) {
    CacheCluster cluster(options(r, 3, 200));
    core::Xoshiro256StarStar rng(4);
    for (int i = 0; i < 50000; ++i) cluster.request(zipf.sample(rng));
    cluster.reset_stats();
    for (int i = 0; i < 100000; ++i) cluster.request(zipf.sample(rng));
    const ClusterStats s = cluster.stats();
    EXPECT_EQ(s.requests(), 100000u);
    EXPECT_GE(s.load_imbalance(), 1.0);
    hit_rates.push_back(s.hit_rate());
  }
  EXPECT_GT(hit_rates[1], hit_rates[0] + 0.05);
  EXPECT_GT(hit_rates[2], hit_rates[0] + 0.05);
}

TEST(CacheCluster, LoadImbalanceIsMaxOverMean) {
  ClusterStats s;
  s.workers = {{0, 100, 0}, {1, 200, 0}, {2, 300, 0}};
  EXPECT_DOUBLE_EQ(s.load_imbalance(), 1.5);
  EXPECT_DOUBLE_EQ(ClusterStats{}.load_imbalance(), 0.0);
}

TEST(CacheCluster, ConsistentHashingMovesAboutAQuarterFrom3To4Workers) {
  const auto keys = probe_keys(20000);
  CacheCluster cluster(options(Routing::kConsistentHash));
  std::vector<WorkerId> before;
  for (std::uint64_t key : keys) before.push_back(*cluster.owner(key));
  const ResizeReport report = cluster.add_worker(keys);
  ASSERT_TRUE(report.remapped_fraction.has_value());
  EXPECT_NEAR(*report.remapped_fraction, 0.25, 0.05);
  // Every key that moved, moved to the new worker.
  std::size_t moved = 0;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const WorkerId now = *cluster.owner(keys[i]);
    if (now != before[i]) {
      ++moved;
      EXPECT_EQ(now, report.worker);
    }
  }
  EXPECT_DOUBLE_EQ(*report.remapped_fraction,
                   static_cast<double>(moved) / 20000.0);
  EXPECT_EQ(cluster.worker_count(), 4u);
}

TEST(CacheCluster, ModuloMovesMostKeysFrom3To4Workers) {
  const auto keys = probe_keys(20000);
  CacheCluster cluster(options(Routing::kModulo));
  const ResizeReport report = cluster.add_worker(keys);
  ASSERT_TRUE(report.remapped_fraction.has_value());
  EXPECT_NEAR(*report.remapped_fraction, 0.75,
              0.03);  // h mod 3 == h mod 4 for 3 of 12 residues
}

TEST(CacheCluster, RemovingAWorkerUnderConsistentHashingMovesOnlyItsKeys) {
  const auto keys = probe_keys(20000);
  CacheCluster cluster(options(Routing::kConsistentHash, 4));
  std::size_t owned_by_1 = 0;
  for (std::uint64_t key : keys)
    owned_by_1 += cluster.owner(key) == WorkerId{1};
  const ResizeReport report = cluster.remove_worker(1, keys);
  ASSERT_TRUE(report.remapped_fraction.has_value());
  EXPECT_DOUBLE_EQ(*report.remapped_fraction,
                   static_cast<double>(owned_by_1) / 20000.0);
  EXPECT_NEAR(*report.remapped_fraction, 0.25, 0.05);
  for (std::uint64_t key : keys) EXPECT_NE(cluster.owner(key), WorkerId{1});
}

TEST(CacheCluster, ResizeUnderRandomRoutingReportsNoFraction) {
  const auto keys = probe_keys(100);
  CacheCluster cluster(options(Routing::kRandom));
  const ResizeReport added = cluster.add_worker(keys);
  EXPECT_EQ(added.worker, 3u);
  EXPECT_FALSE(added.remapped_fraction.has_value());
  EXPECT_EQ(cluster.stats().workers.size(), 4u);
}

TEST(CacheCluster, RemovingUnknownOrLastWorkerIsAnError) {
  CacheCluster cluster(options(Routing::kModulo, 1));
  EXPECT_THROW(cluster.remove_worker(7), std::invalid_argument);
  EXPECT_THROW(cluster.remove_worker(0), std::invalid_argument);
}

TEST(CacheCluster, NewWorkerStartsCold) {
  // Room for every key: after the resize, exactly the keys the new worker
  // took over miss.
  CacheCluster cluster(options(Routing::kConsistentHash, 3, 2000));
  const auto keys = probe_keys(2000);
  for (std::uint64_t key : keys) cluster.request(key);
  const ResizeReport report = cluster.add_worker(keys);
  cluster.reset_stats();
  std::uint64_t misses = 0;
  for (std::uint64_t key : keys) {
    const bool hit = cluster.request(key);
    misses += !hit;
    EXPECT_EQ(hit, cluster.owner(key) != report.worker);
  }
  EXPECT_DOUBLE_EQ(static_cast<double>(misses) / 2000.0,
                   *report.remapped_fraction);
}

}  // namespace
}  // namespace marketbench::cache
