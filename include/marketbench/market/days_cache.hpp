#pragma once

// Generated market days cached on disk: a benchmark process that needs the
// same deterministic data as an earlier one reads it back (tens of
// milliseconds) instead of generating it again (about half a second for 6000
// stocks x 300 days). Files are keyed by what generated them, written
// atomically (temporary file + rename) and checked on load: size, magic,
// format version, key, a CRC-32C of the bars, and the first days regenerated
// and compared bit for bit, so a changed generator is noticed. Anything that
// does not match is regenerated and rewritten; the cache is best effort and
// never makes a caller fail.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/ohlcv.hpp"

namespace marketbench::market {

// Bump when the file layout changes; files of another version regenerate.
inline constexpr std::uint32_t kDaysCacheVersion = 1;
// Days regenerated on every load and compared with the file.
inline constexpr std::size_t kDaysCacheCheckedDays = 8;

// What generated the days: MarketGenerator(stocks, seed, process), its first
// `days` days.
struct DaysKey {
  std::size_t stocks = 0;
  std::size_t days = 0;
  std::uint64_t seed = 0;
  PriceProcess process = PriceProcess::kGbm;
};

// The days, day-major: bars[day * stocks + id].
struct GeneratedDays {
  std::size_t stocks = 0;
  std::size_t days = 0;
  std::vector<Bar> bars;
  std::span<const Bar> day(std::size_t d) const {
    return std::span(bars).subspan(d * stocks, stocks);
  }
};

// Generates the first key.days days (no cache). Throws as MarketGenerator.
GeneratedDays generate_days(const DaysKey& key);

// The file name for key inside a cache directory.
std::string days_cache_file_name(const DaysKey& key);

// The days in `file`, or nullopt when it is missing, unreadable, of another
// version or key, truncated, or its checksum does not match.
std::optional<GeneratedDays> load_days(
    const std::filesystem::path& file, const DaysKey& key,
    std::uint32_t version = kDaysCacheVersion);

// Writes days to `file` (temporary file in the same directory + rename;
// creates the directory). False when it cannot be written; no partial file.
bool save_days(const std::filesystem::path& file, const DaysKey& key,
               const GeneratedDays& days,
               std::uint32_t version = kDaysCacheVersion);

// The days from `dir`'s file for key when it loads and its first
// kDaysCacheCheckedDays days match a fresh generation; otherwise generated
// and saved there. An empty dir disables the cache (always generates).
GeneratedDays cached_days(const std::filesystem::path& dir, const DaysKey& key);

// Calls visit(day) for days 0 .. key.days-1 of `key` in order, with the same
// bars as cached_days(dir, key). A cache file that passes cached_days' checks
// is mapped read-only and copied into visit's buffer one day at a time, so a
// fixture that streams the days into its own store never holds a second
// zero-filled copy of them (the set-up of the benchmarks' stores); otherwise
// the days come from cached_days (generated, and saved when dir is not empty).
// The span passed to visit is valid only during that call.
void for_each_cached_day(
    const std::filesystem::path& dir, const DaysKey& key,
    const std::function<void(std::span<const Bar>)>& visit);

// core::default_cache_dir() (core/values_cache.hpp): $MARKETBENCH_CACHE_DIR,
// else $XDG_CACHE_HOME/marketbench, else $HOME/.cache/marketbench; empty
// (cache off) when MARKETBENCH_NO_CACHE is set to anything but "" or "0".
std::filesystem::path default_cache_dir();

}  // namespace marketbench::market
