#pragma once

#include <filesystem>
#include <string>

namespace marketbench::bench {

// A fresh directory under the system temp dir (named
// marketbench-bench-<tag>-XXXXXX), removed with its contents on destruction.
// For benchmarks that write real database files.
class ScopedTempDir {
 public:
  explicit ScopedTempDir(const char* tag);
  ~ScopedTempDir();
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  std::string file(const char* name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace marketbench::bench
