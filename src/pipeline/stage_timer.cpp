#include "marketbench/pipeline/stage_timer.hpp"

#include <fmt/format.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace marketbench::pipeline {

std::int64_t thread_cpu_ns() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) {
    throw std::runtime_error(
        fmt::format("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: {}",
                    std::strerror(errno)));
  }
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace marketbench::pipeline
