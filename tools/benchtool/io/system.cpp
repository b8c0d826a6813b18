// What benchtool asks of the operating system: writing its outputs
// (output.hpp) and running benchmark binaries (process.hpp).

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "io/input_error.hpp"
#include "io/output.hpp"
#include "io/printable.hpp"
#include "io/process.hpp"

// POSIX has the program declare environ; glibc repeats it in <unistd.h> only
// under _GNU_SOURCE, and some C libraries not at all.
extern char** environ;  // NOLINT(readability-redundant-declaration)

namespace benchtool {

void write_file_atomic(const std::string& path, std::string_view content) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  const auto fail = [&](const std::string& why, bool remove_tmp = true) {
    if (remove_tmp) std::remove(tmp.c_str());
    throw InputError(fmt::format("cannot write {}: {}", printable(path), why));
  };
  std::FILE* file = std::fopen(tmp.c_str(), "wb");
  if (file == nullptr) fail(std::strerror(errno), false);
  const bool written =
      std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) fail(std::strerror(write_errno));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) fail(ec.message());
}

void emit(const std::string& path, std::string_view content) {
  if (is_stdout(path)) {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file_atomic(path, content);
}

bool use_color(std::string_view mode, const std::string& output_path) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!is_stdout(output_path)) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::string ProcessStatus::describe() const {
  if (signal != 0)
    return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  return fmt::format("exited with status {}", exit_code);
}

ProcessStatus run_process(const std::vector<std::string>& argv,
                          const std::string& log_path) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (log_path.empty()) {
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  }
  pid_t pid = 0;
  const int rc =
      posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    throw InputError(fmt::format("cannot run {}: {}", printable(argv[0]),
                                 std::strerror(rc)));

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw InputError(fmt::format("waiting for {}: {}", printable(argv[0]),
                                   std::strerror(errno)));
  }
  ProcessStatus result;
  if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace benchtool
