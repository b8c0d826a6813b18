// Benchmarks of the SQLite results database: a day's bulk upsert, and the
// latest-recommendation lookup under Zipf-skewed symbols.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "marketbench/core/random.hpp"
#include "marketbench/core/values_cache.hpp"
#include "marketbench/core/zipf.hpp"
#include "marketbench/metrics/latency_histogram.hpp"
#include "marketbench/store/results_database.hpp"
#include "support/counters.hpp"
#include "support/setup_cache.hpp"
#include "support/temp_dir.hpp"

namespace {

using marketbench::core::Xoshiro256StarStar;
using marketbench::market::StockId;
using marketbench::store::Action;
using marketbench::store::Day;
using marketbench::store::RecommendationRow;
using marketbench::store::ResultsDatabase;
using marketbench::store::ResultsDatabaseOptions;
using marketbench::store::Synchronous;

// Days of history kept in the databases: the upsert rewrites one of them per
// iteration, so the tables keep a constant size (stocks x kHistoryDays).
constexpr Day kHistoryDays = 30;

enum class Storage { kMemory = 0, kFile = 1 };

using marketbench::bench::ScopedTempDir;

// One day of recommendations for stocks 0..stocks-1, drawn from `seed`.
std::vector<RecommendationRow> recommendation_day(int stocks, Day day,
                                                  std::uint64_t seed) {
  Xoshiro256StarStar rng(seed);
  std::vector<RecommendationRow> rows;
  rows.reserve(static_cast<std::size_t>(stocks));
  for (int s = 0; s < stocks; ++s) {
    const double score = 2.0 * rng.uniform01() - 1.0;
    const Action action = score > 0.3    ? Action::kBuy
                          : score < -0.3 ? Action::kSell
                                         : Action::kHold;
    rows.push_back(
        {static_cast<StockId>(s), day, action, score, rng.uniform01()});
  }
  return rows;
}

// Two full versions of every history day: the preload writes version 0, and
// the benchmark alternates, so each upserted row differs from the stored one
// and takes the DO UPDATE path (a re-run day), never the no-op.
struct UpsertSetup {
  UpsertSetup(int rows_per_day, Storage storage_kind, Synchronous sync_level)
      : rows(rows_per_day), storage(storage_kind), synchronous(sync_level) {
    if (storage == Storage::kFile) dir.emplace("store");
    ResultsDatabaseOptions options;
    options.synchronous = synchronous;
    db.emplace(storage == Storage::kFile
                   ? dir->file("results.db")
                   : std::string(ResultsDatabase::kInMemory),
               options);
    for (int version = 0; version < 2; ++version) {
      for (Day d = 0; d < kHistoryDays; ++d) {
        const auto seed =
            static_cast<std::uint64_t>((rows * 1000 + d) * 2 + version);
        days[static_cast<std::size_t>(version)].push_back(
            recommendation_day(rows, d, seed));
      }
    }
    for (const auto& day : days[0]) db->upsert_recommendations(day);
  }

  int rows;
  Storage storage;
  Synchronous synchronous;
  std::optional<ScopedTempDir> dir;  // destroyed after the database
  std::optional<ResultsDatabase> db;
  std::array<std::vector<std::vector<RecommendationRow>>, 2> days;
  std::uint64_t next_write = 0;  // continues across runs of one argument set
};

// Only the current argument set is kept: switching drops the previous
// database (and deletes its file).
UpsertSetup& upsert_setup(int rows, Storage storage, Synchronous synchronous) {
  static std::unique_ptr<UpsertSetup> setup;
  if (!setup || setup->rows != rows || setup->storage != storage ||
      setup->synchronous != synchronous) {
    setup.reset();
    setup = std::make_unique<UpsertSetup>(rows, storage, synchronous);
  }
  return *setup;
}

// One iteration: one transaction re-upserting `rows` recommendation rows of
// one history day with new values.
void BM_DbBulkUpsert(benchmark::State& state, int rows, Storage storage,
                     Synchronous synchronous) {
  UpsertSetup& setup = upsert_setup(rows, storage, synchronous);
  std::uint64_t changed = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const std::uint64_t k = setup.next_write++;
    const auto day = static_cast<std::size_t>(k % kHistoryDays);
    const std::size_t version = 1 - (k / kHistoryDays) % 2;
    changed += setup.db->upsert_recommendations(setup.days[version][day]);
  }
  const std::chrono::duration<double> wall =
      std::chrono::steady_clock::now() - start;
  const auto expected = static_cast<std::uint64_t>(state.iterations()) *
                        static_cast<std::uint64_t>(rows);
  if (changed != expected) {
    state.SkipWithError(
        fmt::format("{} of {} upserted rows changed", changed, expected)
            .c_str());
    return;
  }
  state.counters["rows_per_second"] = benchmark::Counter(
      static_cast<double>(changed), benchmark::Counter::kIsRate);
  // Over wall time: includes the waits for fsync that the CPU rate hides.
  state.counters["rows_per_second_wall"] =
      wall.count() > 0 ? static_cast<double>(changed) / wall.count() : 0.0;
}

[[maybe_unused]] const bool kBulkUpsertRegistered = [] {
  for (int rows : {1000, 6000}) {
    const std::string memory =
        fmt::format("BM_DbBulkUpsert/rows:{}/storage:memory", rows);
    benchmark::RegisterBenchmark(memory.c_str(), BM_DbBulkUpsert, rows,
                                 Storage::kMemory, Synchronous::kNormal)
        ->Unit(benchmark::kMicrosecond);
    // The durability levels a file database offers, cheapest first.
    for (Synchronous sync :
         {Synchronous::kOff, Synchronous::kNormal, Synchronous::kFull}) {
      const std::string name =
          fmt::format("BM_DbBulkUpsert/rows:{}/storage:file/sync:{}", rows,
                      marketbench::store::synchronous_name(sync));
      benchmark::RegisterBenchmark(name.c_str(), BM_DbBulkUpsert, rows,
                                   Storage::kFile, sync)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  return true;
}();

constexpr int kQueryStocks = 6000;
constexpr double kZipfExponent = 0.99;

// 30 upserts of 6000 rows (0.7 s), as one SQLite image.
std::vector<std::byte> query_database_image() {
  ResultsDatabase fresh;
  for (Day d = 0; d < kHistoryDays; ++d) {
    fresh.upsert_recommendations(
        recommendation_day(kQueryStocks, d, 7'000'000 + d));
  }
  return fresh.image();
}

// Read-only after construction, so built once for the whole process. The
// image is deterministic for a build: kept in the setup cache
// (support/setup_cache.hpp) and restored page for page into an ordinary
// in-memory database. Always so, also right after building it or with the
// cache off: the timed lookups run on the same kind of database whether the
// image came from disk or not.
const ResultsDatabase& query_database() {
  static const ResultsDatabase db = [] {
    const marketbench::core::ValuesCache cache =
        marketbench::bench::setup_cache(
            "store-query-db",
            fmt::format("query db v1 stocks={} days={} seed=7000000",
                        kQueryStocks, kHistoryDays));
    // Restored straight from the mapped cache file.
    std::optional<ResultsDatabase> cached;
    cache.with_payload([&](std::span<const std::byte> image) {
      try {
        cached.emplace(ResultsDatabase::from_image(image));
      } catch (const std::exception&) {
        // Not a usable database: built again below, and the file replaced.
      }
      return cached.has_value();
    });
    if (cached) return std::move(*cached);
    const std::vector<std::byte> image = query_database_image();
    cache.save(image);
    return ResultsDatabase::from_image(image);
  }();
  return db;
}

// One iteration: the latest recommendation of one symbol, chosen by Zipf
// (s = 0.99) over 6000 symbols with 30 days each. Symbols are pre-drawn so
// the loop times the query (and its clock reads) only.
void BM_DbQueryLatest(benchmark::State& state) {
  const ResultsDatabase& db = query_database();
  const marketbench::core::ZipfSampler zipf(kQueryStocks, kZipfExponent, 11);
  Xoshiro256StarStar rng(12);
  std::vector<StockId> symbols(4096);
  for (auto& s : symbols) s = static_cast<StockId>(zipf.sample(rng));

  marketbench::metrics::LatencyHistogram latency;
  std::size_t i = 0;
  std::int64_t found = 0;
  for (auto _ : state) {
    const StockId stock = symbols[i++ & (symbols.size() - 1)];
    const auto start = std::chrono::steady_clock::now();
    const auto row = db.latest_recommendation(stock);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(row);
    found += row.has_value() && row->day == kHistoryDays - 1;
    latency.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start)
            .count()));
  }
  if (found != state.iterations()) {
    state.SkipWithError(fmt::format("{} of {} lookups found the last day",
                                    found, state.iterations())
                            .c_str());
    return;
  }
  state.SetItemsProcessed(state.iterations());
  marketbench::bench::set_latency_counters(state, latency);
}
BENCHMARK(BM_DbQueryLatest);

}  // namespace
