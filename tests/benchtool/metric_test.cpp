#include "io/metric.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include "io/results.hpp"

namespace benchtool {
namespace {

TEST(MetricDirection, LowerIsBetter) {
  for (const char* m :
       {"real_time", "cpu_time", "latency_p95_ns", "bytes_per_inference",
        "peak_bytes", "error_rate", "stage_fetch_seconds", "remapped_fraction",
        "load_imbalance", "ns_per_lookup"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kLowerIsBetter) << m;
  }
}

TEST(MetricDirection, HigherIsBetter) {
  for (const char* m :
       {"samples_per_second", "items_per_second", "bytes_per_second",
        "hit_rate", "l1_hit_rate", "gflops", "cache_fraction"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kHigherIsBetter) << m;
  }
}

TEST(MetricDirection, UnknownCountersHaveNoDirection) {
  for (const char* m : {"evictions", "ratio", "iterations", "test_rows"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kUnknown) << m;
  }
}

TEST(MetricDirection, ModelQualityCounters) {
  for (const char* m : {"accuracy", "balanced_accuracy", "macro_f1",
                        "top_k_precision", "buy_excess_return"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kHigherIsBetter) << m;
  }
  for (const char* m : {"log_loss", "agreement_with_reference"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kLowerIsBetter) << m;
  }
  for (const char* m : {"baseline_majority_rate", "baseline_rule_accuracy"}) {
    EXPECT_EQ(direction_from_name(m), Direction::kUnknown) << m;
  }
}

TEST(MetricDirection, ParsesAndPrints) {
  EXPECT_EQ(parse_direction("lower"), Direction::kLowerIsBetter);
  EXPECT_EQ(parse_direction("higher"), Direction::kHigherIsBetter);
  EXPECT_FALSE(parse_direction("up"));
  EXPECT_EQ(to_string(Direction::kHigherIsBetter), "higher");
}

TEST(Metric, KindsUnitsAndScales) {
  EXPECT_EQ(describe_metric("latency_p95_ns").kind, MetricKind::kTime);
  EXPECT_EQ(metric_time_scale_ns("stage_fetch_us"), 1e3);
  EXPECT_EQ(metric_time_scale_ns("virtual_seconds"), 1e9);
  EXPECT_EQ(metric_time_scale_ns("hit_rate"), 0);
  EXPECT_EQ(describe_metric("bytes_per_second").kind, MetricKind::kRate);
  EXPECT_EQ(describe_metric("samples_per_second").axis_unit, "samples/s");
  EXPECT_TRUE(is_bytes_metric("peak_bytes"));
  EXPECT_TRUE(is_fraction_metric("error_rate"));
  EXPECT_EQ(format_metric_value("latency_p95_ns", 1234), "1.23 us");
  EXPECT_EQ(format_metric_value("stage_fetch_ms", 2), "2.00 ms");
  EXPECT_EQ(format_metric_value("samples_per_second", 12345),
            "12.3k samples/s");
  EXPECT_EQ(format_metric_value("hit_rate", 0.85), "85.0%");
  EXPECT_EQ(format_metric_value("peak_bytes", 2048), "2.00 KiB");
  EXPECT_EQ(format_metric_value("evictions", 1.5e6), "1.50M");
  EXPECT_EQ(format_duration_ns(999.4), "999 ns");
  EXPECT_EQ(format_duration_ns(999.6), "1.00 us");
  EXPECT_EQ(format_change(0.1234), "+12.3%");
}

TEST(Metric, NonFiniteValuesPrintTheSameEverywhere) {
  EXPECT_EQ(format_metric_value("real_time", NAN), "n/a");
  EXPECT_EQ(format_metric_value("hit_rate", INFINITY), "n/a");
  EXPECT_EQ(format_duration_ns(NAN), "n/a");
  EXPECT_EQ(format_change(NAN), "n/a");
}

// The `name`s a segment starts with (one or more, separated by "," or "/").
std::vector<std::string> leading_names(std::string_view seg) {
  const auto is_name_char = [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  };
  const auto skip_space = [&](std::size_t i) {
    while (i < seg.size() && std::isspace(static_cast<unsigned char>(seg[i])))
      ++i;
    return i;
  };
  std::vector<std::string> names;
  for (std::size_t i = skip_space(0); i < seg.size(); i = skip_space(i)) {
    if (!names.empty()) {
      if (seg[i] != ',' && seg[i] != '/') break;
      i = skip_space(i + 1);
    }
    std::size_t end = i + 1;
    while (end < seg.size() && is_name_char(seg[end])) ++end;
    if (i >= seg.size() || seg[i] != '`' || end == i + 1 || end >= seg.size() ||
        seg[end] != '`')
      break;
    names.emplace_back(seg.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return names;
}

// The directions docs/BENCHMARKS.md gives: a bullet's leading `name`s take the
// first arrow of their ";" segment, or none when the segment has no arrow.
std::map<std::string, std::set<std::string>> documented_directions() {
  std::ifstream in(std::string(BENCHTOOL_TEST_DATA_DIR) +
                   "/../../../docs/BENCHMARKS.md");
  // Continuation lines (two spaces or more) belong to the bullet above.
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("  ") && !lines.empty()) {
      const auto text = line.find_first_not_of(' ');
      lines.back().append(1, ' ').append(line, std::min(text, line.size()));
    } else {
      lines.push_back(line);
    }
  }
  std::map<std::string, std::set<std::string>> out;
  for (const std::string& line : lines) {
    if (!line.starts_with("- ")) continue;
    std::istringstream segments(line.substr(2));
    for (std::string seg; std::getline(segments, seg, ';');) {
      const auto up = seg.find("\u2191"), down = seg.find("\u2193");
      const std::string dir = up < down                   ? "higher"
                              : down != std::string::npos ? "lower"
                                                          : "unknown";
      for (const std::string& name : leading_names(seg)) out[name].insert(dir);
    }
  }
  return out;
}

// Every counter the suite emits (a `make smoke` run, one row per counter set)
// has a direction, or is documented as having none.
TEST(Metric, EveryCounterTheSuiteEmitsHasADirection) {
  const Results r = load_results(std::string(BENCHTOOL_TEST_DATA_DIR) +
                                 "/smoke_counters.json");
  const auto docs = documented_directions();
  std::set<std::string> counters;
  for (const Row& row : r.rows)
    for (const auto& c : row.counters) counters.insert(c.first);
  ASSERT_GT(counters.size(), 40u);
  for (const std::string& c : counters) {
    if (direction_from_name(c) != Direction::kUnknown) continue;
    const auto it = docs.find(c);
    EXPECT_TRUE(it != docs.end() &&
                it->second == std::set<std::string>{"unknown"})
        << c << " has no direction and docs/BENCHMARKS.md does not say so";
  }
}

TEST(Metric, BenchmarksMdDirectionsMatchTheVocabulary) {
  const auto docs = documented_directions();
  ASSERT_GT(docs.size(), 40u);
  for (const auto& [name, dirs] : docs) {
    if (name == "Time" || name == "CPU") continue;
    for (const std::string& d : dirs) {
      if (d == "unknown") continue;  // a description without an arrow
      EXPECT_EQ(d, to_string(direction_from_name(name))) << name;
    }
  }
}

}  // namespace
}  // namespace benchtool
