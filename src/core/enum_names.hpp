#pragma once
// Names of enumerators from one table per enum: {enumerator, name} rows in
// declaration order, checked when the table is built. A row out of order does
// not compile, nor does a table that stops before the enum's last enumerator
// (for enums whose enumerators count up from 0, as all of the library's do).
// The library's to-name functions (action_name, stage_name, ...) look up here.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace marketbench::core {

// True when `V` is a named enumerator. GCC and Clang spell one by its name in
// __PRETTY_FUNCTION__ ("V = Stage::kFetch") and any other value as a cast
// ("V = (Stage)5").
template <auto V>
consteval bool is_enumerator() {
  const std::string_view signature = __PRETTY_FUNCTION__;
  const auto at = signature.rfind("V = ");
  return at != std::string_view::npos && signature[at + 4] != '(';
}

template <class Enum, std::size_t N>
class EnumNames {
  static_assert(!is_enumerator<static_cast<Enum>(N)>(),
                "the table misses an enumerator");

 public:
  consteval EnumNames(const std::pair<Enum, std::string_view> (&rows)[N],
                      std::string_view fallback)
      : fallback_(fallback) {
    for (std::size_t i = 0; i < N; ++i) {
      if (static_cast<std::size_t>(rows[i].first) != i)
        throw "enum_names: list the enumerators in declaration order";
      names_[i] = rows[i].second;
    }
  }

  // The name of `value`; the fallback for a value that is no enumerator.
  constexpr std::string_view operator()(Enum value) const {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? names_[i] : fallback_;
  }
  // The enumerator named `name`, or nullopt.
  constexpr std::optional<Enum> parse(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (names_[i] == name) return static_cast<Enum>(i);
    }
    return std::nullopt;
  }

 private:
  std::array<std::string_view, N> names_{};
  std::string_view fallback_;
};

// constexpr auto kNames = enum_names<Stage>({{Stage::kFetch, "fetch"}, ...});
template <class Enum, std::size_t N>
consteval EnumNames<Enum, N> enum_names(
    const std::pair<Enum, std::string_view> (&rows)[N],
    std::string_view fallback = "unknown") {
  return EnumNames<Enum, N>(rows, fallback);
}

}  // namespace marketbench::core
