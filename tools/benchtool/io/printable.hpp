#pragma once
// Error messages are one line: text taken from input files goes through
// printable() first.

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace benchtool {

// `s` with control characters escaped (\n, \xNN) and cut to about `max_len`
// bytes ("...").
inline std::string printable(std::string_view s, std::size_t max_len = 120) {
  std::string out;
  for (const char c : s) {
    if (out.size() >= max_len) return out + "...";
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\t') {
      out += c == '\n' ? "\\n" : "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace benchtool
