#pragma once
// Aligned plain-text tables (with optional ANSI colour per cell) and Markdown
// tables.

#include <string>
#include <string_view>
#include <vector>

namespace benchtool {

enum class Align { kLeft, kRight };

struct Cell {
  std::string text;
  std::string_view color;  // an ANSI SGR sequence such as "\x1b[31m", or empty
};

struct Table {
  std::vector<std::string> headers;
  std::vector<Align> align;  // one per column; missing columns are left-aligned
  std::vector<std::vector<Cell>> rows;
};

inline constexpr std::string_view kBoldRed = "\x1b[1;31m";
inline constexpr std::string_view kGreen = "\x1b[32m";
inline constexpr std::string_view kYellow = "\x1b[33m";
inline constexpr std::string_view kMagenta = "\x1b[35m";
inline constexpr std::string_view kCyan = "\x1b[36m";
inline constexpr std::string_view kReset = "\x1b[0m";

// Columns padded to their widest cell, two spaces apart; colour only when
// `color` is true (escape codes wrap the padded text, so alignment does not
// depend on them).
std::string render_text(const Table& table, bool color);
// A GitHub-flavoured Markdown table; '|' in cells is escaped.
std::string render_markdown(const Table& table);

}  // namespace benchtool
