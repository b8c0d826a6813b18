#pragma once
// Error messages are one line: text taken from input files goes through
// printable() first.

#include <cstddef>
#include <string>
#include <string_view>

namespace benchtool {

// `s` with control characters escaped (\n, \xNN) and cut to about `max_len`
// bytes ("...").
std::string printable(std::string_view s, std::size_t max_len = 120);

}  // namespace benchtool
