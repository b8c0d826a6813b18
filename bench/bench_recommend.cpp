// Benchmarks of the recommendation engine: one pass over a universe of stocks
// (cold and warm prediction cache), and many concurrent users asking a shared
// engine for top-K recommendations.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "marketbench/cache/prediction_cache.hpp"
#include "marketbench/core/random.hpp"
#include "marketbench/core/values_cache.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/market/days_cache.hpp"
#include "marketbench/market/market_generator.hpp"
#include "marketbench/market/price_store.hpp"
#include "marketbench/metrics/jemalloc_stats.hpp"
#include "marketbench/metrics/latency_histogram.hpp"
#include "marketbench/ml/labels.hpp"
#include "marketbench/ml/mlp.hpp"
#include "marketbench/recommend/recommendation_engine.hpp"
#include "support/counters.hpp"
#include "support/setup_cache.hpp"
#include "support/trained_model.hpp"

namespace {

using namespace marketbench;
using recommend::EngineStats;
using recommend::EngineWorkspace;
using recommend::RecommendationEngine;
using recommend::RecommendationResult;

constexpr std::uint64_t kMarketSeed = 31337;
constexpr std::uint32_t kModelId = 1;
constexpr std::size_t kUniverse = 6000;
// The engine reads the last 128 days of each stock; the cold pass walks
// through kPassDays different as-of days, so the store holds both.
constexpr std::size_t kPassDays = 64;
constexpr std::size_t kStoreDays = 256;
constexpr std::size_t kTopK = 10;
// The pass benchmarks' cache holds two days of the universe: shards fill
// unevenly, and the whole universe must fit.
constexpr std::size_t kCacheSlack = 2;

// One generated universe (6000 stocks x 256 days of the learnable market, in
// a PriceStore, plus the close of the day after, which the quality counters
// score against) and the trained model (read from the build's model directory
// by a ModelRegistry, as the platform's is), built on first use and shared by
// every benchmark here: stocks:N uses the first N stocks. The model was
// trained on another seed of the same process: every day here is unseen.
struct World {
  market::PriceStore store{kUniverse, kStoreDays};
  std::vector<double> next_day_close;  // day kStoreDays, by StockId
  std::vector<std::string> symbols;
  std::string model_error;
  std::shared_ptr<const ml::Mlp> model = bench::trained_model(model_error);
  std::vector<market::StockId> ids;

  World() {
    // The generator gives the symbols; the days are read back from the
    // on-disk cache when an earlier process made them.
    const market::MarketGenerator generator(kUniverse, kMarketSeed,
                                            market::PriceProcess::kRegime);
    market::for_each_cached_day(
        market::default_cache_dir(),
        {kUniverse, kStoreDays + 1, kMarketSeed, market::PriceProcess::kRegime},
        [this](std::span<const market::Bar> day) {
          if (store.days() < kStoreDays) {
            store.append_day(day);
          } else {
            for (const market::Bar& bar : day)
              next_day_close.push_back(bar.close);
          }
        });
    symbols.assign(generator.symbols().begin(), generator.symbols().end());
    ids.resize(kUniverse);
    std::iota(ids.begin(), ids.end(), market::StockId{0});
  }
  recommend::MarketData data() const { return {&store, symbols, {}}; }
  double close_after(market::StockId id, std::size_t day) const {
    return day + 1 < kStoreDays ? store.history(id).close[day + 1]
                                : next_day_close[id];
  }
  double next_return(market::StockId id, std::size_t day) const {
    return close_after(id, day) / store.history(id).close[day] - 1.0;
  }
};

const World& world() {
  static const World w;
  return w;
}

// Returns true; or marks the run as failed when the trained model is missing.
bool world_ready(benchmark::State& state) {
  if (world().model) return true;
  state.SkipWithError(world().model_error.c_str());
  return false;
}

double hit_rate(const EngineStats& s) {
  const std::size_t lookups = s.cache_hits + s.cache_misses;
  return lookups == 0
             ? 0.0
             : static_cast<double>(s.cache_hits) / static_cast<double>(lookups);
}

void publish_pass_counters(benchmark::State& state, const EngineStats& total,
                           std::size_t stocks,
                           const bench::AllocationMeter& meter) {
  const double processed =
      static_cast<double>(state.iterations()) * static_cast<double>(stocks);
  // First, before the counters map allocates its nodes.
  meter.publish(state, "bytes_per_stock", processed);
  state.counters["stocks_per_second"] =
      benchmark::Counter(processed, benchmark::Counter::kIsRate);
  state.counters["hit_rate"] = hit_rate(total);
  state.SetComplexityN(static_cast<std::int64_t>(stocks));
  if (total.skipped != 0)
    state.SkipWithError(
        fmt::format("{} stocks skipped", total.skipped).c_str());
}

// One iteration = a full pass over the first `stocks` stocks, returning the
// top 10, as of a day whose predictions are not cached: each pass is the next
// trading day (cycling over the last 64 days), and the cache holds two days of
// the universe, so that day's entries are long evicted and every stock goes
// through feature extraction and batched inference (hit_rate shows 0). No
// clear() in the timed loop: the day rolling over is what makes it cold.
// What the engine's top-K list of each as-of day earned the next day
// (docs/MODEL_QUALITY.md): top_k_precision, the share of the list whose next
// day is labelled BUY (ml::label_for_return), and buy_excess_return, the mean
// next-day return of the list's BUY entries minus the mean of the whole
// universe that day. Over every as-of day of the pass cycle.
struct PickLog {
  std::vector<market::StockId> ids;
  std::vector<recommend::Action> actions;
  std::vector<std::size_t> counts;  // entries recorded per pass slot
  explicit PickLog(std::size_t slots)
      : ids(slots * kTopK), actions(slots * kTopK), counts(slots) {}
  void record(std::size_t slot, const RecommendationResult& r) {
    const std::size_t n = std::min(kTopK, r.recommendations.size());
    for (std::size_t i = 0; i < n; ++i) {
      ids[slot * kTopK + i] = r.recommendations[i].stock;
      actions[slot * kTopK + i] = r.recommendations[i].action;
    }
    counts[slot] = n;
  }
};

void publish_quality_counters(benchmark::State& state, const PickLog& log,
                              std::size_t stocks) {
  const World& w = world();
  std::size_t picks = 0, buy_labels = 0, buys = 0;
  double excess_sum = 0;
  for (std::size_t slot = 0; slot < log.counts.size(); ++slot) {
    if (log.counts[slot] == 0) continue;
    const std::size_t as_of = kStoreDays - 1 - slot;
    double universe = 0;
    for (std::size_t id = 0; id < stocks; ++id)
      universe += w.next_return(static_cast<market::StockId>(id), as_of);
    universe /= static_cast<double>(stocks);
    for (std::size_t i = 0; i < log.counts[slot]; ++i) {
      const market::StockId id = log.ids[slot * kTopK + i];
      const double next = w.next_return(id, as_of);
      const auto close = w.store.history(id).close.first(as_of + 1);
      buy_labels += ml::label_for_return(next, ml::recent_volatility(close)) ==
                    ml::Action::kBuy;
      ++picks;
      if (log.actions[slot * kTopK + i] == recommend::Action::kBuy) {
        excess_sum += next - universe;
        ++buys;
      }
    }
  }
  state.counters["top_k_precision"] =
      picks ? static_cast<double>(buy_labels) / static_cast<double>(picks) : 0;
  state.counters["buy_excess_return"] =
      buys ? excess_sum / static_cast<double>(buys) : 0;
}

// Untimed: the top-K list of every as-of day of the cycle, so the quality
// counters always cover all kPassDays days (a short run must not score on a
// day or two) and the timed loop does no bookkeeping for them. The answers
// are deterministic: computed once per universe size and build, kept on disk
// (support/setup_cache.hpp; 64 passes are 2.3 s at 6000 stocks), and in
// memory for the process, since Google Benchmark calls the benchmark several
// times per argument (its iteration estimate). A cached log is used only when
// it decodes to valid entries and its first as-of day matches a fresh pass.
PickLog compute_picks(const RecommendationEngine& engine,
                      std::span<const market::StockId> universe,
                      EngineWorkspace& workspace, std::size_t slots) {
  PickLog picks(slots);
  RecommendationResult result;
  for (std::size_t slot = 0; slot < slots; ++slot) {
    engine.recommend(universe, kStoreDays - 1 - slot, kTopK, workspace, result);
    picks.record(slot, result);
  }
  return picks;
}

// Flat for the cache: counts, then ids, then actions.
std::vector<std::uint32_t> encode(const PickLog& log) {
  std::vector<std::uint32_t> out(log.counts.begin(), log.counts.end());
  out.insert(out.end(), log.ids.begin(), log.ids.end());
  for (const recommend::Action a : log.actions)
    out.push_back(static_cast<std::uint32_t>(a));
  return out;
}

// The log, or nullopt when `flat` is not one for kPassDays slots of at most
// kTopK entries of stocks below `stocks`.
std::optional<PickLog> decode(const std::vector<std::uint32_t>& flat,
                              std::size_t stocks) {
  constexpr std::size_t kEntries = kPassDays * kTopK;
  if (flat.size() != kPassDays + 2 * kEntries) return {};
  PickLog log(kPassDays);
  for (std::size_t slot = 0; slot < kPassDays; ++slot) {
    if (flat[slot] > kTopK) return {};
    log.counts[slot] = flat[slot];
  }
  for (std::size_t i = 0; i < kEntries; ++i) {
    const std::uint32_t id = flat[kPassDays + i];
    const std::uint32_t action = flat[kPassDays + kEntries + i];
    if (id >= stocks ||
        action > static_cast<std::uint32_t>(recommend::Action::kBuy))
      return {};
    log.ids[i] = static_cast<market::StockId>(id);
    log.actions[i] = static_cast<recommend::Action>(action);
  }
  return log;
}

bool same_slot(const PickLog& a, const PickLog& b, std::size_t slot) {
  const auto entries = [slot](const auto& v) {
    return std::span(v).subspan(slot * kTopK, kTopK);
  };
  return a.counts[slot] == b.counts[slot] &&
         std::ranges::equal(entries(a.ids), entries(b.ids)) &&
         std::ranges::equal(entries(a.actions), entries(b.actions));
}

const PickLog& cycle_picks(const RecommendationEngine& engine,
                           std::span<const market::StockId> universe,
                           EngineWorkspace& workspace) {
  static std::map<std::size_t, PickLog> logs;
  if (const auto it = logs.find(universe.size()); it != logs.end())
    return it->second;
  const std::string model =
      core::file_fingerprint(std::filesystem::path(MB_MODEL_DIR) /
                             (std::string(bench::kTrainedModelName) + ".mbm"));
  const core::ValuesCache cache = bench::setup_cache(
      fmt::format("recommend-picks-s{}", universe.size()),
      fmt::format("picks v1 model={} seed={} universe={} store_days={} "
                  "pass_days={} top_k={} stocks={}",
                  model, kMarketSeed, kUniverse, kStoreDays, kPassDays, kTopK,
                  universe.size()));
  const auto flat = cache.get_or_make<std::uint32_t>(
      [&] {
        return encode(compute_picks(engine, universe, workspace, kPassDays));
      },
      [&](const std::vector<std::uint32_t>& cached) {
        const std::optional<PickLog> log = decode(cached, universe.size());
        return log &&
               same_slot(*log, compute_picks(engine, universe, workspace, 1),
                         0);
      });
  return logs.emplace(universe.size(), *decode(flat, universe.size()))
      .first->second;
}

void BM_RecommendationEngine(benchmark::State& state) {
  const auto stocks = static_cast<std::size_t>(state.range(0));
  if (!world_ready(state)) return;
  const World& w = world();
  cache::PredictionCache cache(kCacheSlack * stocks);
  const RecommendationEngine engine(w.data(), w.model, kModelId, cache);
  const std::span<const market::StockId> universe(w.ids.data(), stocks);
  EngineWorkspace workspace(engine);
  RecommendationResult result;
  // Untimed: sizes the workspace and the result on a day outside the cycle.
  engine.recommend(universe, kStoreDays - kPassDays - 1, kTopK, workspace,
                   result);

  EngineStats total;
  std::size_t pass = 0;
  bench::AllocationMeter meter;
  for (auto _ : state) {
    const std::size_t slot = pass++ % kPassDays;
    engine.recommend(universe, kStoreDays - 1 - slot, kTopK, workspace, result);
    benchmark::DoNotOptimize(result.recommendations.data());
    total += result.stats;
  }
  publish_pass_counters(state, total, stocks, meter);
  publish_quality_counters(state, cycle_picks(engine, universe, workspace),
                           stocks);
}
BENCHMARK(BM_RecommendationEngine)
    ->ArgName("stocks")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(6000)
    ->Unit(benchmark::kMicrosecond)
    ->Complexity(benchmark::oN);

// The same pass with every prediction already cached (one untimed pass first,
// same as-of day every iteration): indicator rules, cache lookups and top-K
// selection, no inference. The difference to BM_RecommendationEngine is what
// the prediction cache saves.
void BM_RecommendationEngineWarm(benchmark::State& state) {
  const auto stocks = static_cast<std::size_t>(state.range(0));
  if (!world_ready(state)) return;
  const World& w = world();
  cache::PredictionCache cache(kCacheSlack * stocks);
  const RecommendationEngine engine(w.data(), w.model, kModelId, cache);
  const std::span<const market::StockId> universe(w.ids.data(), stocks);
  EngineWorkspace workspace(engine);
  RecommendationResult result;
  engine.recommend(universe, kStoreDays - 1, kTopK, workspace, result);

  EngineStats total;
  bench::AllocationMeter meter;
  for (auto _ : state) {
    engine.recommend(universe, kStoreDays - 1, kTopK, workspace, result);
    benchmark::DoNotOptimize(result.recommendations.data());
    total += result.stats;
  }
  publish_pass_counters(state, total, stocks, meter);
}
BENCHMARK(BM_RecommendationEngineWarm)
    ->ArgName("stocks")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(6000)
    ->Unit(benchmark::kMicrosecond)
    ->Complexity(benchmark::oN);

// ---------------------------------------------------------------------------
// Many users, one engine.

constexpr std::size_t kSectorSize = 100;
constexpr std::size_t kSectors = kUniverse / kSectorSize;
constexpr double kSectorZipfS = 0.99;
constexpr std::uint64_t kSectorPermutationSeed = 99;
constexpr std::uint64_t kUserSeed = 4242;
constexpr int kRequestsPerSession = 10;
// The shared prediction cache holds half the universe: hot sectors are served
// from it, cold ones run batched inference and evict.
constexpr std::size_t kLoadCacheCapacity = kUniverse / 2;

// The shared engine and cache, and the warm cache state every run starts from:
// the predictions of the sectors ranked hottest by the Zipf law, until the
// cache is full.
struct LoadWorld {
  cache::PredictionCache cache{kLoadCacheCapacity};
  RecommendationEngine engine{world().data(), world().model, kModelId, cache};
  core::ZipfSampler sectors{kSectors, kSectorZipfS, kSectorPermutationSeed};
  std::vector<cache::PredictionKey> warm_keys;
  std::vector<cache::Prediction> warm_predictions;

  LoadWorld() {
    EngineWorkspace workspace(engine);
    RecommendationResult result;
    for (std::uint64_t rank = 1; rank <= kSectors / 2; ++rank) {
      engine.recommend(sector(sectors.key_of_rank(rank)), kStoreDays - 1, kTopK,
                       workspace, result);
    }
    for (const market::StockId id : world().ids) {
      const cache::PredictionKey key = engine.key(id, kStoreDays - 1);
      if (const auto p = cache.get(key)) {
        warm_keys.push_back(key);
        warm_predictions.push_back(*p);
      }
    }
  }
  std::span<const market::StockId> sector(std::uint64_t s) const {
    return std::span<const market::StockId>(world().ids)
        .subspan(s * kSectorSize, kSectorSize);
  }
  void reset_cache() {
    cache.invalidate_all();
    cache.put_batch(warm_keys, warm_predictions);
    cache.reset_stats();
  }
};

LoadWorld& load_world() {
  static LoadWorld w;
  return w;
}

void reset_load_cache(const benchmark::State&) {
  if (world().model) load_world().reset_cache();
}

using Clock = std::chrono::steady_clock;

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          Clock::now().time_since_epoch())
          .count());
}

// What every thread contributes to the merged counters. The run's wall time
// is taken from the first request's start to the last one's end over all
// threads: Google Benchmark's per-thread real time starts when a thread first
// gets a core after the start barrier and stops when that thread is done, so
// with 100 threads on a few cores (each finishing its sessions within a few
// time slices) its average is far shorter than the run, and a rate derived
// from it would be inflated many times over.
struct LoadTally {
  metrics::LatencyHistogram latency;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  std::uint64_t first_start_ns = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t last_end_ns = 0;
  EngineStats stats;
  void merge(const LoadTally& other) {
    latency.merge(other.latency);
    requests += other.requests;
    errors += other.errors;
    first_start_ns = std::min(first_start_ns, other.first_start_ns);
    last_end_ns = std::max(last_end_ns, other.last_end_ns);
    stats += other.stats;
  }
  void reset() { *this = LoadTally{}; }
};

// A request succeeded when it answered for every stock of the sector and
// returned the k best in ranking order.
bool valid_answer(const RecommendationResult& r) {
  if (r.stats.scored + r.stats.skipped != kSectorSize) return false;
  if (r.recommendations.size() != std::min(kTopK, r.stats.scored)) return false;
  return std::is_sorted(r.recommendations.begin(), r.recommendations.end(),
                        recommend::ranks_before);
}

// Each thread is a user; one iteration is a session of 10 requests. A request
// is the top 10 of a sector of 100 stocks (60 sectors, chosen by Zipf s = 0.99
// with a seeded permutation) as of the latest day, from the engine and the
// prediction cache all threads share. Each request is timed alone; latencies
// are merged over all threads.
void BM_RecommendationsUnderLoad(benchmark::State& state) {
  if (!world_ready(state)) return;
  LoadWorld& lw = load_world();
  EngineWorkspace workspace(lw.engine);
  RecommendationResult result;
  core::Xoshiro256StarStar rng(kUserSeed);
  for (int i = 0; i < state.thread_index(); ++i)
    rng.jump();  // an independent stream per user
  LoadTally tally;
  static bench::LastThreadMerge<LoadTally> merged;
  merged.begin();

  for (auto _ : state) {
    for (int r = 0; r < kRequestsPerSession; ++r) {
      const std::uint64_t sector = lw.sectors.sample(rng);
      const std::uint64_t start = now_ns();
      bool ok = false;
      try {
        lw.engine.recommend(lw.sector(sector), kStoreDays - 1, kTopK, workspace,
                            result);
        ok = valid_answer(result);
        tally.stats += result.stats;
      } catch (const std::exception&) {
        ok = false;
      }
      const std::uint64_t end = now_ns();
      benchmark::DoNotOptimize(result.recommendations.data());
      tally.latency.record(end - start);
      tally.first_start_ns = std::min(tally.first_start_ns, start);
      tally.last_end_ns = end;
      ++tally.requests;
      if (!ok) ++tally.errors;
    }
  }

  merged.finish(state, tally, [&](const LoadTally& all) {
    const double wall_seconds =
        static_cast<double>(all.last_end_ns - all.first_start_ns) * 1e-9;
    state.counters["requests_per_second"] =
        wall_seconds > 0 ? static_cast<double>(all.requests) / wall_seconds
                         : 0.0;
    bench::set_latency_counters(state, all.latency);
    state.counters["error_rate"] = all.requests == 0
                                       ? 0.0
                                       : static_cast<double>(all.errors) /
                                             static_cast<double>(all.requests);
    state.counters["hit_rate"] = hit_rate(all.stats);
    if (const auto heap = metrics::HeapStats::read()) {
      state.counters["heap_resident_bytes"] =
          static_cast<double>(heap->resident);
    } else {
      state.SetLabel(metrics::jemalloc_unavailable_reason());
    }
  });
}
BENCHMARK(BM_RecommendationsUnderLoad)
    ->Setup(reset_load_cache)
    ->Threads(1)
    ->Threads(2)
    ->Threads(8)
    ->Threads(32)
    ->Threads(100)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
