// End-to-end: every benchtool command given a directory, a FIFO or an
// unreadable path where a file is expected prints one line naming the path and
// the problem and exits 2 (no crash, no hang, nothing written).

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string err;
};

class CliInputs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format(
               "benchtool_cli_inputs_{}_{}",
               ::testing::UnitTest::GetInstance()->current_test_info()->name(),
               ::getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "a_directory");
    ASSERT_EQ(::mkfifo((dir_ / "a_fifo").c_str(), 0600), 0);
    fs::create_symlink(dir_ / "nowhere.json", dir_ / "dangling.json");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `benchtool <args>`; `timeout` turns a hang (opening a FIFO without a
  // writer) into a failure instead of a stuck test.
  Outcome benchtool(const std::string& args) {
    const auto err = dir_ / "stderr";
    const std::string command =
        fmt::format("timeout 20 '{}' {} > /dev/null 2> '{}'", BENCHTOOL_BINARY,
                    args, err.string());
    const int status = std::system(command.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err);
    std::stringstream s;
    s << in.rdbuf();
    r.err = s.str();
    return r;
  }

  std::string path(const std::string& name) const {
    return (dir_ / name).string();
  }

  // Each command with `bad` in each file position: exit 2, one line naming
  // `bad` and containing `problem`.
  void expect_rejected(const std::string& bad, const std::string& problem) {
    const std::string good =
        fmt::format("'{}/cli_base.json'", BENCHTOOL_TEST_DATA_DIR);
    const std::string budgets =
        fmt::format("'{}/budgets_pass.json'", BENCHTOOL_TEST_DATA_DIR);
    const std::string html = path("out.html");
    const std::string q = "'" + bad + "'";
    for (const std::string& args : std::vector<std::string>{
             "compare " + q + " " + good,
             "compare " + good + " " + q,
             "compare " + good + " " + good + " --thresholds " + q,
             "check " + q + " --budgets " + budgets,
             "check " + good + " --budgets " + q,
             "report " + q + " --html '" + html + "'",
             "report " + good + " --baseline " + q + " --html '" + html + "'",
             "report " + good + " --history " + q + " --html '" + html + "'",
             "report " + good + " --budgets " + q + " --html '" + html + "'",
             "export " + q + " --format bmf --out '" + html + "'",
             "export " + q + " --format github --out '" + html + "'",
         }) {
      const Outcome r = benchtool(args);
      EXPECT_EQ(r.exit_code, 2) << args;
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_NE(r.err.find(bad), std::string::npos) << args << ": " << r.err;
      EXPECT_NE(r.err.find(problem), std::string::npos)
          << args << ": " << r.err;
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
      EXPECT_FALSE(fs::exists(html)) << args;
    }
  }

  fs::path dir_;
};

TEST_F(CliInputs, ADirectory) {
  expect_rejected(path("a_directory"),
                  "is a directory, expected a regular file");
}

TEST_F(CliInputs, AFifo) {
  expect_rejected(path("a_fifo"), "is a FIFO, expected a regular file");
}

TEST_F(CliInputs, ADanglingSymlink) {
  expect_rejected(path("dangling.json"), "cannot open: No such file");
}

TEST_F(CliInputs, AnUnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const std::string file = path("unreadable.json");
  fs::copy_file(fmt::format("{}/cli_base.json", BENCHTOOL_TEST_DATA_DIR), file);
  fs::permissions(file, fs::perms::none);
  expect_rejected(file, "cannot open: Permission denied");
}

}  // namespace
