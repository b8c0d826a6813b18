#pragma once
// A benchmark-name regex (ECMAScript, searched anywhere in the name: anchor it
// with ^...$) for thresholds and budgets files. std::regex stays inside
// name_pattern.cpp.

#include <memory>
#include <string>
#include <string_view>

namespace benchtool {

class NamePattern {
 public:
  // The empty pattern: found in every name.
  NamePattern() = default;
  // Throws InputError "<where>: invalid regex '<text>': <why>".
  static NamePattern compile(std::string text, std::string_view where);

  bool found_in(std::string_view name) const;
  const std::string& text() const { return text_; }

 private:
  struct Compiled;
  std::string text_;
  std::shared_ptr<const Compiled>
      compiled_;  // shared: rules are copied with their options
};

}  // namespace benchtool
