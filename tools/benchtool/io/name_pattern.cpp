// GCC 12 reports -Wmaybe-uninitialized inside libstdc++'s <regex>
// (std::function moves in the regex compiler) when it is inlined at -O1 with
// sanitizers: a false positive. This file is the only one that instantiates
// std::regex, so the warning is silenced here and nowhere else (Clang has no
// such warning).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "io/name_pattern.hpp"

#include <fmt/format.h>

#include <regex>

#include "io/input_error.hpp"
#include "io/printable.hpp"

namespace benchtool {

struct NamePattern::Compiled {
  std::regex regex;
};

NamePattern NamePattern::compile(std::string text, std::string_view where) {
  NamePattern pattern;
  try {
    pattern.compiled_ = std::make_shared<const Compiled>(Compiled{
        std::regex(text, std::regex::ECMAScript | std::regex::optimize)});
  } catch (const std::regex_error& e) {
    throw InputError(fmt::format("{}: invalid regex '{}': {}", where,
                                 printable(text), e.what()));
  }
  pattern.text_ = std::move(text);
  return pattern;
}

bool NamePattern::found_in(std::string_view name) const {
  if (text_.empty()) return true;
  return std::regex_search(name.begin(), name.end(), compiled_->regex);
}

}  // namespace benchtool
