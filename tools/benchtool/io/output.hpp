#pragma once
// Where command output goes: stdout, or a file replaced atomically (temp file +
// rename), so a reader never sees half a report and an interrupted run leaves
// the old file in place.

#include <string>
#include <string_view>

namespace benchtool {

// Writes `content` to `<path>.tmp.<pid>` in the same directory, then renames it
// over `path`. Throws InputError naming the path on failure (and removes the
// temporary file).
void write_file_atomic(const std::string& path, std::string_view content);

// Whether an output path means stdout: empty or "-".
inline bool is_stdout(const std::string& path) {
  return path.empty() || path == "-";
}

// `content` to `path`, or to stdout when is_stdout(path).
void emit(const std::string& path, std::string_view content);

// --color auto|always|never: auto means a terminal on stdout and no NO_COLOR in
// the environment.
bool use_color(std::string_view mode, const std::string& output_path);

}  // namespace benchtool
