#include "support/cache_workload.hpp"

#include "marketbench/core/random.hpp"
#include "marketbench/core/zipf.hpp"

namespace marketbench::bench {

std::vector<std::uint64_t> zipf_trace(std::uint64_t keys,
                                      std::uint64_t permutation_seed,
                                      std::uint64_t stream_seed,
                                      bool as_feature_hashes) {
  const core::ZipfSampler zipf(keys, kZipfS, permutation_seed);
  core::Xoshiro256StarStar rng(stream_seed);
  std::vector<std::uint64_t> trace(kTraceLength);
  for (auto& key : trace) {
    const std::uint64_t k = zipf.sample(rng);
    key = as_feature_hashes ? core::mix64(k ^ kFeatureSalt) : k;
  }
  return trace;
}

const std::vector<std::uint64_t>& mixed_stream() {
  static const auto stream = [] {
    std::vector<std::uint64_t> s(kMixedStreamLength);
    for (std::size_t t = 0; t < kMixedTraces; ++t) {
      const std::vector<std::uint64_t> trace =
          zipf_trace(kMixedKeys, 31, 500 + t, false);
      core::Xoshiro256StarStar rng(600 + t);
      for (std::size_t j = 0; j < kTraceLength; ++j) {
        std::uint64_t op = trace[j];
        if (rng.uniform_below(10) == 0) op |= kPutBit;
        s[j * kMixedTraces + t] = op;
      }
    }
    return s;
  }();
  return stream;
}

}  // namespace marketbench::bench
