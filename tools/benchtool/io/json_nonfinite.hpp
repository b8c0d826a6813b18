#pragma once
// Google Benchmark writes non-finite doubles as the bare tokens NaN, -NaN,
// Infinity and -Infinity, which are not JSON. Before parsing, each such token
// outside a string is rewritten into a string holding a sentinel that no JSON
// text can produce by accident (it starts with a NUL character, which JSON can
// only spell as an escape), so the parser accepts the file and the loader can
// turn the sentinel back into the value.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace benchtool {

inline constexpr std::string_view kNaNSentinel{"\0NaN", 4};
inline constexpr std::string_view kInfinitySentinel{"\0Infinity", 9};
inline constexpr std::string_view kNegInfinitySentinel{"\0-Infinity", 10};

std::optional<double> decode_nonfinite_sentinel(std::string_view s);

// The value a sentinel string stands for, or nullopt if `s` is an ordinary
// string. Inline: the loader asks this of every string it reads.
inline std::optional<double> nonfinite_sentinel_value(std::string_view s) {
  if (s.empty() || s.front() != '\0') return std::nullopt;
  return decode_nonfinite_sentinel(s);
}

// The inverse, for writers: the sentinel string for a non-finite value (put it
// in a JSON value where the number goes), and the dumped JSON text with each
// quoted sentinel replaced by the bare token, as Google Benchmark writes them.
std::string_view nonfinite_sentinel(double value);
std::string restore_nonfinite_tokens(std::string dumped);

class NonFiniteRewrite {
 public:
  // Scans `text` once; copies it only if it holds a non-finite token.
  explicit NonFiniteRewrite(std::string_view text);

  // The text to parse: the original when nothing was rewritten.
  std::string_view text() const {
    return rewritten_ ? std::string_view(out_) : original_;
  }
  bool rewritten() const { return rewritten_; }
  // Maps a byte offset in text() back to the original text, for error
  // positions.
  std::size_t original_offset(std::size_t offset) const;

 private:
  struct Replacement {
    std::size_t original_pos, original_len, new_pos, new_len;
  };
  std::string_view original_;
  std::string out_;
  bool rewritten_ = false;
  std::vector<Replacement> replacements_;
};

}  // namespace benchtool
