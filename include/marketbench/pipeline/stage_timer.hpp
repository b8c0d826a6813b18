#pragma once

#include <chrono>
#include <cstdint>

#include "marketbench/pipeline/pipeline_report.hpp"

namespace marketbench::pipeline {

// CPU time consumed by the calling thread (CLOCK_THREAD_CPUTIME_ID), in ns.
std::int64_t thread_cpu_ns();

// Wall (steady_clock) and thread CPU time from construction to stop(). The
// pipeline runs every stage on one thread, so the CPU time is the stage's own
// work; wall minus CPU is time spent waiting (I/O, page faults).
class StageTimer {
 public:
  StageTimer()
      : wall_start_(std::chrono::steady_clock::now()),
        cpu_start_(thread_cpu_ns()) {}
  // Writes the elapsed times into `report`.
  void stop(StageReport& report) const {
    report.cpu_ns = thread_cpu_ns() - cpu_start_;
    report.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now() - wall_start_)
                         .count();
  }

 private:
  std::chrono::steady_clock::time_point wall_start_;
  std::int64_t cpu_start_;
};

}  // namespace marketbench::pipeline
