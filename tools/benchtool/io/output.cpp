#include "io/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "io/input_error.hpp"
#include "io/printable.hpp"

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
  if (path.empty() || path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file_atomic(path, content);
}

bool use_color(std::string_view mode, const std::string& output_path) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!output_path.empty() && output_path != "-") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

}  // namespace benchtool
