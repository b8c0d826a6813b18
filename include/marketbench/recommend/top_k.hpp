#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "marketbench/recommend/recommendation.hpp"

namespace marketbench::recommend {

// The k best of `all` in ranks_before order, best first, written to `out`
// (replaced). Selection, not a full sort: std::nth_element over an index array
// (O(N)), then a sort of the k winners (O(k log k)); the records themselves are
// only read, and copied once into `out`. `order` is scratch, reused between
// calls so steady state allocates nothing. k > all.size() returns everything.
// Throws std::invalid_argument naming the symbol if a score is not finite
// (NaN would break the strict weak order).
void select_top_k(std::span<const Recommendation> all, std::size_t k,
                  std::vector<std::uint32_t>& order,
                  std::vector<Recommendation>& out);

// Convenience form with its own scratch.
std::vector<Recommendation> top_k(std::span<const Recommendation> all,
                                  std::size_t k);

}  // namespace marketbench::recommend
