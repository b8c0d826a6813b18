// End-to-end: `benchtool report` and `benchtool export` as built, their files
// and exit codes (0 written, 2 bad input or usage, one line on stderr).

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class ReportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format(
               "benchtool_report_cli_{}_{}",
               ::testing::UnitTest::GetInstance()->current_test_info()->name(),
               ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "out");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `benchtool <args>` through the shell; `args` is shell text.
  Outcome benchtool(const std::string& args) {
    const auto out = dir_ / "stdout", err = dir_ / "stderr";
    const std::string command =
        fmt::format("'{}' {} > '{}' 2> '{}'", BENCHTOOL_BINARY, args,
                    out.string(), err.string());
    const int status = std::system(command.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  static std::string data(const std::string& name) {
    return fmt::format("'{}/report/{}'", BENCHTOOL_TEST_DATA_DIR, name);
  }
  std::string out(const std::string& name) const {
    return (dir_ / "out" / name).string();
  }
  std::size_t files_in_out() const {
    return static_cast<std::size_t>(std::distance(
        fs::directory_iterator(dir_ / "out"), fs::directory_iterator()));
  }

  fs::path dir_;
};

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

TEST_F(ReportCli, WritesHtmlAndMarkdown) {
  const Outcome r = benchtool(fmt::format(
      "report {} --baseline {} --history {} {} --html '{}' --markdown '{}' "
      "--charts '{}/../../../bench/charts.json'",
      data("current.json"), data("baseline.json"), data("hist_1.json"),
      data("hist_2.json"), out("report.html"), out("summary.md"),
      BENCHTOOL_TEST_DATA_DIR));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("report.html"), std::string::npos);
  const std::string html = slurp(out("report.html"));
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_NE(html.find(R"(<section id="history">)"), std::string::npos);
  EXPECT_NE(slurp(out("summary.md")).find("### Changes vs baseline"),
            std::string::npos);
  EXPECT_EQ(files_in_out(), 2u);  // no temporary file left behind
}

TEST_F(ReportCli, MarkdownEndsWithTheBudgetTable) {
  Outcome r = benchtool(fmt::format(
      "report {} --html '{}' --markdown '{}' --budgets '{}/budgets_pass.json'",
      data("current.json"), out("r.html"), out("r.md"),
      BENCHTOOL_TEST_DATA_DIR));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string md = slurp(out("r.md"));
  const auto table = md.find("## benchtool check");
  ASSERT_NE(table, std::string::npos) << md;
  EXPECT_GT(table, md.find("### Summary"));
  EXPECT_NE(md.find("**0 of 2 checks passed, 2 failed**", table),
            std::string::npos);
  // The budgets file is read first, and without --markdown too.
  r = benchtool(
      fmt::format("report '{}' --html '{}' --budgets "
                  "'{}/budgets_bad_op.json'",
                  out("missing.json"), out("b.html"), BENCHTOOL_TEST_DATA_DIR));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("budgets_bad_op.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out("b.html")));
}

TEST_F(ReportCli, BadInputIsOneLineAndExit2) {
  std::ofstream(out("truncated.json"))
      << R"({"context": {}, "benchmarks": [{"name": "BM_A",)";
  for (const std::string& args :
       {fmt::format("report '{}' --html '{}'", out("missing.json"),
                    out("r.html")),
        fmt::format("report '{}' --html '{}'", out("truncated.json"),
                    out("r.html")),
        fmt::format("report {} --baseline '{}' --html '{}'",
                    data("current.json"), out("missing.json"), out("r.html")),
        fmt::format("report {} --history {} '{}' --html '{}'",
                    data("current.json"), data("hist_1.json"),
                    out("truncated.json"), out("r.html")),
        fmt::format("report {} --threshold banana --html '{}'",
                    data("current.json"), out("r.html")),
        fmt::format("report {} --charts {} --html '{}'", data("current.json"),
                    data("current.json"), out("r.html")),
        fmt::format("export '{}' --format bmf --out '{}'", out("missing.json"),
                    out("x.json"))}) {
    const Outcome r = benchtool(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(count_lines(r.err), 1u) << r.err;
    EXPECT_TRUE(r.err.starts_with("benchtool: ")) << r.err;
    EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out("r.html")));
  EXPECT_FALSE(fs::exists(out("x.json")));
}

TEST_F(ReportCli, UsageErrorsExit2) {
  EXPECT_EQ(benchtool(fmt::format("report {}", data("current.json"))).exit_code,
            2);  // no --html
  EXPECT_EQ(benchtool(fmt::format("export {} --format csv --out '{}'",
                                  data("current.json"), out("x")))
                .exit_code,
            2);
  EXPECT_EQ(benchtool(fmt::format("export {} --out '{}'", data("current.json"),
                                  out("x")))
                .exit_code,
            2);
}

TEST_F(ReportCli, ExportBothFormats) {
  Outcome r = benchtool(fmt::format("export {} --format bmf --out '{}'",
                                    data("export_run.json"), out("bmf.json")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(out("bmf.json")),
            slurp(fmt::format("{}/report/export_expected_bmf.json",
                              BENCHTOOL_TEST_DATA_DIR)));
  // The errored benchmark is named, not dropped silently.
  EXPECT_EQ(r.err,
            "export: left out BM_ModelLoad: errored: cannot open model file\n");

  r = benchtool(fmt::format("export {} --format github --out '{}'",
                            data("export_run.json"), out("gab.json")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(slurp(out("gab-smaller.json")),
            slurp(fmt::format("{}/report/export_expected_github_smaller.json",
                              BENCHTOOL_TEST_DATA_DIR)));
  EXPECT_EQ(slurp(out("gab-bigger.json")),
            slurp(fmt::format("{}/report/export_expected_github_bigger.json",
                              BENCHTOOL_TEST_DATA_DIR)));
  EXPECT_EQ(files_in_out(), 3u);
}

}  // namespace
