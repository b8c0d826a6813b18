#include "core/enum_names.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "marketbench/cache/cache_cluster.hpp"
#include "marketbench/core/action.hpp"
#include "marketbench/market/quote_service.hpp"
#include "marketbench/ml/model_file.hpp"
#include "marketbench/pipeline/pipeline_report.hpp"
#include "marketbench/platform/request.hpp"
#include "marketbench/platform/response.hpp"
#include "marketbench/recommend/recommendation.hpp"
#include "marketbench/store/results_database.hpp"
#include "ml/dense_kernel.hpp"

namespace marketbench::core {
namespace {

enum class Colour : std::uint8_t { kRed, kGreen, kBlue };

constexpr auto kColourNames = enum_names<Colour>(
    {{Colour::kRed, "red"}, {Colour::kGreen, "green"}, {Colour::kBlue, "blue"}},
    "no colour");

// A table out of order or short of an enumerator does not compile (the
// constructor throws at compile time, a static_assert fails); what can be
// checked at run time is the lookup both ways and the enumerator test.
static_assert(is_enumerator<Colour::kBlue>());
static_assert(!is_enumerator<static_cast<Colour>(3)>());
static_assert(kColourNames(Colour::kGreen) == "green");

TEST(EnumNames, NamesEveryEnumeratorAndFallsBackForOtherValues) {
  EXPECT_EQ(kColourNames(Colour::kRed), "red");
  EXPECT_EQ(kColourNames(Colour::kBlue), "blue");
  EXPECT_EQ(kColourNames(static_cast<Colour>(3)), "no colour");
  EXPECT_EQ(kColourNames(static_cast<Colour>(255)), "no colour");
}

TEST(EnumNames, ParsesNamesBack) {
  EXPECT_EQ(kColourNames.parse("green"), Colour::kGreen);
  EXPECT_EQ(kColourNames.parse("blue"), Colour::kBlue);
  EXPECT_FALSE(kColourNames.parse("Green"));
  EXPECT_FALSE(kColourNames.parse("no colour"));
  EXPECT_FALSE(kColourNames.parse(""));
}

// The library's to-name functions: every enumerator has its own non-empty
// name, and a value outside the enum gets the function's fallback.
template <class Enum, class Name>
std::set<std::string> all_names(std::size_t count, Name name) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string n(name(static_cast<Enum>(i)));
    EXPECT_FALSE(n.empty()) << i;
    names.insert(n);
  }
  EXPECT_EQ(names.size(), count);
  return names;
}

TEST(EnumNames, LibraryNamesAreDistinctPerEnum) {
  using pipeline::FailureReason;
  all_names<Action>(3, action_name);
  all_names<cache::Routing>(3, [](auto r) { return cache::to_string(r); });
  all_names<market::FailureReason>(4,
                                   [](auto r) { return market::to_string(r); });
  all_names<ml::ModelFormatProblem>(10, ml::problem_name);
  all_names<pipeline::Stage>(pipeline::kStageCount, pipeline::stage_name);
  all_names<FailureReason>(pipeline::kFailureReasonCount,
                           pipeline::failure_reason_name);
  all_names<platform::RequestKind>(platform::kRequestKindCount,
                                   platform::kind_name);
  all_names<platform::Status>(platform::kStatusCount, platform::status_name);
  all_names<recommend::SkipReason>(recommend::kSkipReasonCount,
                                   recommend::skip_reason_name);
  all_names<store::Synchronous>(3, store::synchronous_name);
  all_names<ml::KernelIsa>(3, ml::kernel_isa_name);
}

TEST(EnumNames, LibraryNamesAndFallbacks) {
  EXPECT_EQ(action_name(Action::kBuy), "BUY");
  EXPECT_EQ(action_name(static_cast<Action>(7)), "UNKNOWN");
  EXPECT_EQ(parse_action("HOLD"), Action::kHold);
  EXPECT_THROW(parse_action("hold"), std::invalid_argument);
  EXPECT_EQ(cache::parse_routing("consistent_hash"),
            cache::Routing::kConsistentHash);
  EXPECT_THROW(cache::parse_routing("ring"), std::invalid_argument);
  EXPECT_EQ(market::to_string(market::FailureReason::kPartialResponse),
            "missing from a partial response");
  EXPECT_EQ(market::to_string(static_cast<market::FailureReason>(9)),
            "unknown failure");
  EXPECT_EQ(ml::problem_name(ml::ModelFormatProblem::kInvalidNormalisation),
            "invalid normalisation");
  EXPECT_EQ(ml::problem_name(static_cast<ml::ModelFormatProblem>(99)),
            "unknown problem");
  EXPECT_EQ(pipeline::stage_name(pipeline::Stage::kCache), "cache");
  EXPECT_EQ(
      pipeline::failure_reason_name(pipeline::FailureReason::kPersistFailed),
      "persist_failed");
  EXPECT_EQ(platform::kind_name(platform::RequestKind::kQuotes), "quotes");
  EXPECT_EQ(platform::status_name(static_cast<platform::Status>(5)), "unknown");
  EXPECT_EQ(store::synchronous_name(store::Synchronous::kNormal), "normal");
  EXPECT_EQ(ml::kernel_isa_name(ml::KernelIsa::kAvx512), "avx512");
}

}  // namespace
}  // namespace marketbench::core
