#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "io/results.hpp"
#include "io/results_writer.hpp"
#include "results_builder.hpp"

namespace benchtool {
namespace {

const std::string kData = BENCHTOOL_TEST_DATA_DIR;

// The message of the ResultsError that parsing `text` throws, or "" if it
// loads.
std::string load_error(const std::string& text) {
  try {
    parse_results(text, "bad.json");
  } catch (const ResultsError& e) {
    return e.what();
  }
  return "";
}

std::string file_error(const std::string& name) {
  try {
    load_results(kData + "/" + name);
  } catch (const ResultsError& e) {
    return e.what();
  }
  return "";
}

TEST(ResultsLoader, ReadsGoogleBenchmark171Output) {
  const Results r = load_results(kData + "/gb171_full.json");
  EXPECT_EQ(r.context.num_cpus, 2);
  EXPECT_EQ(r.context.mhz_per_cpu, 2596);
  EXPECT_EQ(r.context.cpu_scaling_enabled, false);
  ASSERT_EQ(r.context.caches.size(), 2u);
  EXPECT_EQ(r.context.caches[1].size, 33554432);
  EXPECT_EQ(r.context.load_avg.size(), 3u);
  EXPECT_EQ(r.context.library_build_type, "debug");
  EXPECT_EQ(r.context.date, "2026-11-26T21:42:04+00:00");
  EXPECT_EQ(r.context.custom_value("git_sha"), "372d288");
  EXPECT_EQ(r.context.custom_value("build_type"), "Release");
  EXPECT_EQ(r.context.custom_value("cxx_flags"), "-O3 -DNDEBUG -march=native");
  EXPECT_EQ(r.context.custom_value("json_schema_version"), "1");
  EXPECT_EQ(r.context.custom_value("future_nested"), "{...}");

  ASSERT_EQ(r.rows.size(), 11u);
  const Benchmark* cache = r.find("BM_Cache/threads:2");
  ASSERT_NE(cache, nullptr);
  ASSERT_EQ(cache->samples.size(), 3u);
  EXPECT_EQ(cache->aggregates.size(), 2u);
  const Row& first = r.rows[cache->samples[0]];
  EXPECT_EQ(first.threads, 2);
  EXPECT_EQ(first.iterations, 25875);
  EXPECT_EQ(first.label, "zipf s=0.99");
  EXPECT_DOUBLE_EQ(first.real_time, 5.6379478260586382e+01);
  EXPECT_DOUBLE_EQ(*first.counter("hit_rate"), 0.9);
  EXPECT_FALSE(first.counter("unknown_text"));  // strings are not counters
  EXPECT_FALSE(
      first.counter("family_index"));  // structural fields are not counters
  const Row* cv = find_aggregate(r, *cache, "cv");
  ASSERT_NE(cv, nullptr);
  EXPECT_EQ(cv->aggregate_unit, "percentage");
  EXPECT_DOUBLE_EQ(cv->real_time,
                   3.2961962025131416e-02);  // a ratio: not scaled
}

TEST(ResultsLoader, AcceptsBareNonFiniteTokens) {
  const Results r = load_results(kData + "/gb171_full.json");
  const Benchmark& cache = *r.find("BM_Cache/threads:2");
  const Row& row0 = r.rows[cache.samples[0]];
  const Row& row1 = r.rows[cache.samples[1]];
  EXPECT_TRUE(std::isnan(*row0.counter("ratio")));
  EXPECT_TRUE(std::isnan(*row1.counter("ratio")));  // -NaN
  EXPECT_EQ(*row0.counter("peak"), INFINITY);
  EXPECT_EQ(*row0.counter("trough"), -INFINITY);
  const auto ratios = benchmark_samples(r, cache, "ratio").values;
  ASSERT_EQ(ratios.size(), 3u);
  EXPECT_EQ(ratios[2], 0.5);
}

TEST(ResultsLoader, NormalisesTimesToNanoseconds) {
  const Results r = load_results(kData + "/gb171_full.json");
  const Row& slow = r.rows[r.find("BM_Slow/stocks:100")->samples[0]];
  EXPECT_EQ(slow.time_unit, "ms");
  EXPECT_DOUBLE_EQ(slow.real_time, 12.5e6);
  EXPECT_DOUBLE_EQ(slow.cpu_time, 12e6);
  const Row& us = r.rows[r.find("BM_Complexity/8")->samples[0]];
  EXPECT_DOUBLE_EQ(us.real_time, 8000);
  const Row* big_o = find_aggregate(r, *r.find("BM_Complexity"), "BigO");
  ASSERT_NE(big_o, nullptr);
  EXPECT_EQ(big_o->big_o, "N");
  EXPECT_DOUBLE_EQ(big_o->real_coefficient, 1500);
  EXPECT_DOUBLE_EQ(find_aggregate(r, *r.find("BM_Complexity"), "RMS")->rms,
                   0.025);
}

TEST(ResultsLoader, KeepsErroredAndSkippedRowsOutOfTheSamples) {
  const Results r = load_results(kData + "/gb171_full.json");
  const Benchmark& failing = *r.find("BM_Failing");
  ASSERT_NE(first_errored_sample(r, failing), nullptr);
  EXPECT_EQ(first_errored_sample(r, failing)->error_message,
            "quote service unavailable");
  EXPECT_TRUE(benchmark_samples(r, failing, "real_time").values.empty());
  const Benchmark& skipped = *r.find("BM_Skipped");
  ASSERT_NE(first_skipped_sample(r, skipped), nullptr);
  EXPECT_TRUE(benchmark_samples(r, skipped, "real_time").values.empty());
  EXPECT_TRUE(
      std::isnan(r.rows[skipped.samples[0]].real_time));  // absent, not 0
}

TEST(ResultsLoader, GroupsRepetitionsByRunNameInFileOrder) {
  const Results r = parse_results(R"({"benchmarks": [
    {"name": "B", "repetition_index": 0, "real_time": 3, "cpu_time": 3},
    {"name": "A", "repetition_index": 0, "real_time": 1, "cpu_time": 1},
    {"name": "B", "repetition_index": 1, "real_time": 4, "cpu_time": 4},
    {"name": "A_median", "run_type": "aggregate", "aggregate_name": "median", "real_time": 1, "cpu_time": 1}]})",
                                  "x.json");
  ASSERT_EQ(r.benchmarks.size(), 2u);
  EXPECT_EQ(r.benchmarks[0].name, "B");
  EXPECT_EQ(benchmark_samples(r, r.benchmarks[0], "real_time").values,
            (std::vector<double>{3, 4}));
  EXPECT_EQ(r.benchmarks[1].aggregates.size(),
            1u);  // run_name derived from the aggregate suffix
}

TEST(ResultsLoader, ToleratesMissingOptionalFieldsAndUnknownKeys) {
  const Results r = parse_results(
      R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 2, "x": {"y": [1, {"z": null}]}, "s": true}],
          "other": [1, 2, 3], "context": {"num_cpus": 8, "new_key": 3.5}})",
      "x.json");
  EXPECT_EQ(r.rows[0].run_name, "A");
  EXPECT_EQ(r.rows[0].threads, 1);
  EXPECT_TRUE(r.rows[0].counters.empty());
  EXPECT_EQ(r.context.custom_value("new_key"), "3.5");
}

TEST(ResultsLoader, RejectsATruncatedFile) {
  const std::string e = file_error("malformed_truncated.json");
  EXPECT_NE(e.find("malformed_truncated.json: not valid JSON at line"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("line 274"), std::string::npos) << e;
}

TEST(ResultsLoader, RejectsTextThatIsNotJson) {
  EXPECT_NE(file_error("malformed_not_json.txt")
                .find("not valid JSON at line 1, column 1"),
            std::string::npos)
      << file_error("malformed_not_json.txt");
  EXPECT_NE(load_error("").find("bad.json: empty file"), std::string::npos);
  EXPECT_NE(load_error("  \n").find("empty file"), std::string::npos);
}

// A number too large for a double is bad input with its position, not a
// crash (found by fuzz/results_loader_fuzz.cpp).
TEST(ResultsLoader, RejectsANumberOutOfRange) {
  const std::string e = load_error(
      R"({"benchmarks": [{"name": "A", "real_time": 1e999999, "cpu_time": 1}]})");
  EXPECT_NE(e.find("not valid JSON at line 1, column "), std::string::npos)
      << e;
  EXPECT_NE(e.find("number overflow"), std::string::npos) << e;
}

TEST(ResultsLoader, ReportsErrorPositionsInTheOriginalText) {
  // The NaN before the error is rewritten into a longer string; the reported
  // position must be the one in the file, the same as with a 3-character number
  // in its place.
  const std::string with_nan =
      load_error("{\"context\": {\"a\": NaN, \"b\": Nope}}");
  const std::string with_number =
      load_error("{\"context\": {\"a\": 1.0, \"b\": Nope}}");
  EXPECT_NE(with_nan.find("line 1, column 29"), std::string::npos) << with_nan;
  EXPECT_EQ(with_nan, with_number);
  const std::string second_line =
      load_error("{\"context\": {\"a\": -Infinity,\n \"b\": Nope}}");
  EXPECT_NE(second_line.find("line 2, column 7"), std::string::npos)
      << second_line;
}

TEST(ResultsLoader, RejectsAMissingOrMistypedBenchmarksArray) {
  EXPECT_NE(file_error("malformed_no_benchmarks.json")
                .find(": no \"benchmarks\" array"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"benchmarks": {}})")
                .find("\"benchmarks\" is an object, expected an array"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"benchmarks": 3})")
                .find("\"benchmarks\" is a number, expected an array"),
            std::string::npos);
  EXPECT_NE(load_error(R"([1, 2])").find("top level is an array"),
            std::string::npos);
  EXPECT_NE(load_error(R"("x")").find("top level is not a JSON object"),
            std::string::npos);
}

TEST(ResultsLoader, RejectsAnEmptyBenchmarksArray) {
  EXPECT_NE(file_error("malformed_empty_array.json")
                .find("the \"benchmarks\" array is empty"),
            std::string::npos);
}

TEST(ResultsLoader, RejectsWrongTypes) {
  EXPECT_EQ(file_error("malformed_wrong_type.json"),
            kData +
                "/malformed_wrong_type.json: benchmarks[0] (BM_A): iterations "
                "is a string, expected an integer");
  EXPECT_NE(load_error(R"({"benchmarks": [{"name": 5}]})")
                .find("benchmarks[0]: name is a number, expected a string"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"benchmarks": [[1]]})")
                .find("benchmarks[0] is an array, expected an object"),
            std::string::npos);
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1, "error_occurred": "yes"}]})")
          .find("error_occurred is a string, expected a boolean"),
      std::string::npos);
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1, "threads": 0}]})")
          .find("threads is 0, expected at least 1"),
      std::string::npos);
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1, "time_unit": "h"}]})")
          .find("time_unit is 'h', expected ns, us, ms or s"),
      std::string::npos);
  EXPECT_NE(load_error(R"({"context": [], "benchmarks": []})")
                .find("\"context\" is an array, expected an object"),
            std::string::npos);
  EXPECT_NE(load_error(R"({"context": {"num_cpus": "two"}, "benchmarks": []})")
                .find("context.num_cpus is a string, expected an integer"),
            std::string::npos);
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1, "run_type": "warmup"}]})")
          .find("run_type is 'warmup'"),
      std::string::npos);
}

TEST(ResultsLoader, RejectsNonNumericTimes) {
  EXPECT_EQ(file_error("malformed_time_string.json"),
            kData +
                "/malformed_time_string.json: benchmarks[1] (BM_A): real_time "
                "is a string, expected a number");
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": true}]})")
          .find("cpu_time is a boolean, expected a number"),
      std::string::npos);
  EXPECT_NE(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": [1], "cpu_time": 1}]})")
          .find("real_time is an array"),
      std::string::npos);
  EXPECT_NE(load_error(R"({"benchmarks": [{"name": "A", "cpu_time": 1}]})")
                .find("(A): no \"real_time\""),
            std::string::npos);
}

// Google Benchmark names a complexity fit after the family name; families
// that share a name (one fit per batch size) write rows of the same name that
// differ in family_index. Those are distinct fits, not duplicates.
TEST(ResultsLoader, KeepsOneComplexityFitPerFamily) {
  const std::string text = R"({"benchmarks": [
    {"name": "BM_Q/stocks:10/batch:1", "run_name": "BM_Q/stocks:10/batch:1", "run_type": "iteration", "family_index": 0, "real_time": 10, "cpu_time": 10},
    {"name": "BM_Q_BigO", "run_name": "BM_Q", "run_type": "aggregate", "aggregate_name": "BigO", "family_index": 0, "big_o": "N", "real_coefficient": 1, "cpu_coefficient": 1, "real_time": 1, "cpu_time": 1},
    {"name": "BM_Q_RMS", "run_name": "BM_Q", "run_type": "aggregate", "aggregate_name": "RMS", "family_index": 0, "rms": 0.01, "real_time": 0, "cpu_time": 0},
    {"name": "BM_Q/stocks:10/batch:10", "run_name": "BM_Q/stocks:10/batch:10", "run_type": "iteration", "family_index": 1, "real_time": 5, "cpu_time": 5},
    {"name": "BM_Q_BigO", "run_name": "BM_Q", "run_type": "aggregate", "aggregate_name": "BigO", "family_index": 1, "big_o": "N", "real_coefficient": 0.5, "cpu_coefficient": 0.5, "real_time": 0.5, "cpu_time": 0.5},
    {"name": "BM_Q_RMS", "run_name": "BM_Q", "run_type": "aggregate", "aggregate_name": "RMS", "family_index": 1, "rms": 0.02, "real_time": 0, "cpu_time": 0}]})";
  EXPECT_EQ(load_error(text), "");
  const Results r = parse_results(text, "fits.json");
  ASSERT_NE(r.find("BM_Q"), nullptr);
  EXPECT_EQ(r.find("BM_Q")->aggregates.size(), 4u);
  // The same fit twice in one family is still a duplicate.
  std::string twice = text;
  twice.replace(twice.rfind("\"family_index\": 1"), 17, "\"family_index\": 0");
  EXPECT_NE(load_error(twice).find("duplicate aggregate row 'BM_Q_RMS'"),
            std::string::npos)
      << load_error(twice);
}

TEST(ResultsLoader, RejectsDuplicateNamesWithinARepetition) {
  EXPECT_NE(
      file_error("malformed_duplicate.json")
          .find("benchmarks[2]: duplicate benchmark 'BM_A' in repetition 0"),
      std::string::npos)
      << file_error("malformed_duplicate.json");
  EXPECT_NE(load_error(
                R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1},
                                          {"name": "A", "real_time": 2, "cpu_time": 2}]})")
                .find("duplicate benchmark 'A'"),
            std::string::npos);
  // The same name in different repetitions is what repetitions are.
  EXPECT_EQ(
      load_error(
          R"({"benchmarks": [{"name": "A", "real_time": 1, "cpu_time": 1, "repetition_index": 0},
                                          {"name": "A", "real_time": 2, "cpu_time": 2, "repetition_index": 1}]})"),
      "");
}

TEST(ResultsLoader, NamesAnUnreadableFile) {
  EXPECT_NE(file_error("does_not_exist.json")
                .find("does_not_exist.json: cannot open"),
            std::string::npos);
}

TEST(ResultsLoader, ErrorMessagesAreOneLine) {
  const std::string e = load_error(
      "{\"benchmarks\": [{\"name\": \"a\nb\", \"real_time\": \"x\", "
      "\"cpu_time\": 1}]}");
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(ResultsWriter, RoundTripsThroughTheLoader) {
  const Results original = load_results(kData + "/gb171_full.json");
  const Results again =
      parse_results(results_to_json_text(original), "again.json");
  ASSERT_EQ(again.rows.size(), original.rows.size());
  for (std::size_t i = 0; i < original.rows.size(); ++i) {
    const Row& a = original.rows[i];
    const Row& b = again.rows[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.run_name, b.run_name);
    EXPECT_EQ(a.run_type, b.run_type);
    EXPECT_EQ(a.repetition_index, b.repetition_index);
    EXPECT_EQ(a.error_occurred, b.error_occurred);
    if (!std::isnan(a.real_time)) {
      EXPECT_DOUBLE_EQ(a.real_time, b.real_time) << a.name;
    }
    EXPECT_EQ(a.counters.size(), b.counters.size()) << a.name;
  }
  EXPECT_EQ(again.context.custom_value("git_sha"), "372d288");
}

// benchtool_run (written by ab and calibrate) is the run a row came from, not a
// counter, and survives a write and a load.
TEST(ResultsWriter, KeepsTheRunIdOfEachRow) {
  testing::Bench bench{"BM_A", {1, 2, 3}};
  bench.runs = {0, 0, 4};
  const Results original = testing::results({bench});
  EXPECT_EQ(original.rows[2].run, 4);
  EXPECT_TRUE(original.rows[2].counters.empty());
  const Results again =
      parse_results(results_to_json_text(original), "again.json");
  EXPECT_EQ(benchmark_samples(again, again.benchmarks[0], "real_time").runs,
            (std::vector<std::int64_t>{0, 0, 4}));
  const Results plain = testing::results({{"BM_A", {1, 2}}});
  EXPECT_EQ(plain.rows[0].run, -1);
  EXPECT_EQ(results_to_json_text(plain).find("benchtool_run"),
            std::string::npos);
}

}  // namespace
}  // namespace benchtool
