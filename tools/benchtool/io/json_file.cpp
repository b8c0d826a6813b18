#include "io/json_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

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

// Google Benchmark writes non-finite doubles as the bare tokens NaN, -NaN,
// Infinity and -Infinity, which are not JSON. Before parsing, each one outside
// a string becomes a string holding a sentinel that no JSON text produces by
// accident (a NUL, which JSON can only spell as an escape, then the token, -NaN
// as NaN); the parse turns the sentinel into the value.
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::pair<std::string_view, double> kNonFinite[] = {
    {"NaN", kNaN}, {"-NaN", kNaN}, {"Infinity", kInf}, {"-Infinity", -kInf}};

std::optional<double> sentinel_value(std::string_view s) {
  if (!s.starts_with('\0')) return std::nullopt;
  for (const auto& [token, value] : kNonFinite) {
    if (token != "-NaN" && s.substr(1) == token) return value;
  }
  return std::nullopt;
}

// One token replaced by the pre-pass: where its string is, and how much longer
// than the token it is.
struct Edit {
  std::size_t to, to_len, growth;
};

// Fills `out` with `text`, its tokens replaced, when it holds any (else `out`
// stays empty); returns the replacements.
std::vector<Edit> rewrite_nonfinite(std::string_view text, std::string& out) {
  std::vector<Edit> edits;
  std::size_t copied = 0;  // bytes of `text` already in `out`
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {  // skip the string, its escaped quotes included
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      continue;
    }
    for (const auto& [token, value] : kNonFinite) {
      if (text.substr(i, token.size()) != token) continue;
      const std::string quoted = fmt::format(
          "\"\\u0000{}\"", token == "-NaN" ? token.substr(1) : token);
      out.append(text.substr(copied, i - copied));
      edits.push_back(
          {out.size(), quoted.size(), quoted.size() - token.size()});
      out += quoted;
      copied = i + token.size();
      i = copied - 1;
      break;
    }
  }
  if (!edits.empty()) out.append(text.substr(copied));
  return edits;
}

// A byte offset in the rewritten text as an offset in the original one.
std::size_t original_offset(std::size_t offset,
                            const std::vector<Edit>& edits) {
  std::size_t original = offset;
  for (const Edit& e : edits) {
    if (offset < e.to) break;
    if (offset < e.to + e.to_len) return original - (offset - e.to);
    original -= e.growth;
  }
  return original;
}

// The DOM builder: sentinels become numbers, a sentinel used as a key is
// noted, and the position and message of the first error are kept (syntax
// errors, and numbers out of range, which nlohmann reports without a position
// when it throws).
struct DomBuilder
    : nlohmann::detail::json_sax_dom_parser<nlohmann::ordered_json> {
  using json_sax_dom_parser::json_sax_dom_parser;
  bool sentinel_key = false;
  std::size_t byte = 0;
  std::string message;
  bool string(std::string& s) {
    if (const auto v = sentinel_value(s)) return number_float(*v, s);
    return json_sax_dom_parser::string(s);
  }
  bool key(std::string& k) {
    sentinel_key = sentinel_key || sentinel_value(k);
    return json_sax_dom_parser::key(k);
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*token*/,
                   const Exception& ex) {
    byte = position;
    message = ex.what();
    return false;
  }
};

// "not valid JSON at line L, column C: ...", the position in the original
// text (before the non-finite rewrite).
std::string parse_problem(const DomBuilder& dom, const std::vector<Edit>& edits,
                          std::string_view original) {
  std::string_view what = dom.message;
  if (const auto col = what.find("column "); col != std::string_view::npos) {
    if (const auto colon = what.find(": ", col);
        colon != std::string_view::npos)
      what.remove_prefix(colon + 2);
  } else if (const auto close = what.find("] ");
             close != std::string_view::npos) {
    what.remove_prefix(close + 2);  // "[json.exception.out_of_range.406] "
  }
  const std::size_t offset = std::min(
      original_offset(dom.byte > 0 ? dom.byte - 1 : 0, edits), original.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (original[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return fmt::format("not valid JSON at line {}, column {}: {}", line,
                     offset - line_start + 1, printable(what, 200));
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

BenchmarkJson parse_benchmark_json(std::string_view text) {
  BenchmarkJson out;
  std::string rewritten;
  const std::vector<Edit> edits = rewrite_nonfinite(text, rewritten);
  const std::string_view input = edits.empty() ? text : rewritten;
  DomBuilder dom(out.doc, /*allow_exceptions=*/false);
  if (!nlohmann::ordered_json::sax_parse(input.begin(), input.end(), &dom))
    out.error = parse_problem(dom, edits, text);
  out.nonfinite_key = dom.sentinel_key;
  return out;
}

}  // namespace benchtool
