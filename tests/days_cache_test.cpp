#include "marketbench/market/days_cache.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "marketbench/core/values_cache.hpp"
#include "temp_dir.hpp"

namespace marketbench::market {
namespace {

const DaysKey kKey{50, 20, 77, PriceProcess::kRegime};

bool same_bars(const GeneratedDays& a, const GeneratedDays& b) {
  return a.stocks == b.stocks && a.days == b.days &&
         a.bars.size() == b.bars.size() &&
         std::memcmp(a.bars.data(), b.bars.data(),
                     a.bars.size() * sizeof(Bar)) == 0;
}

std::filesystem::file_time_type touched(const std::filesystem::path& file) {
  return std::filesystem::last_write_time(file);
}

TEST(DaysCacheTest, GenerateDaysMatchesTheGeneratorDayByDay) {
  const GeneratedDays days = generate_days(kKey);
  MarketGenerator generator(kKey.stocks, kKey.seed, kKey.process);
  for (std::size_t d = 0; d < kKey.days; ++d) {
    const auto expected = generator.next_day();
    ASSERT_EQ(std::memcmp(expected.data(), days.day(d).data(),
                          expected.size() * sizeof(Bar)),
              0)
        << "day " << d;
  }
}

TEST(DaysCacheTest, SaveThenLoadRoundTrips) {
  testing::TempDir dir;
  const auto file = dir.path() / "days.bin";
  const GeneratedDays days = generate_days(kKey);
  ASSERT_TRUE(save_days(file, kKey, days));
  const auto loaded = load_days(file, kKey);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(same_bars(*loaded, days));
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".tmp"));
}

TEST(DaysCacheTest, LoadRejectsAnotherKeyOrVersion) {
  testing::TempDir dir;
  const auto file = dir.path() / "days.bin";
  ASSERT_TRUE(save_days(file, kKey, generate_days(kKey)));
  DaysKey other = kKey;
  other.seed = 78;
  EXPECT_FALSE(load_days(file, other).has_value());
  other = kKey;
  other.process = PriceProcess::kGbm;
  EXPECT_FALSE(load_days(file, other).has_value());
  EXPECT_FALSE(load_days(file, kKey, kDaysCacheVersion + 1).has_value());
  EXPECT_FALSE(load_days(dir.path() / "missing.bin", kKey).has_value());
}

TEST(DaysCacheTest, LoadRejectsCorruptAndTruncatedFiles) {
  testing::TempDir dir;
  const auto file = dir.path() / "days.bin";
  ASSERT_TRUE(save_days(file, kKey, generate_days(kKey)));
  const auto size = std::filesystem::file_size(file);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 3));
    f.put('\x5a');
  }
  EXPECT_FALSE(load_days(file, kKey).has_value());
  ASSERT_TRUE(save_days(file, kKey, generate_days(kKey)));
  std::filesystem::resize_file(file, size - 8);
  EXPECT_FALSE(load_days(file, kKey).has_value());
}

TEST(DaysCacheTest, CachedDaysWritesOnceThenReadsTheFile) {
  testing::TempDir dir;
  const GeneratedDays first = cached_days(dir.path(), kKey);
  const auto file = dir.path() / days_cache_file_name(kKey);
  ASSERT_TRUE(std::filesystem::exists(file));
  const auto written = touched(file);
  const GeneratedDays second = cached_days(dir.path(), kKey);
  EXPECT_TRUE(same_bars(first, second));
  EXPECT_EQ(touched(file), written);  // read, not rewritten
}

TEST(DaysCacheTest, CorruptFileIsRegenerated) {
  testing::TempDir dir;
  const GeneratedDays expected = cached_days(dir.path(), kKey);
  const auto file = dir.path() / days_cache_file_name(kKey);
  std::filesystem::resize_file(file, 100);
  EXPECT_TRUE(same_bars(cached_days(dir.path(), kKey), expected));
  EXPECT_TRUE(load_days(file, kKey).has_value());  // rewritten whole
}

TEST(DaysCacheTest, WrongVersionIsRegenerated) {
  testing::TempDir dir;
  const GeneratedDays expected = generate_days(kKey);
  const auto file = dir.path() / days_cache_file_name(kKey);
  ASSERT_TRUE(save_days(file, kKey, expected, kDaysCacheVersion + 1));
  EXPECT_TRUE(same_bars(cached_days(dir.path(), kKey), expected));
  EXPECT_TRUE(load_days(file, kKey).has_value());
}

// A file whose checksum is right but whose days are not the generator's
// (e.g. written by an older generator) is noticed and regenerated.
TEST(DaysCacheTest, DaysFromAnotherGeneratorAreRegenerated) {
  testing::TempDir dir;
  const GeneratedDays expected = generate_days(kKey);
  GeneratedDays stale = expected;
  stale.bars[3].close *= 1.5;
  const auto file = dir.path() / days_cache_file_name(kKey);
  ASSERT_TRUE(save_days(file, kKey, stale));
  EXPECT_TRUE(same_bars(cached_days(dir.path(), kKey), expected));
}

TEST(DaysCacheTest, EmptyDirectoryDisablesTheCache) {
  EXPECT_TRUE(same_bars(cached_days({}, kKey), generate_days(kKey)));
}

// The days cache shares the values cache's directory (its rules are tested in
// values_cache_test.cpp).
TEST(DaysCacheTest, DefaultDirectoryIsTheValuesCacheDirectory) {
  ::setenv("MARKETBENCH_CACHE_DIR", "/tmp/mb-cache-test", 1);
  ::unsetenv("MARKETBENCH_NO_CACHE");
  EXPECT_EQ(default_cache_dir(), "/tmp/mb-cache-test");
  EXPECT_EQ(default_cache_dir(), core::default_cache_dir());
  ::unsetenv("MARKETBENCH_CACHE_DIR");
}

// All days of for_each_cached_day, concatenated as a GeneratedDays.
GeneratedDays visited(const std::filesystem::path& dir) {
  GeneratedDays out{kKey.stocks, 0, {}};
  for_each_cached_day(dir, kKey, [&](std::span<const Bar> day) {
    EXPECT_EQ(day.size(), kKey.stocks);
    out.bars.insert(out.bars.end(), day.begin(), day.end());
    ++out.days;
  });
  return out;
}

TEST(DaysCacheTest, ForEachCachedDayVisitsTheCachedDaysInOrder) {
  testing::TempDir dir;
  const GeneratedDays expected = generate_days(kKey);
  EXPECT_TRUE(same_bars(visited(dir.path()), expected));  // cold: generated
  const auto file = dir.path() / days_cache_file_name(kKey);
  ASSERT_TRUE(std::filesystem::exists(file));
  const auto written = touched(file);
  EXPECT_TRUE(same_bars(visited(dir.path()), expected));  // warm: mapped
  EXPECT_EQ(touched(file), written);
  EXPECT_TRUE(same_bars(visited({}), expected));  // cache off
}

TEST(DaysCacheTest, ForEachCachedDayRegeneratesABadFile) {
  testing::TempDir dir;
  const GeneratedDays expected = generate_days(kKey);
  const auto file = dir.path() / days_cache_file_name(kKey);
  // Right checksum, wrong days: only the generator check can tell.
  GeneratedDays stale = expected;
  stale.bars[3].close += 1.0;
  ASSERT_TRUE(save_days(file, kKey, stale));
  EXPECT_TRUE(same_bars(visited(dir.path()), expected));
  EXPECT_TRUE(same_bars(*load_days(file, kKey), expected));  // rewritten
  // A truncated file.
  std::filesystem::resize_file(file, 100);
  EXPECT_TRUE(same_bars(visited(dir.path()), expected));
  // A flipped payload byte (the CRC check).
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-5, std::ios::end);
    f.put('\x7f');
  }
  EXPECT_TRUE(same_bars(visited(dir.path()), expected));
  EXPECT_TRUE(same_bars(*load_days(file, kKey), expected));
}

}  // namespace
}  // namespace marketbench::market
