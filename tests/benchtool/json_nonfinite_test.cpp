#include "io/json_nonfinite.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace benchtool {
namespace {

TEST(NonFiniteRewrite, LeavesPlainJsonUncopied) {
  const std::string text =
      R"({"a": 1, "b": "NaN Infinity", "c": [true, null]})";
  const NonFiniteRewrite rewrite(text);
  EXPECT_FALSE(rewrite.rewritten());
  EXPECT_EQ(rewrite.text().data(), text.data());
}

TEST(NonFiniteRewrite, RewritesEveryBareToken) {
  const NonFiniteRewrite rewrite(R"([NaN,-NaN,Infinity,-Infinity])");
  ASSERT_TRUE(rewrite.rewritten());
  EXPECT_EQ(rewrite.text(),
            R"(["\u0000NaN","\u0000NaN","\u0000Infinity","\u0000-Infinity"])");
}

TEST(NonFiniteRewrite, IgnoresTokensInsideStringsAndAfterEscapedQuotes) {
  const std::string text = R"({"k\"NaN": "Infinity \" NaN", "v": NaN})";
  const NonFiniteRewrite rewrite(text);
  EXPECT_EQ(rewrite.text(),
            R"({"k\"NaN": "Infinity \" NaN", "v": "\u0000NaN"})");
}

TEST(NonFiniteRewrite, MapsOffsetsBackToTheOriginal) {
  const std::string text = "[NaN, 1, x]";
  const NonFiniteRewrite rewrite(text);
  const std::size_t x_new = rewrite.text().find('x');
  EXPECT_EQ(rewrite.original_offset(x_new), text.find('x'));
  EXPECT_EQ(rewrite.original_offset(2),
            1u);  // inside the replacement: its start
  EXPECT_EQ(rewrite.original_offset(0), 0u);
}

TEST(NonFiniteSentinel, DecodesOnlySentinels) {
  EXPECT_TRUE(std::isnan(*nonfinite_sentinel_value(kNaNSentinel)));
  EXPECT_EQ(*nonfinite_sentinel_value(kInfinitySentinel), INFINITY);
  EXPECT_EQ(*nonfinite_sentinel_value(kNegInfinitySentinel), -INFINITY);
  EXPECT_FALSE(nonfinite_sentinel_value("NaN"));
  EXPECT_FALSE(nonfinite_sentinel_value(std::string_view("\0nan", 4)));
  EXPECT_FALSE(nonfinite_sentinel_value(""));
}

}  // namespace
}  // namespace benchtool
