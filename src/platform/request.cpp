#include "marketbench/platform/request.hpp"

#include "core/enum_names.hpp"

namespace marketbench::platform {

std::string_view kind_name(RequestKind kind) {
  static constexpr auto kNames = core::enum_names<RequestKind>(
      {{RequestKind::kDashboard, "dashboard"},
       {RequestKind::kPortfolio, "portfolio"},
       {RequestKind::kRecommendations, "recommendations"},
       {RequestKind::kSearch, "search"},
       {RequestKind::kAnalytics, "analytics"},
       {RequestKind::kQuotes, "quotes"}});
  return kNames(kind);
}

}  // namespace marketbench::platform
