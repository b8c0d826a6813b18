#include "marketbench/pipeline/results_board.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include "marketbench/recommend/top_k.hpp"

namespace marketbench::pipeline {

namespace {

// Movers ranked by `better`, ties by stock; at most `count`.
template <typename Better>
std::vector<DayMover> select_movers(const std::vector<DayMover>& all,
                                    std::size_t count, Better better) {
  std::vector<DayMover> out(all);
  const auto order = [&](const DayMover& a, const DayMover& b) {
    if (a.change != b.change) return better(a.change, b.change);
    return a.stock < b.stock;
  };
  const std::size_t n = std::min(count, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n),
                    out.end(), order);
  out.resize(n);
  return out;
}

}  // namespace

PublishedDay summarize_day(
    store::Day day, std::vector<recommend::Recommendation> recommendations,
    const market::PriceStore& prices, std::size_t movers) {
  if (day < 0 || static_cast<std::size_t>(day) >= prices.days()) {
    throw std::out_of_range(
        fmt::format("summarize_day: day {} is not in the price store ({} days)",
                    day, prices.days()));
  }
  const auto d = static_cast<std::size_t>(day);
  PublishedDay out;
  out.day = day;
  std::vector<DayMover> rising;
  std::vector<DayMover> falling;
  for (const recommend::Recommendation& r : recommendations) {
    ++out.actions[static_cast<std::size_t>(r.action)];
    const std::span<const double> close = prices.history(r.stock).close;
    const double change = d == 0 ? 0.0 : close[d] / close[d - 1] - 1.0;
    if (change > 0) {
      ++out.advancers;
      rising.push_back({r.stock, close[d], change});
    } else if (change < 0) {
      ++out.decliners;
      falling.push_back({r.stock, close[d], change});
    } else {
      ++out.unchanged;
    }
  }
  out.gainers = select_movers(rising, movers, std::greater<>());
  out.losers = select_movers(falling, movers, std::less<>());
  out.recommendations = std::move(recommendations);
  return out;
}

ResultsBoard::ResultsBoard(std::size_t top_k_capacity, std::size_t shards)
    : top_k_(top_k_capacity, shards) {}

std::size_t ResultsBoard::publish(std::shared_ptr<PublishedDay> day,
                                  std::span<const std::size_t> warm_k) {
  if (!day) throw std::invalid_argument("ResultsBoard::publish: null day");
  // Unique across boards, so a thread's cached day (current()) can never be
  // mistaken for another board's.
  static std::atomic<std::uint64_t> generations{0};
  day->generation = generations.fetch_add(1, std::memory_order_relaxed) + 1;
  const std::uint64_t generation = day->generation;
  std::shared_ptr<const PublishedDay> published = std::move(day);
  for (const std::size_t k : warm_k) {
    top_k_.put(TopKKey{generation, k}, compute(*published, k));
  }
  {
    std::lock_guard lock(mutex_);
    current_ = published;
    generation_.store(generation, std::memory_order_release);
  }
  // Lists of older publications are unreachable through current() now; a
  // reader still holding an older day may re-add one, which only costs a
  // slot until the LRU evicts it.
  top_k_.erase_if([generation](const TopKKey& key, const TopList&) {
    return key.generation != generation;
  });
  return warm_k.size();
}

namespace {

// The last day this thread was handed (by any board: generations are unique
// in the process).
std::shared_ptr<const PublishedDay>& thread_seen_day() {
  thread_local std::shared_ptr<const PublishedDay> seen;
  return seen;
}

// The top-K lists this thread took of one publication. Few distinct k are
// asked for; past kMaxLists the cache starts over.
struct ThreadTopLists {
  static constexpr std::size_t kMaxLists = 16;
  std::uint64_t generation = 0;
  std::size_t count = 0;
  std::array<std::pair<std::size_t, ResultsBoard::TopList>, kMaxLists> lists;

  void reset(std::uint64_t new_generation) {
    for (std::size_t i = 0; i < count; ++i) lists[i].second.reset();
    count = 0;
    generation = new_generation;
  }
};

ThreadTopLists& thread_top_lists() {
  thread_local ThreadTopLists lists;
  return lists;
}

}  // namespace

std::shared_ptr<const PublishedDay> ResultsBoard::current() const {
  // The lock is taken only once per thread and publication; the copy
  // returned touches the day's reference count (current_pinned() does not).
  const PublishedDay* day = current_pinned();
  if (day == nullptr) return nullptr;
  return thread_seen_day();
}

const PublishedDay* ResultsBoard::current_pinned() const {
  std::shared_ptr<const PublishedDay>& seen = thread_seen_day();
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  if (generation == 0) return nullptr;
  if (!seen || seen->generation != generation) {
    std::lock_guard lock(mutex_);
    seen = current_;
  }
  return seen.get();
}

const TopKList& ResultsBoard::top_k_pinned(const PublishedDay& day,
                                           std::size_t k) {
  ThreadTopLists& mine = thread_top_lists();
  if (mine.generation != day.generation ||
      mine.count == ThreadTopLists::kMaxLists) {
    mine.reset(day.generation);
  }
  for (std::size_t i = 0; i < mine.count; ++i) {
    if (mine.lists[i].first == k) return *mine.lists[i].second;
  }
  auto& slot = mine.lists[mine.count];
  slot = {k, top_k(day, k)};
  ++mine.count;
  return *slot.second;
}

ResultsBoard::TopList ResultsBoard::top_k(const PublishedDay& day,
                                          std::size_t k) {
  const TopKKey key{day.generation, k};
  TopList list;
  if (top_k_.get(key, list)) return list;
  list = compute(day, k);
  top_k_.put(key, list);
  return list;
}

ResultsBoard::TopList ResultsBoard::compute(const PublishedDay& day,
                                            std::size_t k) const {
  std::vector<std::uint32_t> order;
  auto list = std::make_shared<TopKList>();
  recommend::select_top_k(day.recommendations, k, order, list->recommendations);
  if (day.predictions.size() == day.recommendations.size() &&
      !day.predictions.empty()) {
    // The day is in ascending StockId: find each winner's row.
    list->predictions.reserve(list->recommendations.size());
    for (const recommend::Recommendation& r : list->recommendations) {
      const auto at = std::lower_bound(
          day.recommendations.begin(), day.recommendations.end(), r.stock,
          [](const recommend::Recommendation& a, market::StockId stock) {
            return a.stock < stock;
          });
      list->predictions.push_back(day.predictions[static_cast<std::size_t>(
          at - day.recommendations.begin())]);
    }
  }
  return list;
}

}  // namespace marketbench::pipeline
