#pragma once
// One-benchmark comparisons, for the compare and verdict tests.

#include <gtest/gtest.h>

#include <string>

#include "results_builder.hpp"
#include "stats/compare.hpp"

namespace benchtool::testing {

// The single entry of a one-benchmark, one-metric comparison.
inline MetricComparison compare_one(const Bench& base, const Bench& next,
                                    const CompareOptions& options = {}) {
  const Comparison c = compare(results({base}), results({next}), options);
  EXPECT_EQ(c.entries.size(), 1u);
  return c.entries.empty() ? MetricComparison{} : c.entries.front();
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace benchtool::testing
