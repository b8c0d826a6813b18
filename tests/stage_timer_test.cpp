#include "marketbench/pipeline/stage_timer.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace marketbench::pipeline {
namespace {

TEST(PipelineStageTimer, MeasuresCpuAndWallOfBusyWork) {
  StageReport report;
  const StageTimer timer;
  volatile double sink = 0;
  // Busy until the thread has used at least 2 ms of CPU.
  const std::int64_t start = thread_cpu_ns();
  while (thread_cpu_ns() - start < 2'000'000) sink = sink + std::sqrt(2.0);
  timer.stop(report);
  EXPECT_GE(report.cpu_ns, 2'000'000);
  // The thread cannot use more CPU than time passes.
  EXPECT_GE(report.wall_ns, report.cpu_ns - 1'000'000);
}

TEST(PipelineStageTimer, ThreadCpuClockIsMonotonic) {
  const std::int64_t a = thread_cpu_ns();
  const std::int64_t b = thread_cpu_ns();
  EXPECT_GT(a, 0);
  EXPECT_GE(b, a);
}

}  // namespace
}  // namespace marketbench::pipeline
