#pragma once

// A small on-disk cache of expensive, deterministic values (untimed benchmark
// set-up: a database image, answers computed once per build): one file per
// entry, `<dir>/<kind>-<16 hex digits of a hash of the key>.bin`. The file
// stores the whole key and a CRC-32C of key and payload; a load accepts it
// only when magic, format version, key, size and checksum all match, so a
// truncated, corrupt or foreign file is regenerated, never trusted. Writes go
// to a per-process temporary file renamed into place (readers never see a
// partial file). A load marks the file used (mtime), and each save keeps only
// the `keep` most recently used files of its kind, so entries of old builds
// do not pile up. Best effort: the cache never makes a caller fail.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace marketbench::core {

// Bump when the file layout changes; files of another version regenerate.
inline constexpr std::uint32_t kValuesCacheVersion = 1;
// Files kept per kind: both sides of an A/B comparison, and one more.
inline constexpr std::size_t kValuesCacheKeep = 3;

// $MARKETBENCH_CACHE_DIR, else $XDG_CACHE_HOME/marketbench, else
// $HOME/.cache/marketbench; empty (cache off) when MARKETBENCH_NO_CACHE is
// set to anything but "" or "0", or no variable gives a directory.
std::filesystem::path default_cache_dir();

// "<16 lowercase hex digits>": a 64-bit FNV-1a hash of a file's bytes, or ""
// when it cannot be read. Identifies a build (e.g. /proc/self/exe).
std::string file_fingerprint(const std::filesystem::path& file);

class ValuesCache {
 public:
  // An empty dir disables the cache: load() finds nothing, save() writes
  // nothing. `kind` is a file-name prefix ([A-Za-z0-9_.-]); `key` any text
  // naming everything the payload depends on.
  ValuesCache(std::filesystem::path dir, std::string kind, std::string key,
              std::size_t keep = kValuesCacheKeep);

  bool enabled() const { return !dir_.empty(); }
  // The entry's file (empty when disabled).
  std::filesystem::path file() const;

  // The payload, or nullopt when missing, unreadable, of another version or
  // key, truncated, or its checksum does not match.
  std::optional<std::vector<std::byte>> load() const;
  // Calls use(payload) with the payload in place (the file mapped read-only,
  // valid only during the call) when load() would return it, and returns
  // use's answer; false without calling it otherwise. Marks the file used
  // only when use accepts it. For large payloads that are copied elsewhere
  // anyway (no intermediate copy in memory).
  bool with_payload(
      const std::function<bool(std::span<const std::byte>)>& use) const;
  // False when disabled or not written (then no file is left behind).
  bool save(std::span<const std::byte> payload) const;

  // Trivially copyable values: the payload's bytes reinterpreted; nullopt
  // also when the size is not a whole number of values.
  template <typename T>
  std::optional<std::vector<T>> load_values() const;
  template <typename T>
  bool save_values(std::span<const T> values) const;

  // The cached values when they load and `valid` accepts them; otherwise
  // `make()`, saved for the next process.
  template <typename T>
  std::vector<T> get_or_make(
      const std::function<std::vector<T>()>& make,
      const std::function<bool(const std::vector<T>&)>& valid = {}) const;

 private:
  void prune() const;

  std::filesystem::path dir_;
  std::string kind_;
  std::string key_;
  std::size_t keep_;
};

template <typename T>
std::optional<std::vector<T>> ValuesCache::load_values() const {
  static_assert(std::is_trivially_copyable_v<T>);
  std::optional<std::vector<T>> values;
  with_payload([&](std::span<const std::byte> bytes) {
    if (bytes.size() % sizeof(T) != 0) return false;
    values.emplace(bytes.size() / sizeof(T));
    if (!bytes.empty()) std::memcpy(values->data(), bytes.data(), bytes.size());
    return true;
  });
  return values;
}

template <typename T>
bool ValuesCache::save_values(std::span<const T> values) const {
  static_assert(std::is_trivially_copyable_v<T>);
  return save(std::as_bytes(values));
}

template <typename T>
std::vector<T> ValuesCache::get_or_make(
    const std::function<std::vector<T>()>& make,
    const std::function<bool(const std::vector<T>&)>& valid) const {
  std::optional<std::vector<T>> cached = load_values<T>();
  if (cached && (!valid || valid(*cached))) return std::move(*cached);
  std::vector<T> fresh = make();
  save_values<T>(fresh);
  return fresh;
}

}  // namespace marketbench::core
