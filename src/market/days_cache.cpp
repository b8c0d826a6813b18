#include "marketbench/market/days_cache.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <functional>
#include <system_error>

#include "core/checksum.hpp"
#include "core/mapped_file.hpp"
#include "marketbench/core/values_cache.hpp"

namespace marketbench::market {
namespace {

constexpr std::array<char, 8> kMagic = {'M', 'B', 'D', 'A', 'Y', 'S', '\n', 0};

// The fixed-size header: magic, version, process, stocks, days, seed, crc.
struct Header {
  std::uint32_t version = 0;
  std::uint32_t process = 0;
  std::uint64_t stocks = 0;
  std::uint64_t days = 0;
  std::uint64_t seed = 0;
  std::uint32_t crc = 0;
};
constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8 + 4;

template <typename T>
void put(std::vector<char>& out, const T& value) {
  const auto* p = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

template <typename T>
T take(const char*& p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  p += sizeof(T);
  return value;
}

std::vector<char> encode(const Header& h) {
  std::vector<char> out(kMagic.begin(), kMagic.end());
  put(out, h.version);
  put(out, h.process);
  put(out, h.stocks);
  put(out, h.days);
  put(out, h.seed);
  put(out, h.crc);
  return out;
}

std::optional<Header> decode(const std::array<char, kHeaderBytes>& bytes) {
  if (!std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) return {};
  const char* p = bytes.data() + kMagic.size();
  Header h;
  h.version = take<std::uint32_t>(p);
  h.process = take<std::uint32_t>(p);
  h.stocks = take<std::uint64_t>(p);
  h.days = take<std::uint64_t>(p);
  h.seed = take<std::uint64_t>(p);
  h.crc = take<std::uint32_t>(p);
  return h;
}

std::uint32_t bars_crc(std::span<const Bar> bars) {
  return core::crc32c(std::as_bytes(bars));
}

bool same_key(const Header& h, const DaysKey& key, std::uint32_t version) {
  return h.version == version &&
         h.process == static_cast<std::uint32_t>(key.process) &&
         h.stocks == key.stocks && h.days == key.days && h.seed == key.seed;
}

// The first `days` days of key's generator equal the loaded ones, bit for bit.
bool matches_generator(const void* loaded, const DaysKey& key) {
  DaysKey head = key;
  head.days = std::min(key.days, kDaysCacheCheckedDays);
  const GeneratedDays fresh = generate_days(head);
  return std::memcmp(fresh.bars.data(), loaded,
                     fresh.bars.size() * sizeof(Bar)) == 0;
}

// The payload of a mapped days file that passes every check of load_days and
// cached_days (header, key, size, CRC, the generator's first days), or null.
const char* checked_payload(const core::MappedFile& map, const DaysKey& key) {
  const std::size_t payload = key.stocks * key.days * sizeof(Bar);
  if (map.bytes().empty() || map.bytes().size() != kHeaderBytes + payload)
    return nullptr;
  std::array<char, kHeaderBytes> bytes{};
  const char* data = reinterpret_cast<const char*>(map.bytes().data());
  std::memcpy(bytes.data(), data, kHeaderBytes);
  const std::optional<Header> header = decode(bytes);
  if (!header || !same_key(*header, key, kDaysCacheVersion)) return nullptr;
  const char* bars = data + kHeaderBytes;
  const auto crc = core::crc32c(
      std::span(reinterpret_cast<const std::byte*>(bars), payload));
  if (crc != header->crc || !matches_generator(bars, key)) return nullptr;
  return bars;
}

}  // namespace

GeneratedDays generate_days(const DaysKey& key) {
  MarketGenerator generator(key.stocks, key.seed, key.process);
  GeneratedDays out{key.stocks, key.days, {}};
  out.bars.reserve(key.stocks * key.days);
  for (std::size_t d = 0; d < key.days; ++d) {
    const std::span<const Bar> day = generator.next_day();
    out.bars.insert(out.bars.end(), day.begin(), day.end());
  }
  return out;
}

std::string days_cache_file_name(const DaysKey& key) {
  return "days-" +
         std::string(key.process == PriceProcess::kRegime ? "regime" : "gbm") +
         "-s" + std::to_string(key.seed) + "-" + std::to_string(key.stocks) +
         "x" + std::to_string(key.days) + ".bin";
}

std::optional<GeneratedDays> load_days(const std::filesystem::path& file,
                                       const DaysKey& key,
                                       std::uint32_t version) {
  std::ifstream in(file, std::ios::binary);
  std::array<char, kHeaderBytes> bytes{};
  if (!in || !in.read(bytes.data(), bytes.size())) return {};
  const std::optional<Header> header = decode(bytes);
  if (!header || !same_key(*header, key, version)) return {};
  GeneratedDays days{key.stocks, key.days, {}};
  days.bars.resize(key.stocks * key.days);
  const auto payload =
      static_cast<std::streamsize>(days.bars.size() * sizeof(Bar));
  if (!in.read(reinterpret_cast<char*>(days.bars.data()), payload)) return {};
  if (in.peek() != std::ifstream::traits_type::eof()) return {};
  if (bars_crc(days.bars) != header->crc) return {};
  return days;
}

bool save_days(const std::filesystem::path& file, const DaysKey& key,
               const GeneratedDays& days, std::uint32_t version) {
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  const Header header{version,    static_cast<std::uint32_t>(key.process),
                      key.stocks, key.days,
                      key.seed,   bars_crc(days.bars)};
  const std::vector<char> head = encode(header);
  // Unique per process: concurrent writers never share a temporary file.
  std::filesystem::path tmp = file;
  tmp += ".tmp." + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
    out.write(reinterpret_cast<const char*>(days.bars.data()),
              static_cast<std::streamsize>(days.bars.size() * sizeof(Bar)));
    if (!out.flush()) {
      std::filesystem::remove(tmp, error);
      return false;
    }
  }
  std::filesystem::rename(tmp, file, error);
  if (error) std::filesystem::remove(tmp, error);
  return !error;
}

GeneratedDays cached_days(const std::filesystem::path& dir,
                          const DaysKey& key) {
  if (dir.empty()) return generate_days(key);
  const std::filesystem::path file = dir / days_cache_file_name(key);
  std::optional<GeneratedDays> loaded = load_days(file, key);
  if (loaded && matches_generator(loaded->bars.data(), key))
    return std::move(*loaded);
  GeneratedDays fresh = generate_days(key);
  save_days(file, key, fresh);
  return fresh;
}

void for_each_cached_day(
    const std::filesystem::path& dir, const DaysKey& key,
    const std::function<void(std::span<const Bar>)>& visit) {
  if (!dir.empty()) {
    const core::MappedFile map(dir / days_cache_file_name(key));
    if (const char* bars = checked_payload(map, key)) {
      // The payload follows a 44-byte header: copied day by day into an
      // aligned buffer rather than viewed in place.
      std::vector<Bar> day(key.stocks);
      const std::size_t day_bytes = key.stocks * sizeof(Bar);
      for (std::size_t d = 0; d < key.days; ++d) {
        std::memcpy(day.data(), bars + d * day_bytes, day_bytes);
        visit(day);
      }
      return;
    }
  }
  const GeneratedDays days = cached_days(dir, key);
  for (std::size_t d = 0; d < key.days; ++d) visit(days.day(d));
}

std::filesystem::path default_cache_dir() { return core::default_cache_dir(); }

}  // namespace marketbench::market
