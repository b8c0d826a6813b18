#include "marketbench/core/values_cache.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace {

using marketbench::core::default_cache_dir;
using marketbench::core::file_fingerprint;
using marketbench::core::ValuesCache;
using marketbench::testing::TempDir;
namespace fs = std::filesystem;

std::vector<std::uint32_t> sample_values() { return {1, 2, 3, 0xdeadbeef, 5}; }

// A maker for get_or_make that returns sample_values() and counts its calls.
std::function<std::vector<std::uint32_t>()> counting_maker(int& made) {
  return [&made] {
    ++made;
    return sample_values();
  };
}

std::vector<char> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const fs::path& file, const std::vector<char>& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(ValuesCacheTest, SaveThenLoadRoundTrips) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "build=1 stocks=100");
  const auto values = sample_values();
  ASSERT_TRUE(cache.save_values<std::uint32_t>(values));
  EXPECT_EQ(cache.load_values<std::uint32_t>(), values);
  EXPECT_EQ(cache.file().parent_path(), dir.path());
  EXPECT_TRUE(cache.file().filename().string().starts_with("picks-"));
}

TEST(ValuesCacheTest, EmptyPayloadRoundTrips) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "empty", "k");
  ASSERT_TRUE(cache.save({}));
  const auto loaded = cache.load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->empty());
}

TEST(ValuesCacheTest, MissingFileLoadsNothing) {
  const TempDir dir;
  EXPECT_FALSE(ValuesCache(dir.path(), "picks", "k").load().has_value());
}

TEST(ValuesCacheTest, AnotherKeyUsesAnotherFileAndNeverReadsThisOne) {
  const TempDir dir;
  const ValuesCache a(dir.path(), "picks", "build=1");
  const ValuesCache b(dir.path(), "picks", "build=2");
  EXPECT_NE(a.file(), b.file());
  ASSERT_TRUE(a.save_values<std::uint32_t>(sample_values()));
  EXPECT_FALSE(b.load().has_value());
  // Even a file renamed to the other key's name is refused: the key is
  // stored in full and compared.
  fs::copy_file(a.file(), b.file());
  EXPECT_FALSE(b.load().has_value());
}

TEST(ValuesCacheTest, TruncatedExtendedOrCorruptFilesAreRejected) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "k");
  ASSERT_TRUE(cache.save_values<std::uint32_t>(sample_values()));
  const std::vector<char> good = read_bytes(cache.file());

  std::vector<char> truncated(good.begin(), good.end() - 1);
  write_bytes(cache.file(), truncated);
  EXPECT_FALSE(cache.load().has_value());

  std::vector<char> extended = good;
  extended.push_back('x');
  write_bytes(cache.file(), extended);
  EXPECT_FALSE(cache.load().has_value());

  for (std::size_t at : {std::size_t{0}, std::size_t{9}, good.size() - 1}) {
    std::vector<char> flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    write_bytes(cache.file(), flipped);
    EXPECT_FALSE(cache.load().has_value()) << "byte " << at;
  }

  write_bytes(cache.file(), {});
  EXPECT_FALSE(cache.load().has_value());

  write_bytes(cache.file(), good);
  EXPECT_TRUE(cache.load().has_value());
}

// with_payload hands over the payload in place, only for a file load()
// accepts, and marks the file used only when the caller accepts it.
TEST(ValuesCacheTest, WithPayloadSeesTheSavedBytesInPlace) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "k");
  ASSERT_TRUE(cache.save_values<std::uint32_t>(sample_values()));
  const std::vector<std::uint32_t> values = sample_values();
  std::vector<std::byte> seen;
  EXPECT_TRUE(cache.with_payload([&](std::span<const std::byte> payload) {
    seen.assign(payload.begin(), payload.end());
    return true;
  }));
  EXPECT_TRUE(std::ranges::equal(seen, std::as_bytes(std::span(values))));

  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  fs::last_write_time(cache.file(), old);
  EXPECT_FALSE(cache.with_payload([](auto) { return false; }));
  EXPECT_EQ(fs::last_write_time(cache.file()), old);  // rejected: not used
  EXPECT_TRUE(cache.with_payload([](auto) { return true; }));
  EXPECT_GT(fs::last_write_time(cache.file()), old);

  std::vector<char> flipped = read_bytes(cache.file());
  flipped.back() = static_cast<char>(flipped.back() ^ 0x01);
  write_bytes(cache.file(), flipped);
  bool called = false;
  EXPECT_FALSE(cache.with_payload([&](auto) { return called = true; }));
  EXPECT_FALSE(called);
}

TEST(ValuesCacheTest, PayloadOfAnotherValueSizeIsRejected) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "odd", "k");
  const std::vector<std::uint8_t> three = {1, 2, 3};
  ASSERT_TRUE(cache.save_values<std::uint8_t>(three));
  EXPECT_FALSE(cache.load_values<std::uint32_t>().has_value());
}

TEST(ValuesCacheTest, GetOrMakeMakesOnceThenReads) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "k");
  int made = 0;
  const auto make = counting_maker(made);
  EXPECT_EQ(cache.get_or_make<std::uint32_t>(make), sample_values());
  EXPECT_EQ(cache.get_or_make<std::uint32_t>(make), sample_values());
  EXPECT_EQ(made, 1);
}

TEST(ValuesCacheTest, CorruptOrTruncatedFileIsRegenerated) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "k");
  int made = 0;
  const auto make = counting_maker(made);
  cache.get_or_make<std::uint32_t>(make);
  std::vector<char> bytes = read_bytes(cache.file());
  bytes.back() = static_cast<char>(bytes.back() ^ 1);
  write_bytes(cache.file(), bytes);
  EXPECT_EQ(cache.get_or_make<std::uint32_t>(make), sample_values());
  EXPECT_EQ(made, 2);
  bytes = read_bytes(cache.file());
  ASSERT_GT(bytes.size(), 4U);
  bytes.erase(bytes.end() - 4, bytes.end());
  write_bytes(cache.file(), bytes);
  EXPECT_EQ(cache.get_or_make<std::uint32_t>(make), sample_values());
  EXPECT_EQ(made, 3);
  // Rewritten: the next call reads it.
  EXPECT_EQ(cache.get_or_make<std::uint32_t>(make), sample_values());
  EXPECT_EQ(made, 3);
}

TEST(ValuesCacheTest, ValuesTheCallerRejectsAreRegenerated) {
  const TempDir dir;
  const ValuesCache cache(dir.path(), "picks", "k");
  ASSERT_TRUE(cache.save_values<std::uint32_t>(std::vector<std::uint32_t>{9}));
  int made = 0;
  const auto values = cache.get_or_make<std::uint32_t>(
      counting_maker(made),
      [](const std::vector<std::uint32_t>& v) { return v.size() == 5; });
  EXPECT_EQ(values, sample_values());
  EXPECT_EQ(made, 1);
  EXPECT_EQ(cache.load_values<std::uint32_t>(), sample_values());
}

TEST(ValuesCacheTest, EmptyDirectoryDisablesTheCache) {
  const ValuesCache cache({}, "picks", "k");
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.save_values<std::uint32_t>(sample_values()));
  EXPECT_FALSE(cache.load().has_value());
  int made = 0;
  cache.get_or_make<std::uint32_t>(counting_maker(made));
  cache.get_or_make<std::uint32_t>(counting_maker(made));
  EXPECT_EQ(made, 2);
}

TEST(ValuesCacheTest, SaveLeavesNoTemporaryFile) {
  const TempDir dir;
  ASSERT_TRUE(ValuesCache(dir.path() / "sub", "picks", "k")
                  .save_values<std::uint32_t>(sample_values()));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "sub")) {
    EXPECT_EQ(entry.path().extension(), ".bin");
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST(ValuesCacheTest, SaveKeepsOnlyTheMostRecentlyUsedFilesOfItsKind) {
  const TempDir dir;
  const auto values = sample_values();
  std::vector<fs::path> files;
  const auto past = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (int build = 0; build < 3; ++build) {
    const ValuesCache cache(dir.path(), "picks",
                            "build=" + std::to_string(build), 10);
    ASSERT_TRUE(cache.save_values<std::uint32_t>(values));
    // Oldest first, seconds apart in mtime.
    fs::last_write_time(cache.file(), past + std::chrono::seconds(build));
    files.push_back(cache.file());
  }
  // Another kind is never pruned by this one.
  const ValuesCache other(dir.path(), "picks-s100", "build=0", 2);
  ASSERT_TRUE(other.save_values<std::uint32_t>(values));
  // Build 0 is used again: it is now the most recent.
  ASSERT_TRUE(ValuesCache(dir.path(), "picks", "build=0", 2).load());
  ASSERT_TRUE(ValuesCache(dir.path(), "picks", "build=3", 2)
                  .save_values<std::uint32_t>(values));
  EXPECT_TRUE(fs::exists(files[0]));
  EXPECT_FALSE(fs::exists(files[1]));
  EXPECT_FALSE(fs::exists(files[2]));
  EXPECT_TRUE(fs::exists(other.file()));
}

TEST(ValuesCacheTest, FingerprintFollowsTheFileContent) {
  const TempDir dir;
  write_bytes(dir.path() / "a", {'a', 'b'});
  write_bytes(dir.path() / "b", {'a', 'c'});
  const std::string a = file_fingerprint(dir.path() / "a");
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, file_fingerprint(dir.path() / "a"));
  EXPECT_NE(a, file_fingerprint(dir.path() / "b"));
  EXPECT_EQ(file_fingerprint(dir.path() / "missing"), "");
  write_bytes(dir.path() / "empty", {});
  EXPECT_EQ(file_fingerprint(dir.path() / "empty").size(), 16u);
}

TEST(ValuesCacheTest, DefaultDirectoryFollowsTheEnvironment) {
  ::setenv("MARKETBENCH_CACHE_DIR", "/tmp/mb-values-test", 1);
  ::unsetenv("MARKETBENCH_NO_CACHE");
  EXPECT_EQ(default_cache_dir(), "/tmp/mb-values-test");
  ::setenv("MARKETBENCH_NO_CACHE", "1", 1);
  EXPECT_TRUE(default_cache_dir().empty());
  ::setenv("MARKETBENCH_NO_CACHE", "0", 1);
  EXPECT_EQ(default_cache_dir(), "/tmp/mb-values-test");
  ::unsetenv("MARKETBENCH_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(default_cache_dir(), "/tmp/xdg/marketbench");
  ::unsetenv("MARKETBENCH_NO_CACHE");
  ::unsetenv("XDG_CACHE_HOME");
}

}  // namespace
