#include "marketbench/metrics/jemalloc_stats.hpp"

#include <stdexcept>
#include <string>

#ifdef MB_HAVE_JEMALLOC
#include <jemalloc/jemalloc.h>
#endif

namespace marketbench::metrics {

#ifdef MB_HAVE_JEMALLOC

namespace {
template <typename T>
bool read_ctl(const char* name, T* out) {
  std::size_t size = sizeof(T);
  return mallctl(name, out, &size, nullptr, 0) == 0;
}
}  // namespace

bool jemalloc_available() {
  static const bool available = [] {
    const char* version = nullptr;
    return read_ctl("version", &version) && version != nullptr;
  }();
  return available;
}

const char* jemalloc_unavailable_reason() {
  return jemalloc_available()
             ? ""
             : "jemalloc is linked but mallctl(\"version\") failed";
}

ThreadAllocations::ThreadAllocations() {
  std::uint64_t* allocated = nullptr;
  std::uint64_t* deallocated = nullptr;
  if (!read_ctl("thread.allocatedp", &allocated) ||
      !read_ctl("thread.deallocatedp", &deallocated)) {
    throw std::runtime_error(
        "ThreadAllocations: jemalloc thread.allocatedp/deallocatedp "
        "unavailable");
  }
  allocated_ = allocated;
  deallocated_ = deallocated;
}

std::optional<HeapStats> HeapStats::read() {
  if (!jemalloc_available()) return std::nullopt;
  std::uint64_t epoch = 1;
  std::size_t size = sizeof(epoch);
  mallctl("epoch", &epoch, &size, &epoch, size);
  HeapStats stats;
  std::size_t value = 0;
  if (!read_ctl("stats.allocated", &value)) return std::nullopt;
  stats.allocated = value;
  if (!read_ctl("stats.active", &value)) return std::nullopt;
  stats.active = value;
  if (!read_ctl("stats.resident", &value)) return std::nullopt;
  stats.resident = value;
  return stats;
}

void reset_thread_peak() {
  mallctl("thread.peak.reset", nullptr, nullptr, nullptr, 0);
}

std::optional<std::uint64_t> thread_peak_bytes() {
  std::uint64_t peak = 0;
  if (!read_ctl("thread.peak.read", &peak)) return std::nullopt;
  return peak;
}

#else  // !MB_HAVE_JEMALLOC

bool jemalloc_available() { return false; }

const char* jemalloc_unavailable_reason() {
  return "this build does not link jemalloc (sanitizer builds use the "
         "sanitizer's allocator)";
}

ThreadAllocations::ThreadAllocations() {
  throw std::runtime_error(std::string("ThreadAllocations: ") +
                           jemalloc_unavailable_reason());
}

std::optional<HeapStats> HeapStats::read() { return std::nullopt; }
void reset_thread_peak() {}
std::optional<std::uint64_t> thread_peak_bytes() { return std::nullopt; }

#endif

}  // namespace marketbench::metrics
