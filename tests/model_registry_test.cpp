#include "marketbench/ml/model_registry.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "marketbench/ml/model_file.hpp"
#include "temp_dir.hpp"

namespace marketbench::ml {
namespace {

namespace fs = std::filesystem;

using marketbench::testing::TempDir;

const std::vector<std::size_t> kSmall = {6, 8, 3};

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(ModelRegistry, InMemoryModels) {
  ModelRegistry registry;
  registry.add("alpha", Mlp::random(kSmall, 1));
  registry.add("beta", Mlp::random(kSmall, 2));
  const auto alpha = registry.get("alpha");
  ASSERT_NE(alpha, nullptr);
  EXPECT_EQ(alpha->inputs(), 6u);
  EXPECT_EQ(registry.get("alpha"), alpha);  // the same object every time
  EXPECT_NE(registry.get("beta"), alpha);
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_EQ(registry.cached_count(), 2u);
  EXPECT_EQ(registry.file_loads(), 0u);
}

TEST(ModelRegistry, UnknownAndInvalidNames) {
  ModelRegistry registry;
  registry.add("alpha", Mlp::random(kSmall, 1));
  EXPECT_THROW(registry.get("gamma"), std::out_of_range);
  EXPECT_NE(
      message_of([&] { registry.get("gamma"); }).find("no model named 'gamma'"),
      std::string::npos);
  EXPECT_THROW(registry.get("../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(registry.get(""), std::invalid_argument);
  EXPECT_THROW(registry.get(".hidden"), std::invalid_argument);
  EXPECT_THROW(registry.add("a/b", Mlp::random(kSmall, 1)),
               std::invalid_argument);
  EXPECT_NE(message_of([&] {
              registry.add("alpha", Mlp::random(kSmall, 3));
            }).find("'alpha' is already registered"),
            std::string::npos);
  EXPECT_TRUE(ModelRegistry::valid_name("model-v2.1_final"));
  EXPECT_FALSE(ModelRegistry::valid_name(std::string(129, 'a')));
}

TEST(ModelRegistry, LoadsEachFileOnce) {
  TempDir dir;
  save_model(Mlp::random(kSmall, 1), dir.path() / "one.mbm");
  save_model(Mlp::random(kSmall, 2), dir.path() / "two.mbm");
  ModelRegistry registry(dir.path());
  registry.add("memory", Mlp::random(kSmall, 3));
  EXPECT_EQ(registry.names(),
            (std::vector<std::string>{"memory", "one", "two"}));
  EXPECT_EQ(registry.cached_count(), 1u);
  const auto one = registry.get("one");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(registry.get("one"), one);
  EXPECT_EQ(registry.file_loads(), 1u);
  registry.get("two");
  EXPECT_EQ(registry.file_loads(), 2u);
  EXPECT_EQ(registry.cached_count(), 3u);
  // Cached: deleting the file does not affect a loaded model.
  fs::remove(dir.path() / "one.mbm");
  EXPECT_EQ(registry.get("one"), one);
  EXPECT_NE(message_of([&] { registry.get("three"); }).find("three.mbm"),
            std::string::npos);
}

TEST(ModelRegistry, ABadFileIsReportedAndRetried) {
  TempDir dir;
  const fs::path path = dir.path() / "broken.mbm";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("garbage", f);
  std::fclose(f);
  ModelRegistry registry(dir.path());
  EXPECT_THROW(registry.get("broken"), ModelFormatError);
  EXPECT_EQ(registry.cached_count(), 0u);
  save_model(Mlp::random(kSmall, 4), path);  // fixed on disk
  EXPECT_NE(registry.get("broken"), nullptr);
  EXPECT_EQ(registry.file_loads(), 1u);
}

TEST(ModelRegistry, RejectsAMissingDirectory) {
  TempDir dir;
  EXPECT_THROW(ModelRegistry(dir.path() / "nope"), std::invalid_argument);
}

TEST(ModelRegistry, ModelOutlivesTheRegistry) {
  std::shared_ptr<const Mlp> model;
  {
    ModelRegistry registry;
    registry.add("alpha", Mlp::random(kSmall, 1));
    model = registry.get("alpha");
  }
  EXPECT_EQ(model->layer_sizes(), kSmall);
}

// Run under the tsan preset: many threads race on first loads and cached gets
// while another registers new models.
TEST(ModelRegistry, ConcurrentGet) {
  TempDir dir;
  constexpr int kModels = 5;
  for (int m = 0; m < kModels; ++m)
    save_model(Mlp::random(kSmall, 10 + m),
               dir.path() / fmt::format("m{}.mbm", m));
  ModelRegistry registry(dir.path());
  constexpr int kThreads = 8;
  constexpr int kGets = 400;
  std::latch start(kThreads + 1);
  std::vector<std::vector<const Mlp*>> seen(
      kThreads, std::vector<const Mlp*>(kModels, nullptr));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kGets; ++i) {
        const int m = (i + t) % kModels;
        const auto model = registry.get(fmt::format("m{}", m));
        if (seen[t][m] == nullptr) seen[t][m] = model.get();
        if (seen[t][m] != model.get() || model->inputs() != 6) ++mismatches;
      }
    });
  }
  std::thread writer([&] {
    start.arrive_and_wait();
    for (int i = 0; i < 20; ++i)
      registry.add(fmt::format("extra{}", i), Mlp::random(kSmall, 100 + i));
  });
  for (auto& thread : threads) thread.join();
  writer.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(registry.file_loads(), static_cast<std::size_t>(kModels));
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t], seen[0]);
  EXPECT_EQ(registry.cached_count(), static_cast<std::size_t>(kModels + 20));
}

}  // namespace
}  // namespace marketbench::ml
