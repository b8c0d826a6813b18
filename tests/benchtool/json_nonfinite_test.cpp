// The bare NaN / Infinity tokens Google Benchmark writes: read as numbers by
// parse_benchmark_json(), written back as tokens by results_to_json_text().

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "io/json_file.hpp"
#include "io/results_writer.hpp"
#include "results_builder.hpp"

namespace benchtool {
namespace {

TEST(NonFiniteTokens, ReadAsNumbers) {
  const BenchmarkJson j = parse_benchmark_json("[NaN,-NaN,Infinity,-Infinity]");
  ASSERT_TRUE(j.error.empty()) << j.error;
  ASSERT_EQ(j.doc.size(), 4u);
  for (const auto& v : j.doc) EXPECT_TRUE(v.is_number_float());
  EXPECT_TRUE(std::isnan(j.doc[0].get<double>()));
  EXPECT_TRUE(std::isnan(j.doc[1].get<double>()));
  EXPECT_EQ(j.doc[2].get<double>(), INFINITY);
  EXPECT_EQ(j.doc[3].get<double>(), -INFINITY);
  EXPECT_FALSE(j.nonfinite_key);
}

TEST(NonFiniteTokens, InsideStringsAndAfterEscapedQuotesStayText) {
  const BenchmarkJson j = parse_benchmark_json(
      R"({"k\"NaN": "Infinity \" NaN", "v": NaN, "w": "\\", "x": -Infinity})");
  ASSERT_TRUE(j.error.empty()) << j.error;
  EXPECT_EQ(j.doc["k\"NaN"], "Infinity \" NaN");
  EXPECT_TRUE(std::isnan(j.doc["v"].get<double>()));
  EXPECT_EQ(j.doc["w"], "\\");
  EXPECT_EQ(j.doc["x"].get<double>(), -INFINITY);
}

TEST(NonFiniteTokens, OnlyTheExactSentinelStringReadsAsANumber) {
  const BenchmarkJson j =
      parse_benchmark_json(R"(["\u0000NaN", "\u0000nan", "NaN", ""])");
  ASSERT_TRUE(j.error.empty()) << j.error;
  EXPECT_TRUE(j.doc[0].is_number());
  EXPECT_EQ(j.doc[1], std::string("\0nan", 4));
  EXPECT_EQ(j.doc[2], "NaN");
  EXPECT_EQ(j.doc[3], "");
}

TEST(NonFiniteTokens, AsAKeyIsNoted) {
  EXPECT_TRUE(parse_benchmark_json(R"({"a": [{NaN: 1}]})").nonfinite_key);
  EXPECT_FALSE(parse_benchmark_json(R"({"NaN": 1})").nonfinite_key);
}

TEST(NonFiniteTokens, ErrorPositionsAreInTheOriginalText) {
  EXPECT_NE(parse_benchmark_json("[NaN, 1, x]").error.find("line 1, column 10"),
            std::string::npos);
  // An error inside a token's replacement points at the token.
  EXPECT_NE(parse_benchmark_json("[NaN NaN]").error.find("line 1, column 6"),
            std::string::npos)
      << parse_benchmark_json("[NaN NaN]").error;
  EXPECT_NE(parse_benchmark_json("[-Infinity,\n Infinity, x]")
                .error.find("line 2, column 12"),
            std::string::npos);
}

TEST(NonFiniteTokens, WrittenBackAsBareTokens) {
  Results r = testing::results({{"BM_A", {1}}});
  r.rows[0].counters = {{"nan", NAN}, {"up", INFINITY}, {"down", -INFINITY}};
  r.rows[0].label = "\"\\u0000NaN\"";
  const std::string text = results_to_json_text(r);
  EXPECT_NE(text.find("\"nan\": NaN,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"up\": Infinity,"), std::string::npos) << text;
  EXPECT_NE(text.find("\"down\": -Infinity,"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("label": "\"\\u0000NaN\"")"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace benchtool
