#include "io/json_nonfinite.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

namespace benchtool {
namespace {

struct Token {
  std::string_view text;
  std::string_view json;  // the string literal it becomes
};

// The longest spellings first, so "-Infinity" wins over "Infinity".
constexpr Token kTokens[] = {
    {"-Infinity", R"("\u0000-Infinity")"},
    {"Infinity", R"("\u0000Infinity")"},
    {"-NaN", R"("\u0000NaN")"},
    {"NaN", R"("\u0000NaN")"},
};

}  // namespace

std::optional<double> decode_nonfinite_sentinel(std::string_view s) {
  if (s == kNaNSentinel) return std::numeric_limits<double>::quiet_NaN();
  if (s == kInfinitySentinel) return std::numeric_limits<double>::infinity();
  if (s == kNegInfinitySentinel)
    return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

std::string_view nonfinite_sentinel(double value) {
  if (std::isnan(value)) return kNaNSentinel;
  return value > 0 ? kInfinitySentinel : kNegInfinitySentinel;
}

std::string restore_nonfinite_tokens(std::string dumped) {
  // nlohmann escapes the leading NUL as \u0000, which no other string can
  // produce here: strings read by the loader never hold a NUL followed by these
  // words by accident.
  constexpr std::pair<std::string_view, std::string_view> kQuoted[] = {
      {R"("\u0000-Infinity")", "-Infinity"},
      {R"("\u0000Infinity")", "Infinity"},
      {R"("\u0000NaN")", "NaN"},
  };
  if (dumped.find(R"("\u0000)") == std::string::npos) return dumped;
  for (const auto& [quoted, token] : kQuoted) {
    for (auto pos = dumped.find(quoted); pos != std::string::npos;
         pos = dumped.find(quoted, pos + token.size())) {
      dumped.replace(pos, quoted.size(), token);
    }
  }
  return dumped;
}

NonFiniteRewrite::NonFiniteRewrite(std::string_view text) : original_(text) {
  // Most of a results file is strings and digits: find the next quote or
  // possible token start with a table lookup, and skip a string's body with
  // memchr-like scans.
  static constexpr auto kInteresting = [] {
    std::array<bool, 256> t{};
    t['"'] = t['N'] = t['I'] = t['-'] = true;
    return t;
  }();
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  std::size_t copied = 0;  // original bytes already appended to out_
  while (p < end) {
    while (p < end && !kInteresting[static_cast<unsigned char>(*p)]) ++p;
    if (p == end) break;
    if (*p == '"') {
      // Skip the string: up to the next quote not escaped by a backslash.
      ++p;
      while (p < end) {
        const char* quote = static_cast<const char*>(
            std::memchr(p, '"', static_cast<std::size_t>(end - p)));
        if (quote == nullptr) {
          p = end;
          break;
        }
        std::size_t backslashes = 0;
        for (const char* b = quote; b > p && b[-1] == '\\'; --b) ++backslashes;
        p = quote + 1;
        if (backslashes % 2 == 0) break;
      }
      continue;
    }
    const std::size_t i = static_cast<std::size_t>(p - begin);
    const Token* match = nullptr;
    for (const Token& token : kTokens) {
      if (text.compare(i, token.text.size(), token.text) == 0) {
        match = &token;
        break;
      }
    }
    if (match == nullptr) {
      ++p;
      continue;
    }
    if (!rewritten_) {
      out_.reserve(text.size() + text.size() / 16);
      rewritten_ = true;
    }
    out_.append(text.substr(copied, i - copied));
    replacements_.push_back(
        {i, match->text.size(), out_.size(), match->json.size()});
    out_.append(match->json);
    copied = i + match->text.size();
    p = begin + copied;
  }
  if (rewritten_) out_.append(text.substr(copied));
}

std::size_t NonFiniteRewrite::original_offset(std::size_t offset) const {
  // The last replacement that starts at or before `offset`.
  auto it = std::upper_bound(
      replacements_.begin(), replacements_.end(), offset,
      [](std::size_t off, const Replacement& r) { return off < r.new_pos; });
  if (it == replacements_.begin()) return offset;
  const Replacement& r = *std::prev(it);
  if (offset < r.new_pos + r.new_len) return r.original_pos;
  return r.original_pos + r.original_len + (offset - (r.new_pos + r.new_len));
}

}  // namespace benchtool
