#include "core/checksum.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "marketbench/core/random.hpp"

namespace marketbench::core {
namespace {

std::span<const std::byte> as_bytes(std::string_view s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

TEST(Crc32c, StandardCheckValues) {
  EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32c_portable(as_bytes("123456789")), 0xE3069283u);
  EXPECT_EQ(crc32c({}), 0u);
  // RFC 3720 B.4: 32 bytes of zeros.
  const std::vector<std::byte> zeros(32, std::byte{0});
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
}

TEST(Crc32c, FastPathEqualsTableForEveryLengthAndOffset) {
  core::Xoshiro256StarStar rng(5);
  std::vector<std::byte> data(300);
  for (auto& b : data) b = static_cast<std::byte>(rng.next_u64());
  for (std::size_t offset = 0; offset < 9; ++offset) {
    for (std::size_t length = 0; length + offset <= data.size(); length += 7) {
      const auto bytes = std::span(data).subspan(offset, length);
      ASSERT_EQ(crc32c(bytes), crc32c_portable(bytes))
          << "offset " << offset << " length " << length;
    }
  }
}

TEST(Crc32c, DetectsEverySingleBitFlip) {
  std::vector<std::byte> data(64, std::byte{0x5a});
  const std::uint32_t original = crc32c(data);
  for (std::size_t i = 0; i < data.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      data[i] ^= static_cast<std::byte>(1 << bit);
      EXPECT_NE(crc32c(data), original);
      data[i] ^= static_cast<std::byte>(1 << bit);
    }
  }
}

TEST(ChecksumTest, ContinuesAcrossPieces) {
  const auto all = as_bytes("123456789");
  for (std::size_t cut = 0; cut <= all.size(); ++cut)
    EXPECT_EQ(crc32c(all.subspan(cut), crc32c(all.first(cut))), 0xE3069283u)
        << "cut " << cut;
}

}  // namespace
}  // namespace marketbench::core
