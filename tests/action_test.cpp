#include "marketbench/core/action.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace marketbench::core {
namespace {

TEST(Action, ActionNamesRoundTrip) {
  for (Action a : {Action::kSell, Action::kHold, Action::kBuy}) {
    EXPECT_EQ(parse_action(action_name(a)), a);
    EXPECT_EQ(action_from_int(static_cast<int>(a)), a);
  }
  EXPECT_EQ(action_name(Action::kSell), "SELL");
  EXPECT_EQ(action_name(Action::kHold), "HOLD");
  EXPECT_EQ(action_name(Action::kBuy), "BUY");
}

TEST(Action, BadActionsNameTheValue) {
  try {
    parse_action("buy");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'buy'"), std::string::npos);
  }
  try {
    action_from_int(3);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("3"), std::string::npos);
  }
  EXPECT_THROW(action_from_int(-1), std::invalid_argument);
}

}  // namespace
}  // namespace marketbench::core
