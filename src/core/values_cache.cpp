#include "marketbench/core/values_cache.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

#include "core/checksum.hpp"
#include "core/mapped_file.hpp"

namespace marketbench::core {
namespace {

namespace fs = std::filesystem;

constexpr std::array<char, 8> kMagic = {'M', 'B', 'V', 'A', 'L', 'S', '\n', 0};
// magic, version, key length, payload length, crc.
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 + 4;

std::uint64_t fnv1a64(std::span<const std::byte> bytes,
                      std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (const std::byte b : bytes) {
    hash ^= static_cast<std::uint64_t>(b);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string hex16(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(value));
  return text;
}

template <typename T>
void put(std::vector<std::byte>& out, const T& value) {
  const auto* p = reinterpret_cast<const std::byte*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

template <typename T>
T take(const std::byte*& p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  p += sizeof(T);
  return value;
}

// CRC-32C of the key followed by the payload.
std::uint32_t entry_crc(std::string_view key,
                        std::span<const std::byte> payload) {
  return core::crc32c(payload, core::crc32c(std::as_bytes(std::span(key))));
}

bool env_set(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

}  // namespace

fs::path default_cache_dir() {
  const char* off = std::getenv("MARKETBENCH_NO_CACHE");
  if (off != nullptr && !std::string_view(off).empty() &&
      std::string_view(off) != "0")
    return {};
  if (env_set("MARKETBENCH_CACHE_DIR"))
    return std::getenv("MARKETBENCH_CACHE_DIR");
  if (env_set("XDG_CACHE_HOME"))
    return fs::path(std::getenv("XDG_CACHE_HOME")) / "marketbench";
  if (env_set("HOME"))
    return fs::path(std::getenv("HOME")) / ".cache" / "marketbench";
  return {};
}

std::string file_fingerprint(const fs::path& file) {
  const MappedFile map(file);
  return map.read() ? hex16(fnv1a64(map.bytes())) : "";
}

ValuesCache::ValuesCache(fs::path dir, std::string kind, std::string key,
                         std::size_t keep)
    : dir_(std::move(dir)),
      kind_(std::move(kind)),
      key_(std::move(key)),
      keep_(std::max<std::size_t>(keep, 1)) {}

fs::path ValuesCache::file() const {
  if (!enabled()) return {};
  return dir_ / (kind_ + "-" + hex16(fnv1a64(std::as_bytes(std::span(key_)))) +
                 ".bin");
}

bool ValuesCache::with_payload(
    const std::function<bool(std::span<const std::byte>)>& use) const {
  if (!enabled()) return false;
  const fs::path path = file();
  const MappedFile map(path);
  const std::span<const std::byte> bytes = map.bytes();
  if (bytes.size() < kHeaderBytes) return false;
  if (std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
    return false;
  const std::byte* p = bytes.data() + kMagic.size();
  const auto version = take<std::uint32_t>(p);
  const auto key_size = take<std::uint32_t>(p);
  const auto payload_size = take<std::uint64_t>(p);
  const auto crc = take<std::uint32_t>(p);
  if (version != kValuesCacheVersion || key_size != key_.size()) return false;
  // Exactly the announced size: a truncated or extended file is rejected.
  const std::size_t rest = bytes.size() - kHeaderBytes;
  if (rest < key_size || payload_size != rest - key_size) return false;
  if (std::memcmp(p, key_.data(), key_size) != 0) return false;
  const std::span<const std::byte> payload(p + key_size, payload_size);
  if (entry_crc(key_, payload) != crc) return false;
  if (!use(payload)) return false;
  std::error_code ignored;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ignored);
  return true;
}

std::optional<std::vector<std::byte>> ValuesCache::load() const {
  std::optional<std::vector<std::byte>> out;
  with_payload([&](std::span<const std::byte> payload) {
    out.emplace(payload.begin(), payload.end());
    return true;
  });
  return out;
}

bool ValuesCache::save(std::span<const std::byte> payload) const {
  if (!enabled()) return false;
  std::error_code error;
  fs::create_directories(dir_, error);
  std::vector<std::byte> head(kMagic.size());
  std::memcpy(head.data(), kMagic.data(), kMagic.size());
  put(head, kValuesCacheVersion);
  put(head, static_cast<std::uint32_t>(key_.size()));
  put(head, static_cast<std::uint64_t>(payload.size()));
  put(head, entry_crc(key_, payload));
  const fs::path path = file();
  // Unique per process: concurrent writers never share a temporary file.
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(head.data()),
              static_cast<std::streamsize>(head.size()));
    out.write(key_.data(), static_cast<std::streamsize>(key_.size()));
    out.write(reinterpret_cast<const char*>(payload.data()),
              static_cast<std::streamsize>(payload.size()));
    if (!out.flush()) {
      out.close();
      fs::remove(tmp, error);
      return false;
    }
  }
  fs::rename(tmp, path, error);
  if (error) {
    fs::remove(tmp, error);
    return false;
  }
  prune();
  return true;
}

// Removes this kind's files beyond the keep_ most recently used.
void ValuesCache::prune() const {
  std::error_code error;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  const std::string prefix = kind_ + "-";
  for (fs::directory_iterator it(dir_, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    // <kind>-<16 hex>.bin exactly: another kind sharing the prefix differs
    // in length.
    if (name.size() != prefix.size() + 16 + 4 || !name.starts_with(prefix) ||
        !name.ends_with(".bin"))
      continue;
    std::error_code time_error;
    const auto time = it->last_write_time(time_error);
    if (!time_error) files.emplace_back(time, it->path());
  }
  if (files.size() <= keep_) return;
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = keep_; i < files.size(); ++i) {
    if (files[i].second != file()) fs::remove(files[i].second, error);
  }
}

}  // namespace marketbench::core
