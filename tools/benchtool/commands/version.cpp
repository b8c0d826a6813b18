#include "commands/version.hpp"

namespace benchtool {
const char* version() { return "0.1.0"; }
}  // namespace benchtool
