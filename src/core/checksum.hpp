#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace marketbench::core {

// CRC-32C (Castagnoli, reflected, init and final xor 0xFFFFFFFF), the
// checksum of model files and cache files. Uses the SSE4.2 crc32 instruction
// when the build targets it and a table otherwise; both give the same value
// (crc32c("123456789") == 0xE3069283).
std::uint32_t crc32c(std::span<const std::byte> bytes);
// Continues a CRC-32C: crc32c(b, crc32c(a)) == crc32c(a followed by b).
std::uint32_t crc32c(std::span<const std::byte> bytes, std::uint32_t previous);
// The table-driven version, always available (tests compare the two).
std::uint32_t crc32c_portable(std::span<const std::byte> bytes);

}  // namespace marketbench::core
