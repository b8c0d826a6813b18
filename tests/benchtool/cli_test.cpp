// End-to-end: the built benchtool binary, its outputs and exit codes.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kData = BENCHTOOL_TEST_DATA_DIR;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::filesystem::path scratch() {
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("benchtool_cli_" +
       std::string(
           ::testing::UnitTest::GetInstance()->current_test_info()->name()) +
       "_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `benchtool <args>` through the shell; `args` is shell text.
Outcome benchtool(const std::string& args) {
  const auto dir = scratch();
  const auto out = dir / "stdout", err = dir / "stderr";
  const std::string command = "'" + std::string(BENCHTOOL_BINARY) + "' " +
                              args + " > '" + out.string() + "' 2> '" +
                              err.string() + "'";
  const int status = std::system(command.c_str());
  Outcome r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove_all(dir);
  return r;
}

std::string data(const std::string& name) {
  return "'" + kData + "/" + name + "'";
}

bool one_line(const std::string& s) {
  return !s.empty() && s.find('\n') == s.size() - 1;
}

TEST(Cli, CompareOfAFileWithItselfExitsZero) {
  const Outcome r = benchtool("compare " + data("cli_base.json") + " " +
                              data("cli_base.json"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 regressed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["),
            std::string::npos);  // no colour when stdout is not a terminal
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, ARegressionExitsOne) {
  const Outcome r = benchtool("compare " + data("cli_base.json") + " " +
                              data("cli_regressed.json"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("1 regressed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 new"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 removed"), std::string::npos) << r.out;
}

TEST(Cli, AThresholdsFileCanAllowAChange) {
  const Outcome r = benchtool("compare " + data("cli_base.json") + " " +
                              data("cli_regressed.json") + " --thresholds " +
                              data("thresholds_loose_a.json"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const Outcome tight =
      benchtool("compare " + data("cli_base.json") + " " +
                data("cli_regressed.json") + " --threshold 25%");
  EXPECT_EQ(tight.exit_code, 0) << tight.out;
}

TEST(Cli, ContextMismatchWarnsAndExitsThreeWhenStrict) {
  const Outcome lax = benchtool("compare " + data("cli_base.json") + " " +
                                data("cli_context.json"));
  EXPECT_EQ(lax.exit_code, 0);
  EXPECT_NE(lax.out.find("warning: context differs: num_cpus: 2 -> 4"),
            std::string::npos)
      << lax.out;
  const Outcome strict =
      benchtool("compare --strict-context " + data("cli_base.json") + " " +
                data("cli_context.json"));
  EXPECT_EQ(strict.exit_code, 3);
  const Outcome json =
      benchtool("compare --format json " + data("cli_base.json") + " " +
                data("cli_context.json"));
  EXPECT_NE(json.err.find("warning: context differs: compiler"),
            std::string::npos)
      << json.err;
}

TEST(Cli, ErroredBenchmarksFailOnlyWhenAsked) {
  const std::string files =
      data("cli_base.json") + " " + data("cli_errored.json");
  const Outcome r = benchtool("compare " + files);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("errored in NEW: quote service unavailable"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(benchtool("compare --fail-on errored " + files).exit_code, 1);
  EXPECT_EQ(benchtool("compare --fail-on slower " + files).exit_code, 2);
}

TEST(Cli, JsonOutputFollowsTheSchema) {
  const Outcome r = benchtool("compare --format json " + data("cli_base.json") +
                              " " + data("cli_regressed.json"));
  ASSERT_EQ(r.exit_code, 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema_version"], 1);
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["summary"]["regressed"], 1);
  const auto& first = j["comparisons"][0];
  EXPECT_EQ(first["name"], "BM_A");
  EXPECT_EQ(first["metric"], "real_time");
  EXPECT_EQ(first["verdict"], "regressed");
  EXPECT_EQ(first["base"]["n"], 9);
  EXPECT_TRUE(first["p_value"].is_number());
  EXPECT_TRUE(first["change"].is_number());
  EXPECT_FALSE(first["reason"].get<std::string>().empty());
  EXPECT_EQ(j["geometric_means"][0]["metric"], "real_time");
}

TEST(Cli, MarkdownOutputAndOutputFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("benchtool_cli_markdown_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "report.md";
  const Outcome r =
      benchtool("compare --format markdown -o '" + file.string() + "' " +
                data("cli_base.json") + " " + data("cli_regressed.json"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  const std::string md = slurp(file);
  EXPECT_NE(md.find("**1 regressed**"), std::string::npos) << md;
  EXPECT_NE(md.find("| Benchmark | Metric |"), std::string::npos) << md;
  std::size_t leftovers = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    leftovers += entry.path() != file;
  EXPECT_EQ(leftovers, 0u);  // no temporary file left behind
  std::filesystem::remove_all(dir);
}

TEST(Cli, BadInputExitsTwoWithOneLineNamingTheProblem) {
  for (const char* file :
       {"malformed_truncated.json", "malformed_not_json.txt",
        "malformed_no_benchmarks.json", "malformed_empty_array.json",
        "malformed_duplicate.json", "malformed_time_string.json",
        "malformed_wrong_type.json", "does_not_exist.json"}) {
    const Outcome r =
        benchtool("compare " + data("cli_base.json") + " " + data(file));
    EXPECT_EQ(r.exit_code, 2) << file;
    EXPECT_TRUE(one_line(r.err)) << file << ": " << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << file;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  const std::string files = data("cli_base.json") + " " + data("cli_base.json");
  for (const std::string& args : std::vector<std::string>{
           "", "compare", "compare " + data("cli_base.json"),
           "compare --bogus " + files, "compare --threshold five " + files,
           "compare --alpha 2 " + files, "compare --format html " + files,
           "compare --metric hit_rat " + files,
           "compare --direction hit_rate=up " + files, "frobnicate"}) {
    const Outcome r = benchtool(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_TRUE(one_line(r.err)) << args << ": " << r.err;
  }
  EXPECT_EQ(benchtool("--help").exit_code, 0);
  EXPECT_EQ(benchtool("compare --help").exit_code, 0);
  EXPECT_EQ(benchtool("--version").exit_code, 0);
}

TEST(Cli, CheckPassesFailsAndRejects) {
  const Outcome pass = benchtool("check " + data("cli_base.json") +
                                 " --budgets " + data("budgets_pass.json"));
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("2 of 2 checks passed"), std::string::npos)
      << pass.out;
  const Outcome fail = benchtool("check " + data("cli_base.json") +
                                 " --budgets " + data("budgets_fail.json"));
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_NE(fail.out.find("matched nothing"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find("FAIL"), std::string::npos) << fail.out;
  const Outcome bad = benchtool("check " + data("cli_base.json") +
                                " --budgets " + data("budgets_bad_op.json"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
  EXPECT_EQ(benchtool("check " + data("cli_base.json")).exit_code,
            2);  // --budgets is required
  EXPECT_EQ(benchtool("check " + data("malformed_truncated.json") +
                      " --budgets " + data("budgets_pass.json"))
                .exit_code,
            2);
  const Outcome json =
      benchtool("check --format json " + data("cli_base.json") + " --budgets " +
                data("budgets_fail.json"));
  EXPECT_EQ(nlohmann::json::parse(json.out)["failed"], 2);
}

TEST(Cli, AbOfTheSameBinaryPassesAndASlowerOneFails) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("benchtool_cli_ab_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string fake = data("fake_bench.sh");
  const std::string out = " --out-dir '" + dir.string() + "'";
  const Outcome same = benchtool("ab --base " + fake + " --new " + fake +
                                 " --rounds 2 --repetitions 3" + out);
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "base.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "new.json"));
  // The merged files are results benchtool (and compare.py) can read again.
  EXPECT_EQ(benchtool("compare '" + (dir / "base.json").string() + "' '" +
                      (dir / "new.json").string() + "'")
                .exit_code,
            0);

  const auto slow = dir / "slow.sh";
  std::ofstream(slow) << "#!/bin/sh\nexec " << fake
                      << " --fake_scale=1.1 \"$@\"\n";
  std::filesystem::permissions(slow, std::filesystem::perms::owner_all);
  // One value per run: 6 runs a side reach the Holm-adjusted level.
  const Outcome slower =
      benchtool("ab --base " + fake + " --new '" + slow.string() +
                "' --rounds 6" + out + " --format json");
  EXPECT_EQ(slower.exit_code, 1) << slower.err;
  const auto doc = nlohmann::json::parse(slower.out);
  EXPECT_EQ(doc["summary"]["regressed"], 1);
  EXPECT_EQ(doc["comparisons"][1]["unit"], "runs");
  EXPECT_NEAR(doc["comparisons"][1]["estimate"].get<double>(), 0.1, 1e-9);
  // Two rounds cannot show it: inconclusive, saying why, never unchanged.
  const Outcome few = benchtool("ab --base " + fake + " --new '" +
                                slow.string() + "' --rounds 2" + out);
  EXPECT_EQ(few.exit_code, 0) << few.err;
  EXPECT_NE(few.out.find("no change is detectable with 2 runs per side"),
            std::string::npos)
      << few.out;

  // --budget: rounds planned from the rounds' durations, at least 6.
  const Outcome budget =
      benchtool("ab --base " + fake + " --new " + fake + " --budget 1s" + out);
  EXPECT_EQ(budget.exit_code, 0) << budget.err;
  EXPECT_NE(budget.err.find("rounds for the 1 s budget"), std::string::npos)
      << budget.err;
  EXPECT_NE(budget.err.find("round 6/"), std::string::npos) << budget.err;
  const Outcome bad_budget = benchtool("ab --base " + fake + " --new " + fake +
                                       " --budget soon" + out);
  EXPECT_EQ(bad_budget.exit_code, 2);
  EXPECT_TRUE(one_line(bad_budget.err)) << bad_budget.err;

  // calibrate: A/A runs; its thresholds file is what compare --thresholds
  // reads.
  const std::string thresholds = (dir / "thresholds.json").string();
  const Outcome calibrate =
      benchtool("calibrate " + fake + " --rounds 3" + out +
                " --write-thresholds '" + thresholds + "'");
  EXPECT_EQ(calibrate.exit_code, 0) << calibrate.err;
  EXPECT_NE(calibrate.out.find("BM_Scaled"), std::string::npos)
      << calibrate.out;
  EXPECT_EQ(benchtool("compare '" + (dir / "base.json").string() + "' '" +
                      (dir / "new.json").string() + "' --thresholds '" +
                      thresholds + "'")
                .exit_code,
            0);

  const Outcome flags = benchtool("ab --base " + fake + " --new " + fake + out +
                                  " -- --benchmark_out=x.json");
  EXPECT_EQ(flags.exit_code, 2);
  EXPECT_TRUE(one_line(flags.err)) << flags.err;
  std::filesystem::remove_all(dir);
}

}  // namespace
