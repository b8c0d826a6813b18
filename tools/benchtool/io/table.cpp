#include "io/table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace benchtool {
namespace {

// Display width of UTF-8 text: one column per code point (the tables hold no
// wide characters).
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string escape_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string render_text(const Table& table, bool color) {
  const std::size_t columns = table.headers.size();
  std::vector<std::vector<Cell>> lines(1);  // the headers, then the rows
  for (const std::string& header : table.headers)
    lines[0].push_back({header, {}});
  lines.insert(lines.end(), table.rows.begin(), table.rows.end());
  std::vector<std::size_t> widths(columns, 0);
  for (auto& cells : lines) {
    cells.resize(columns);
    for (std::size_t c = 0; c < columns; ++c)
      widths[c] = std::max(widths[c], width(cells[c].text));
  }
  std::string out;
  for (const auto& cells : lines) {
    std::string line;
    for (std::size_t c = 0; c < columns; ++c) {
      const Cell& cell = cells[c];
      const std::size_t pad = widths[c] - width(cell.text);
      const bool right =
          c < table.align.size() && table.align[c] == Align::kRight;
      const bool last = c + 1 == columns;
      std::string padded =
          right ? std::string(pad, ' ') + cell.text
                : cell.text + (last ? "" : std::string(pad, ' '));
      if (color && !cell.color.empty())
        padded = fmt::format("{}{}{}", cell.color, padded, kReset);
      if (c > 0) line += "  ";
      line += padded;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string render_markdown(const Table& table) {
  std::string out = "|";
  for (const auto& h : table.headers)
    out += fmt::format(" {} |", escape_markdown(h));
  out += "\n|";
  for (std::size_t c = 0; c < table.headers.size(); ++c) {
    out += c < table.align.size() && table.align[c] == Align::kRight ? "---:|"
                                                                     : "---|";
  }
  out += '\n';
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t c = 0; c < table.headers.size(); ++c) {
      out += fmt::format(" {} |",
                         c < row.size() ? escape_markdown(row[c].text) : "");
    }
    out += '\n';
  }
  return out;
}

}  // namespace benchtool
