#include "io/json_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "io/input_error.hpp"
#include "io/printable.hpp"

namespace benchtool {

namespace {

// What a path is when it is not a regular file, for "<path>: is a directory,
// expected a regular file".
std::string_view file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// Only regular files are read: a directory would "open" and fail later, and
// opening a FIFO without a writer would block forever.
void require_regular_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(fmt::format("{}: cannot open: {}", printable(path),
                                 std::strerror(errno)));
  if (!S_ISREG(info.st_mode))
    throw InputError(fmt::format("{}: is {}, expected a regular file",
                                 printable(path), file_kind(info.st_mode)));
}

}  // namespace

std::string read_text_file(const std::string& path) {
  require_regular_file(path);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file)
    throw InputError(fmt::format("{}: cannot open: {}", printable(path),
                                 std::strerror(errno)));
  std::string text;
  // One allocation; the loop below still reads a file that grows meanwhile.
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    if (const long size = std::ftell(file.get()); size > 0)
      text.reserve(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  char buffer[1 << 16];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0)
    text.append(buffer, n);
  if (std::ferror(file.get())) {
    throw InputError(fmt::format("{}: cannot read: {}", printable(path),
                                 std::strerror(errno)));
  }
  return text;
}

nlohmann::json read_json_file(const std::string& path) {
  const std::string text = read_text_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // "[json.exception.parse_error.101] parse error at line 2, column 3: ..."
    // -> "line 2, ..."
    std::string_view what = e.what();
    if (const auto at = what.find(" at line "); at != std::string_view::npos)
      what.remove_prefix(at + 4);
    throw InputError(fmt::format("{}: not valid JSON at {}", printable(path),
                                 printable(what, 200)));
  }
}

std::string_view json_type_phrase(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::binary:
      return "binary data";
    case nlohmann::json::value_t::discarded:
      return "a discarded value";
    default:
      return "a number";
  }
}

}  // namespace benchtool
