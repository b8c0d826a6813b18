#include "io/benchmark_name.hpp"

#include "io/metric.hpp"

namespace benchtool {

BenchmarkName parse_benchmark_name(std::string_view run_name) {
  BenchmarkName out;
  std::size_t end = run_name.find('/');
  out.family = std::string(run_name.substr(0, end));
  int position = 0;
  while (end != std::string_view::npos) {
    const std::size_t start = end + 1;
    end = run_name.find('/', start);
    const std::string_view part = run_name.substr(start, end - start);
    if (part.empty()) continue;
    ++position;
    if (const auto colon = part.find(':'); colon != std::string_view::npos) {
      out.args.emplace_back(std::string(part.substr(0, colon)),
                            std::string(part.substr(colon + 1)));
    } else if (parse_number(part)) {
      out.args.emplace_back("arg" + std::to_string(position),
                            std::string(part));
    } else {
      out.flags.emplace_back(part);
    }
  }
  return out;
}

std::optional<std::string> arg_value(const BenchmarkName& name,
                                     std::string_view key) {
  for (const auto& [k, v] : name.args) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::optional<double> numeric_arg(const BenchmarkName& name,
                                  std::string_view key) {
  const auto v = arg_value(name, key);
  if (!v) return std::nullopt;
  return parse_number(*v);
}

}  // namespace benchtool
