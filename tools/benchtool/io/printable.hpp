#pragma once
// Error messages are one line: text taken from input files goes through
// printable() first.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace benchtool {

// `s` with control characters escaped (\n, \xNN) and cut to about `max_len`
// bytes ("...").
inline std::string printable(std::string_view s, std::size_t max_len = 120) {
  std::string out;
  out.reserve(std::min(s.size(), max_len) + 3);
  for (const char c : s) {
    if (out.size() >= max_len) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out +=
          {'\\', 'x', "0123456789abcdef"[u >> 4], "0123456789abcdef"[u & 15]};
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace benchtool
