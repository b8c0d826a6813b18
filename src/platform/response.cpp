#include "marketbench/platform/response.hpp"

#include "core/enum_names.hpp"

namespace marketbench::platform {

std::string_view status_name(Status status) {
  static constexpr auto kNames =
      core::enum_names<Status>({{Status::kOk, "ok"},
                                {Status::kBadRequest, "bad_request"},
                                {Status::kNotFound, "not_found"},
                                {Status::kUnavailable, "unavailable"},
                                {Status::kInternalError, "internal_error"}});
  return kNames(status);
}

}  // namespace marketbench::platform
