#pragma once

namespace benchtool {
const char* version();
}  // namespace benchtool
