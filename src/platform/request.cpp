#include "marketbench/platform/request.hpp"

namespace marketbench::platform {

std::string_view kind_name(RequestKind kind) {
  switch (kind) {
    case RequestKind::kDashboard:
      return "dashboard";
    case RequestKind::kPortfolio:
      return "portfolio";
    case RequestKind::kRecommendations:
      return "recommendations";
    case RequestKind::kSearch:
      return "search";
    case RequestKind::kAnalytics:
      return "analytics";
    case RequestKind::kQuotes:
      return "quotes";
  }
  return "unknown";
}

}  // namespace marketbench::platform
