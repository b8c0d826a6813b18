#include "support/setup_cache.hpp"

#include <filesystem>

#include "marketbench_build_info.hpp"

namespace marketbench::bench {

const std::string& build_key() {
  static const std::string key = [] {
    const std::string fingerprint = core::file_fingerprint("/proc/self/exe");
    return fingerprint.empty()
               ? std::string()
               : std::string(build_info::kGitSha) + "/" + fingerprint;
  }();
  return key;
}

core::ValuesCache setup_cache(const std::string& kind, const std::string& key) {
  const std::string& build = build_key();
  return core::ValuesCache(
      build.empty() ? std::filesystem::path() : core::default_cache_dir(), kind,
      "build=" + build + " " + key);
}

}  // namespace marketbench::bench
