#include "marketbench/cache/sharded_lru_cache.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace marketbench::cache::detail {

void check_sharding(std::size_t capacity, std::size_t shards) {
  constexpr std::size_t kMaxShards = std::size_t{1} << 16;
  if (shards == 0 || shards > kMaxShards || (shards & (shards - 1)) != 0) {
    throw std::invalid_argument(fmt::format(
        "ShardedLruCache: shards must be a power of two in [1, {}] (got {})",
        kMaxShards, shards));
  }
  if (capacity < shards) {
    throw std::invalid_argument(
        fmt::format("ShardedLruCache: capacity {} is smaller than the {} "
                    "shards (each shard needs >= 1 entry)",
                    capacity, shards));
  }
}

}  // namespace marketbench::cache::detail
