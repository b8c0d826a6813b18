#include "marketbench/platform/response.hpp"

namespace marketbench::platform {

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kBadRequest:
      return "bad_request";
    case Status::kNotFound:
      return "not_found";
    case Status::kUnavailable:
      return "unavailable";
    case Status::kInternalError:
      return "internal_error";
  }
  return "unknown";
}

}  // namespace marketbench::platform
