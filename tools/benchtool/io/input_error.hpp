#pragma once

#include <stdexcept>

namespace benchtool {

// Bad input (a file, an option value): what() is one line naming the input and
// the problem. The command line turns it into exit code 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace benchtool
