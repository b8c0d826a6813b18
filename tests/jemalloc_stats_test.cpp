#include "marketbench/metrics/jemalloc_stats.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

namespace marketbench::metrics {
namespace {

// Keeps the compiler from eliding a malloc/free pair.
void escape(void* p) { asm volatile("" : : "g"(p) : "memory"); }

#define SKIP_WITHOUT_JEMALLOC()                     \
  if (!jemalloc_available())                        \
  GTEST_SKIP() << "jemalloc counters unavailable: " \
               << jemalloc_unavailable_reason()

TEST(ThreadAllocations, CountsAThousandBytes) {
  SKIP_WITHOUT_JEMALLOC();
  ThreadAllocations counters;
  const auto start = counters.snapshot();
  void* p = std::malloc(1000);
  escape(p);
  const auto delta = counters.since(start);
  std::free(p);
  EXPECT_GE(delta.allocated, 1000u);
  EXPECT_GE(counters.since(start).deallocated, 1000u);
}

TEST(ThreadAllocations, OperatorNewGoesThroughJemalloc) {
  SKIP_WITHOUT_JEMALLOC();
  ThreadAllocations counters;
  const auto start = counters.snapshot();
  auto buffer = std::make_unique<char[]>(4096);
  EXPECT_GE(counters.since(start).allocated, 4096u);
  buffer[0] = 1;
}

TEST(HeapStats, ReadsPlausibleFigures) {
  SKIP_WITHOUT_JEMALLOC();
  const auto stats = HeapStats::read();
  ASSERT_TRUE(stats.has_value());
  EXPECT_GT(stats->allocated, 0u);
  EXPECT_GE(stats->active, stats->allocated);
  EXPECT_GE(stats->resident, stats->active / 2);
}

TEST(ThreadPeak, SeesABigAllocation) {
  SKIP_WITHOUT_JEMALLOC();
  reset_thread_peak();
  auto* p = static_cast<char*>(std::malloc(1 << 20));
  p[0] = 1;
  escape(p);
  std::free(p);
  const auto peak = thread_peak_bytes();
  ASSERT_TRUE(peak.has_value());
  EXPECT_GE(*peak, 1u << 20);
}

TEST(JemallocStats, UnavailableSaysWhy) {
  if (jemalloc_available()) {
    EXPECT_STREQ(jemalloc_unavailable_reason(), "");
  } else {
    EXPECT_STRNE(jemalloc_unavailable_reason(), "");
    EXPECT_FALSE(HeapStats::read().has_value());
    EXPECT_THROW(ThreadAllocations(), std::runtime_error);
  }
}

}  // namespace
}  // namespace marketbench::metrics
