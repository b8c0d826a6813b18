#include "support/jemalloc_memory_manager.hpp"

namespace marketbench::bench {

void JemallocMemoryManager::Start() {
  metrics::reset_thread_peak();
  start_ = metrics::ThreadAllocations().snapshot();
}

void JemallocMemoryManager::Stop(Result& result) {
  const metrics::AllocationDelta delta =
      metrics::ThreadAllocations().since(start_);
  result.num_allocs = 0;
  result.total_allocated_bytes = static_cast<int64_t>(delta.allocated);
  result.net_heap_growth = delta.net();
  result.max_bytes_used =
      static_cast<int64_t>(metrics::thread_peak_bytes().value_or(0));
}

void JemallocMemoryManager::Stop(Result* result) { Stop(*result); }

}  // namespace marketbench::bench
