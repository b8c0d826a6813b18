#pragma once

#include <array>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace marketbench::cache::detail {

// A trivially copyable T kept as 8-byte words that a seqlock reader may load
// while a writer stores them. Every access is a std::atomic_ref on a real
// std::uint64_t, so a reader racing a writer gets a torn but well-defined copy
// (which its version check then discards) instead of a data race (Boehm, "Can
// Seqlocks Get Along with Programming Language Memory Models?", MSPC 2012).
// Loads are acquire and stores release: that orders them against the version
// word without stand-alone fences, which ThreadSanitizer does not model. On
// x86-64 both are plain movs.
template <typename T>
class AtomicWords {
  static_assert(std::is_trivially_copyable_v<T>,
                "AtomicWords needs a trivially copyable type");

 public:
  static constexpr std::size_t kWords = (sizeof(T) + 7) / 8;

  AtomicWords() = default;
  explicit AtomicWords(const T& value) { store(value); }

  // Writers must not overlap one another (the caller holds a lock).
  void store(const T& value) {
    const std::array<std::uint64_t, kWords> words = words_of(value);
    for (std::size_t i = 0; i < kWords; ++i) {
      std::atomic_ref<std::uint64_t>(words_[i]).store(
          words[i], std::memory_order_release);
    }
  }
  // Whether the stored bytes equal `value`'s (may be torn, as load()).
  bool holds(const T& value) const {
    const std::array<std::uint64_t, kWords> words = words_of(value);
    for (std::size_t i = 0; i < kWords; ++i) {
      if (std::atomic_ref<std::uint64_t>(words_[i]).load(
              std::memory_order_acquire) != words[i]) {
        return false;
      }
    }
    return true;
  }
  // May be torn if a store runs concurrently; validate before trusting it.
  T load() const {
    std::array<std::uint64_t, kWords> words;
    for (std::size_t i = 0; i < kWords; ++i) {
      words[i] = std::atomic_ref<std::uint64_t>(words_[i]).load(
          std::memory_order_acquire);
    }
    std::array<std::byte, sizeof(T)> bytes;
    std::memcpy(bytes.data(), words.data(), sizeof(T));
    return std::bit_cast<T>(bytes);
  }

 private:
  // T's bytes, the tail of the last word zero.
  static std::array<std::uint64_t, kWords> words_of(const T& value) {
    std::array<std::uint64_t, kWords> words{};
    std::memcpy(words.data(), &value, sizeof(T));
    return words;
  }

  // mutable: std::atomic_ref<const T> is not C++20, and load() is const.
  mutable std::array<std::uint64_t, kWords> words_{};
};

}  // namespace marketbench::cache::detail
