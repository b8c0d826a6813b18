#pragma once
// Test support for the report: a minimal XML well-formedness checker (tags
// balance, attributes quoted and unique, entities known, one root), and
// helpers to pull the inline SVG charts and their data attributes out of a
// page.

#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace benchtool::testing {

inline bool valid_entity(std::string_view s, std::size_t amp) {
  static const char* kNamed[] = {"&amp;",  "&lt;",  "&gt;",
                                 "&quot;", "&#39;", "&apos;"};
  for (const char* e : kNamed) {
    if (s.substr(amp, std::string_view(e).size()) == e) return true;
  }
  // Numeric: &#NNN;
  if (s.substr(amp, 2) != "&#") return false;
  std::size_t i = amp + 2;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i > amp + 2 && i < s.size() && s[i] == ';';
}

// Empty when `xml` is one well-formed element; else what is wrong and where.
inline std::string xml_error(std::string_view xml) {
  std::vector<std::string> stack;
  int roots = 0;
  std::size_t i = 0;
  auto where = [&](std::size_t at) {
    return " at offset " + std::to_string(at);
  };
  auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
           c == '.';
  };
  while (i < xml.size()) {
    const char c = xml[i];
    if (c == '&') {
      if (!valid_entity(xml, i)) return "bad entity" + where(i);
      ++i;
      continue;
    }
    if (c == '>') return "stray '>'" + where(i);
    if (c != '<') {
      if (stack.empty() && c != ' ' && c != '\n')
        return "text outside the root" + where(i);
      ++i;
      continue;
    }
    if (xml.substr(i, 4) == "<!--") {
      const auto end = xml.find("-->", i);
      if (end == std::string_view::npos)
        return "unterminated comment" + where(i);
      i = end + 3;
      continue;
    }
    if (xml.substr(i, 2) == "</") {
      std::size_t j = i + 2;
      while (j < xml.size() && is_name(xml[j])) ++j;
      const std::string name(xml.substr(i + 2, j - i - 2));
      if (j >= xml.size() || xml[j] != '>') return "bad closing tag" + where(i);
      if (stack.empty() || stack.back() != name) {
        return "closing </" + name + "> does not match <" +
               (stack.empty() ? "" : stack.back()) + ">" + where(i);
      }
      stack.pop_back();
      i = j + 1;
      continue;
    }
    // Opening or self-closing tag.
    std::size_t j = i + 1;
    while (j < xml.size() && is_name(xml[j])) ++j;
    const std::string name(xml.substr(i + 1, j - i - 1));
    if (name.empty()) return "tag without a name" + where(i);
    std::set<std::string> attrs;
    bool self_closing = false;
    for (;;) {
      while (j < xml.size() &&
             (xml[j] == ' ' || xml[j] == '\n' || xml[j] == '\t'))
        ++j;
      if (j >= xml.size()) return "unterminated tag <" + name + ">" + where(i);
      if (xml[j] == '>') {
        ++j;
        break;
      }
      if (xml.substr(j, 2) == "/>") {
        self_closing = true;
        j += 2;
        break;
      }
      const std::size_t a = j;
      while (j < xml.size() && is_name(xml[j])) ++j;
      const std::string attr(xml.substr(a, j - a));
      if (attr.empty()) return "bad attribute in <" + name + ">" + where(j);
      if (!attrs.insert(attr).second)
        return "duplicate attribute " + attr + where(a);
      if (xml.substr(j, 2) != "=\"")
        return "unquoted attribute " + attr + where(a);
      const auto end = xml.find('"', j + 2);
      if (end == std::string_view::npos)
        return "unterminated attribute " + attr + where(a);
      const std::string_view value = xml.substr(j + 2, end - j - 2);
      if (value.find('<') != std::string_view::npos)
        return "'<' in attribute " + attr + where(a);
      for (std::size_t k = value.find('&'); k != std::string_view::npos;
           k = value.find('&', k + 1)) {
        if (!valid_entity(value, k))
          return "bad entity in attribute " + attr + where(a);
      }
      j = end + 1;
    }
    if (stack.empty()) ++roots;
    if (!self_closing) stack.push_back(name);
    i = j;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (roots != 1)
    return "expected one root element, found " + std::to_string(roots);
  return {};
}

// Every "<svg ...>...</svg>" in a page (charts do not nest).
inline std::vector<std::string> extract_svgs(std::string_view html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<svg"); at != std::string_view::npos;
       at = html.find("<svg", at + 1)) {
    const auto end = html.find("</svg>", at);
    if (end == std::string_view::npos) break;
    out.emplace_back(html.substr(at, end + 6 - at));
  }
  return out;
}

// The value of attribute `name` on the first tag of `element`.
inline std::optional<std::string> root_attr(std::string_view element,
                                            const std::string& name) {
  const auto tag_end = element.find('>');
  const std::string_view tag = element.substr(0, tag_end);
  const std::string needle = " " + name + "=\"";
  const auto at = tag.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  const auto start = at + needle.size();
  return std::string(tag.substr(start, tag.find('"', start) - start));
}

inline double root_number(std::string_view element, const std::string& name) {
  const auto v = root_attr(element, name);
  return v ? std::strtod(v->c_str(), nullptr) : NAN;
}

struct DataPoint {
  double x = NAN;
  double y = NAN;
};

// The data-x/data-y pairs drawn in a chart (points, bars). (No std::regex:
// GCC 12 warns falsely about it under the sanitizers.)
inline std::vector<DataPoint> data_points(const std::string& svg) {
  std::vector<DataPoint> out;
  const std::string kX = "data-x=\"", kY = "\" data-y=\"";
  for (auto at = svg.find(kX); at != std::string::npos;
       at = svg.find(kX, at + 1)) {
    const auto x_start = at + kX.size();
    const auto x_end = svg.find('"', x_start);
    if (svg.compare(x_end, kY.size(), kY) != 0) continue;
    const auto y_start = x_end + kY.size();
    out.push_back(
        {std::strtod(svg.substr(x_start, x_end - x_start).c_str(), nullptr),
         std::strtod(
             svg.substr(y_start, svg.find('"', y_start) - y_start).c_str(),
             nullptr)});
  }
  return out;
}

// The text of every <text> element.
inline std::vector<std::string> text_contents(const std::string& svg) {
  std::vector<std::string> out;
  for (auto at = svg.find("<text"); at != std::string::npos;
       at = svg.find("<text", at + 1)) {
    const auto start = svg.find('>', at) + 1;
    const auto end = svg.find('<', start);
    out.push_back(svg.substr(start, end - start));
  }
  return out;
}

// Whether some label reads "<words> (<unit>)", optionally ", log scale" after.
inline bool has_label_with_unit(const std::string& svg) {
  for (std::string t : text_contents(svg)) {
    if (t.ends_with(", log scale")) t.resize(t.size() - 11);
    const auto open = t.rfind(" (");
    if (open != std::string::npos && open > 0 && t.ends_with(")") &&
        t.size() > open + 3)
      return true;
  }
  return false;
}

// Whether every occurrence of `prefix` in `text` is followed by `next`.
inline bool always_followed_by(const std::string& text,
                               const std::string& prefix, char next) {
  for (auto at = text.find(prefix); at != std::string::npos;
       at = text.find(prefix, at + 1)) {
    if (at + prefix.size() >= text.size() || text[at + prefix.size()] != next)
      return false;
  }
  return true;
}

// The chart with this id in a page, or empty.
inline std::string svg_by_id(std::string_view html, const std::string& id) {
  for (auto& svg : extract_svgs(html)) {
    if (root_attr(svg, "id") == id) return svg;
  }
  return {};
}

}  // namespace benchtool::testing
