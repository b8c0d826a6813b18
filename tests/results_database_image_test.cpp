// ResultsDatabase::image() and from_image(): a database built once and copied.

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "marketbench/store/results_database.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"
#include "temp_dir.hpp"

namespace marketbench::store {
namespace {

using testing::TempDir;

std::vector<RecommendationRow> day_of_recs(Day day, int stocks) {
  std::vector<RecommendationRow> rows;
  for (int s = 0; s < stocks; ++s) {
    rows.push_back({static_cast<market::StockId>(s), day,
                    s % 2 ? Action::kBuy : Action::kSell, 0.01 * s + day, 0.5});
  }
  return rows;
}

void fill(ResultsDatabase& db) {
  for (Day day = 0; day < 5; ++day)
    db.upsert_recommendations(day_of_recs(day, 50));
  db.upsert_prices(
      std::vector<PriceRow>{{3, 4, market::Bar{1.0, 2.0, 0.5, 1.5, 100.0}}});
  db.upsert_predictions(std::vector<PredictionRow>{{3, 4, "m", 0.2, 0.3, 0.5}});
}

void expect_same_content(const ResultsDatabase& a, const ResultsDatabase& b) {
  const RowCounts ca = a.row_counts();
  const RowCounts cb = b.row_counts();
  EXPECT_EQ(ca.prices, cb.prices);
  EXPECT_EQ(ca.predictions, cb.predictions);
  EXPECT_EQ(ca.recommendations, cb.recommendations);
  for (market::StockId s = 0; s < 50; ++s) {
    const auto ra = a.latest_recommendation(s);
    const auto rb = b.latest_recommendation(s);
    ASSERT_TRUE(ra && rb);
    EXPECT_EQ(ra->day, rb->day);
    EXPECT_EQ(ra->score, rb->score);
    EXPECT_EQ(ra->action, rb->action);
  }
  EXPECT_EQ(a.price_range(3, 0, 10).size(), b.price_range(3, 0, 10).size());
  EXPECT_EQ(a.predictions(3, 4).size(), b.predictions(3, 4).size());
}

TEST(ResultsDatabaseImage, InMemoryCopyHasTheSameRowsAndPages) {
  ResultsDatabase original;
  fill(original);
  const std::vector<std::byte> image = original.image();
  ASSERT_FALSE(image.empty());
  const ResultsDatabase copy = ResultsDatabase::from_image(image);
  EXPECT_TRUE(copy.in_memory());
  expect_same_content(original, copy);
  // Page for page: the copy's own image is the same bytes, but for the
  // header's change counter (bytes 24-27), schema cookie (40-43, which the
  // backup bumps) and version fields (92-99).
  std::vector<std::byte> again = copy.image();
  ASSERT_EQ(again.size(), image.size());
  for (std::size_t at = 0; at < image.size(); ++at) {
    const bool counter = (at >= 24 && at < 28) || (at >= 40 && at < 44) ||
                         (at >= 92 && at < 100);
    if (!counter && again[at] != image[at]) ADD_FAILURE() << "byte " << at;
  }
  EXPECT_EQ(copy.pragma("journal_mode"), "memory");
}

TEST(ResultsDatabaseImage, CopyIsIndependentOfTheOriginal) {
  ResultsDatabase original;
  fill(original);
  ResultsDatabase copy = ResultsDatabase::from_image(original.image());
  copy.upsert_recommendations(day_of_recs(9, 50));
  EXPECT_EQ(copy.latest_recommendation(0)->day, 9);
  EXPECT_EQ(original.latest_recommendation(0)->day, 4);
}

TEST(ResultsDatabaseImage, FileDatabaseImageRestoresIntoMemoryAndIntoAFile) {
  const TempDir dir;
  ResultsDatabase file(dir.file("a.db"));
  fill(file);  // still in the WAL: the image includes it
  const std::vector<std::byte> image = file.image();
  const ResultsDatabase memory = ResultsDatabase::from_image(image);
  expect_same_content(file, memory);
  ResultsDatabase other = ResultsDatabase::from_image(image, dir.file("b.db"));
  EXPECT_EQ(other.pragma("journal_mode"), "wal");
  expect_same_content(file, other);
  other.upsert_recommendations(day_of_recs(7, 50));
  EXPECT_EQ(ResultsDatabase(dir.file("b.db")).latest_recommendation(1)->day, 7);
}

TEST(ResultsDatabaseImage, ReplacesWhatAFileHeld) {
  const TempDir dir;
  {
    ResultsDatabase old(dir.file("c.db"));
    old.upsert_recommendations(day_of_recs(20, 60));
  }
  ResultsDatabase source;
  fill(source);
  const ResultsDatabase copy =
      ResultsDatabase::from_image(source.image(), dir.file("c.db"));
  expect_same_content(source, copy);
  EXPECT_FALSE(copy.latest_recommendation(55).has_value());
}

TEST(ResultsDatabaseImage, EmptyImageIsRejected) {
  EXPECT_THROW(ResultsDatabase::from_image({}), std::invalid_argument);
}

TEST(ResultsDatabaseImage, BytesThatAreNoDatabaseAreAnError) {
  std::vector<std::byte> garbage(8192, std::byte{0x5a});
  EXPECT_THROW(ResultsDatabase::from_image(garbage), DatabaseError);
  // A real image cut short is no database either.
  ResultsDatabase source;
  fill(source);
  std::vector<std::byte> image = source.image();
  image.resize(image.size() / 2);
  EXPECT_THROW(
      {
        const ResultsDatabase copy = ResultsDatabase::from_image(image);
        copy.row_counts();
      },
      DatabaseError);
}

TEST(ResultsDatabaseImage, ImageOfANewerSchemaIsRefused) {
  ResultsDatabase source;
  fill(source);
  std::vector<std::byte> image = source.image();
  // PRAGMA user_version lives at offset 60 of the header, big-endian.
  image[63] = std::byte{static_cast<unsigned char>(kSchemaVersion + 1)};
  EXPECT_THROW(ResultsDatabase::from_image(image), SchemaVersionError);
}

}  // namespace
}  // namespace marketbench::store
