#pragma once

// Shared by the market unit tests.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace marketbench::market::testing {

// Success if f() throws E whose what() contains `needle` (the bad value the
// message must name).
template <typename E, typename F>
::testing::AssertionResult throws_with(F&& f, std::string_view needle) {
  try {
    f();
  } catch (const E& e) {
    if (std::string_view(e.what()).find(needle) != std::string_view::npos) {
      return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure()
           << "message '" << e.what() << "' does not contain '" << needle
           << "'";
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw another type: " << e.what();
  }
  return ::testing::AssertionFailure() << "did not throw";
}

}  // namespace marketbench::market::testing
