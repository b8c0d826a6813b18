#pragma once
// Runs a child process without a shell (arguments are passed as they are).

#include <string>
#include <vector>

namespace benchtool {

struct ProcessStatus {
  int exit_code = 0;  // valid when signal == 0
  int signal = 0;     // the signal that killed the child, or 0
  bool ok() const { return signal == 0 && exit_code == 0; }
  std::string describe()
      const;  // "exited with status 2", "killed by signal 9 (Killed)"
};

// Runs argv[0] (looked up in PATH when it has no '/') and waits for it. With an
// empty `log_path` the child's stdout goes to our stderr (our stdout is for the
// command's own output) and its stderr stays ours; otherwise both go to the
// file `log_path`. Throws InputError when the program cannot be started.
ProcessStatus run_process(const std::vector<std::string>& argv,
                          const std::string& log_path);

}  // namespace benchtool
