#pragma once

namespace benchtool {
inline const char* version() { return "0.1.0"; }
}  // namespace benchtool
