#pragma once

// Untimed benchmark set-up that is expensive and deterministic, kept on disk
// between processes (core::ValuesCache in core::default_cache_dir(), so
// MARKETBENCH_CACHE_DIR and MARKETBENCH_NO_CACHE=1 apply). What is cached
// here depends on this build's code, so every key starts with build_key():
// another build never reads these files.

#include <string>

#include "marketbench/core/values_cache.hpp"

namespace marketbench::bench {

// "<git sha>/<fingerprint of the executable's bytes>": a rebuild of a dirty
// tree is another build. "" when /proc/self/exe cannot be read.
const std::string& build_key();

// The cache entry `kind` (a file-name prefix) for `key` under this build;
// disabled when build_key() is "" or the cache is off.
core::ValuesCache setup_cache(const std::string& kind, const std::string& key);

}  // namespace marketbench::bench
