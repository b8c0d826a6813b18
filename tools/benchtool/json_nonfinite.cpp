#include "json_nonfinite.hpp"

#include <algorithm>
#include <cmath>
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

std::optional<double> nonfinite_sentinel_value(std::string_view s) {
  if (s.empty() || s.front() != '\0') return std::nullopt;
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
  const std::size_t n = text.size();
  std::size_t copied = 0;  // original bytes already appended to out_
  bool in_string = false;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != 'N' && c != 'I' && c != '-') continue;
    for (const Token& token : kTokens) {
      if (text.compare(i, token.text.size(), token.text) != 0) continue;
      if (!rewritten_) {
        out_.reserve(n + n / 16);
        rewritten_ = true;
      }
      out_.append(text.substr(copied, i - copied));
      replacements_.push_back(
          {i, token.text.size(), out_.size(), token.json.size()});
      out_.append(token.json);
      i += token.text.size() - 1;
      copied = i + 1;
      break;
    }
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
