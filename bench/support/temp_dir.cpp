#include "support/temp_dir.hpp"

#include <fmt/format.h>
#include <stdlib.h>

#include <stdexcept>
#include <system_error>

namespace marketbench::bench {

ScopedTempDir::ScopedTempDir(const char* tag) {
  std::string pattern = (std::filesystem::temp_directory_path() /
                         fmt::format("marketbench-bench-{}-XXXXXX", tag))
                            .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(fmt::format("mkdtemp failed for {}", pattern));
  }
  path_ = pattern;
}

ScopedTempDir::~ScopedTempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace marketbench::bench
