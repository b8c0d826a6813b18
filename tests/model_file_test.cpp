#include "marketbench/ml/model_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "core/checksum.hpp"
#include "marketbench/core/random.hpp"
#include "ml/mlp_parameters.hpp"
#include "temp_dir.hpp"

namespace marketbench::ml {
namespace {

namespace fs = std::filesystem;

using marketbench::testing::TempDir;

Mlp tiny_model() {
  const Mlp base = Mlp::random(std::vector<std::size_t>{4, 5, 3}, 21);
  FeatureNormalisation norm{Eigen::RowVectorXf(4), Eigen::RowVectorXf(4)};
  norm.mean << 1.0f, -2.0f, 0.5f, 100.0f;
  norm.stddev << 0.5f, 2.0f, 1.0f, 30.0f;
  return Mlp(
      std::vector<DenseLayer>(base.layers().begin(), base.layers().end()),
      norm);
}

// Offsets in a {4, 5, 3} model file (see docs/MODEL_FORMAT.md).
constexpr std::size_t kVersionAt = 8;
constexpr std::size_t kLayerCountAt = 12;
constexpr std::size_t kPayloadBytesAt = 16;
constexpr std::size_t kWidthsAt = 24;
constexpr std::size_t kPayloadAt = kWidthsAt + 3 * 4;
constexpr std::size_t kTinyFileBytes =
    kPayloadAt + 4 * (4 + 4 + 4 * 5 + 5 + 5 * 3 + 3) + 4;

void put_u32(std::vector<std::byte>& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xFFu);
}

// Rewrites the trailing CRC so that a deliberate edit reaches the later checks.
void reseal(std::vector<std::byte>& bytes) {
  put_u32(bytes, bytes.size() - 4,
          core::crc32c(std::span(bytes).first(bytes.size() - 4)));
}

ModelFormatError load_error(const std::vector<std::byte>& bytes,
                            std::string_view source = "tiny.mbm") {
  try {
    load_model_from_bytes(bytes, source);
  } catch (const ModelFormatError& e) {
    return e;
  }
  ADD_FAILURE() << "load succeeded";
  return ModelFormatError(ModelFormatProblem::kUnreadable, "", "");
}

void expect_problem(const std::vector<std::byte>& bytes,
                    ModelFormatProblem problem, const std::string& needle) {
  const ModelFormatError e = load_error(bytes);
  EXPECT_EQ(e.problem(), problem) << e.what();
  EXPECT_EQ(e.source(), "tiny.mbm");
  const std::string message = e.what();
  EXPECT_NE(message.find("model file 'tiny.mbm'"), std::string::npos)
      << message;
  EXPECT_NE(message.find(std::string(problem_name(problem))), std::string::npos)
      << message;
  EXPECT_NE(message.find(needle), std::string::npos) << message;
}

void expect_same_model(const Mlp& a, const Mlp& b) {
  ASSERT_EQ(a.layer_sizes(), b.layer_sizes());
  EXPECT_EQ(a.normalisation().mean, b.normalisation().mean);
  EXPECT_EQ(a.normalisation().stddev, b.normalisation().stddev);
  for (std::size_t l = 0; l < a.layers().size(); ++l) {
    EXPECT_EQ(a.layers()[l].weights, b.layers()[l].weights);
    EXPECT_EQ(a.layers()[l].bias, b.layers()[l].bias);
  }
}

TEST(ModelFile, LayoutIsAsDocumented) {
  const std::vector<std::byte> bytes = serialize_model(tiny_model());
  ASSERT_EQ(bytes.size(), kTinyFileBytes);
  EXPECT_EQ(std::memcmp(bytes.data(), "MBMODEL\x1a", 8), 0);
  EXPECT_EQ(bytes[kVersionAt], std::byte{1});
  EXPECT_EQ(bytes[kLayerCountAt], std::byte{2});
  EXPECT_EQ(bytes[kPayloadBytesAt], std::byte{4 * 51});
  EXPECT_EQ(bytes[kWidthsAt], std::byte{4});
  EXPECT_EQ(bytes[kWidthsAt + 4], std::byte{5});
  EXPECT_EQ(bytes[kWidthsAt + 8], std::byte{3});
  float first_mean;
  std::memcpy(&first_mean, bytes.data() + kPayloadAt, 4);  // little-endian host
  EXPECT_EQ(first_mean, 1.0f);
}

TEST(ModelFile, RoundTripThroughAFile) {
  TempDir dir;
  const Mlp model = Mlp::random(99);
  const fs::path path = dir.path() / "m.mbm";
  save_model(model, path);
  const Mlp loaded = load_model(path);
  expect_same_model(model, loaded);
  // Nothing but the model is left behind (the temporary file was renamed).
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()),
                          fs::directory_iterator()),
            1);
  // Saving again replaces the file atomically with the new content.
  save_model(tiny_model(), path);
  expect_same_model(tiny_model(), load_model(path));
}

TEST(ModelFile, RoundTripInMemoryGivesIdenticalPredictions) {
  const Mlp model = tiny_model();
  const Mlp loaded = load_model_from_bytes(serialize_model(model));
  std::vector<float> x = {1.1f, -3.0f, 0.0f, 140.0f, 0.9f, -1.0f, 1.0f, 60.0f};
  std::vector<float> p1(6), p2(6);
  InferenceWorkspace workspace(model, 2);
  model.infer(x, p1, workspace);
  loaded.infer(x, p2, workspace);
  EXPECT_EQ(p1, p2);
}

TEST(ModelFile, RejectsWrongMagic) {
  auto bytes = serialize_model(tiny_model());
  bytes[3] = std::byte{'X'};
  expect_problem(bytes, ModelFormatProblem::kBadMagic, "4d424d58");
  const std::string text = "{\"not\": \"a model\"}";
  expect_problem(
      std::vector<std::byte>(
          reinterpret_cast<const std::byte*>(text.data()),
          reinterpret_cast<const std::byte*>(text.data()) + text.size()),
      ModelFormatProblem::kBadMagic, "7b226e6f74");
}

TEST(ModelFile, RejectsUnknownVersion) {
  auto bytes = serialize_model(tiny_model());
  put_u32(bytes, kVersionAt, 2);
  expect_problem(bytes, ModelFormatProblem::kUnsupportedVersion,
                 "version 2 (this build reads version 1)");
}

TEST(ModelFile, RejectsEveryTruncation) {
  const auto bytes = serialize_model(tiny_model());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const ModelFormatError e = load_error(std::vector<std::byte>(
        bytes.begin(), bytes.begin() + static_cast<long>(length)));
    EXPECT_EQ(e.problem(), ModelFormatProblem::kTruncated)
        << "length " << length << ": " << e.what();
  }
  expect_problem(std::vector<std::byte>(bytes.begin(), bytes.end() - 10),
                 ModelFormatProblem::kTruncated,
                 fmt::format("file is {} bytes, its header promises {}",
                             kTinyFileBytes - 10, kTinyFileBytes));
}

TEST(ModelFile, RejectsSizeMismatches) {
  auto trailing = serialize_model(tiny_model());
  trailing.resize(trailing.size() + 3);
  expect_problem(trailing, ModelFormatProblem::kSizeMismatch,
                 fmt::format("trailing data after the checksum: file is {} "
                             "bytes, its header promises {}",
                             kTinyFileBytes + 3, kTinyFileBytes));
  auto declared = serialize_model(tiny_model());
  put_u32(declared, kPayloadBytesAt, 4 * 51 + 4);
  expect_problem(declared, ModelFormatProblem::kSizeMismatch,
                 "declares a 208-byte payload but its layer widths need 204");
}

TEST(ModelFile, RejectsChecksumMismatch) {
  auto bytes = serialize_model(tiny_model());
  bytes[kPayloadAt + 40] ^= std::byte{0x01};
  expect_problem(bytes, ModelFormatProblem::kChecksumMismatch,
                 "stored CRC-32C is 0x");
}

TEST(ModelFile, EverySingleByteCorruptionIsCaught) {
  const auto good = serialize_model(tiny_model());
  for (std::size_t i = 0; i < good.size(); ++i) {
    auto bytes = good;
    bytes[i] ^= std::byte{0x40};
    EXPECT_THROW(load_model_from_bytes(bytes), ModelFormatError)
        << "byte " << i;
  }
}

TEST(ModelFile, RejectsAbsurdDimensions) {
  auto layers = serialize_model(tiny_model());
  put_u32(layers, kLayerCountAt, 1000);
  expect_problem(layers, ModelFormatProblem::kAbsurdDimensions,
                 "1000 layers (must be 1..16)");
  auto no_layers = serialize_model(tiny_model());
  put_u32(no_layers, kLayerCountAt, 0);
  expect_problem(no_layers, ModelFormatProblem::kAbsurdDimensions, "0 layers");
  auto huge = serialize_model(tiny_model());
  put_u32(huge, kWidthsAt + 4, 0x7fffffff);
  expect_problem(huge, ModelFormatProblem::kAbsurdDimensions,
                 "width 2147483647 of layer boundary 1");
  auto zero = serialize_model(tiny_model());
  put_u32(zero, kWidthsAt, 0);
  expect_problem(zero, ModelFormatProblem::kAbsurdDimensions,
                 "width 0 of layer boundary 0");
}

TEST(ModelFile, RejectsAHeaderPromisingAHugeModelWithoutAllocatingIt) {
  // 16 layers of 4096: a ~1 GB payload claimed by a file of a few hundred
  // bytes.
  std::vector<std::byte> bytes(kWidthsAt + 17 * 4 + 100);
  std::memcpy(bytes.data(), kModelMagic.data(), 8);
  put_u32(bytes, kVersionAt, 1);
  put_u32(bytes, kLayerCountAt, 16);
  for (int i = 0; i < 17; ++i)
    put_u32(bytes, kWidthsAt + 4 * i, i == 16 ? 3 : 4096);
  const std::uint64_t payload =
      4ull * (2 * 4096 + 15 * (4096ull * 4096 + 4096) + 4096 * 3 + 3);
  put_u32(bytes, kPayloadBytesAt, static_cast<std::uint32_t>(payload));
  put_u32(bytes, kPayloadBytesAt + 4,
          static_cast<std::uint32_t>(payload >> 32));
  expect_problem(bytes, ModelFormatProblem::kTruncated, "its header promises");
}

TEST(ModelFile, RejectsWrongClassCount) {
  auto bytes = serialize_model(tiny_model());
  put_u32(bytes, kWidthsAt + 8, 4);
  expect_problem(bytes, ModelFormatProblem::kWrongClassCount,
                 "the output layer has 4 units");
}

TEST(ModelFile, RejectsNonFiniteValues) {
  const auto good = serialize_model(tiny_model());
  struct Case {
    std::size_t float_index;  // from the start of the payload
    std::string needle;
  };
  // mean[4], stddev[4], W0 4x5, b0[5], W1 5x3, b1[3]
  for (const Case& c : {Case{2, "the mean of feature 2 is nan"},
                        Case{8 + 7, "weight (1, 2) of layer 0 is nan"},
                        Case{8 + 20 + 4, "bias 4 of layer 0 is nan"},
                        Case{8 + 25 + 14, "weight (4, 2) of layer 1"},
                        Case{8 + 25 + 15 + 2, "bias 2 of layer 1"}}) {
    auto bytes = good;
    put_u32(
        bytes, kPayloadAt + 4 * c.float_index,
        std::bit_cast<std::uint32_t>(std::numeric_limits<float>::quiet_NaN()));
    reseal(bytes);
    expect_problem(bytes, ModelFormatProblem::kNonFiniteValue, c.needle);
  }
  auto inf = good;
  put_u32(inf, kPayloadAt + 4 * 5,
          std::bit_cast<std::uint32_t>(std::numeric_limits<float>::infinity()));
  reseal(inf);
  expect_problem(inf, ModelFormatProblem::kNonFiniteValue,
                 "the stddev of feature 1 is inf");
}

TEST(ModelFile, RejectsNonPositiveStddev) {
  auto bytes = serialize_model(tiny_model());
  put_u32(bytes, kPayloadAt + 4 * 7, std::bit_cast<std::uint32_t>(-1.0f));
  reseal(bytes);
  expect_problem(bytes, ModelFormatProblem::kInvalidNormalisation,
                 "the stddev of feature 3 is -1 (must be > 0)");
}

TEST(ModelFile, FileErrorsNameThePath) {
  TempDir dir;
  try {
    load_model(dir.path() / "missing.mbm");
    ADD_FAILURE() << "loaded a missing file";
  } catch (const ModelFormatError& e) {
    EXPECT_EQ(e.problem(), ModelFormatProblem::kUnreadable);
    EXPECT_NE(std::string(e.what()).find("missing.mbm"), std::string::npos)
        << e.what();
  }
  try {
    load_model(dir.path());
    ADD_FAILURE() << "loaded a directory";
  } catch (const ModelFormatError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"),
              std::string::npos)
        << e.what();
  }
  const fs::path truncated = dir.path() / "short.mbm";
  auto bytes = serialize_model(tiny_model());
  std::FILE* f = std::fopen(truncated.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(bytes.data(), 1, 100, f);
  std::fclose(f);
  try {
    load_model(truncated);
    ADD_FAILURE() << "loaded a truncated file";
  } catch (const ModelFormatError& e) {
    EXPECT_EQ(e.problem(), ModelFormatProblem::kTruncated);
    EXPECT_NE(std::string(e.what()).find(truncated.string()), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(save_model(tiny_model(), dir.path() / "no_such_dir" / "m.mbm"),
               std::runtime_error);
}

TEST(ModelFile, MaxFileSizeCoversTheLargestModel) {
  EXPECT_GT(max_model_file_bytes(), 4ull * 16 * 4096 * 4096);
  EXPECT_LT(max_model_file_bytes(), 4ull * 17 * 4096 * 4096);
}

TEST(ModelFile, ModelChecksumIsTheStoredCrc) {
  const std::vector<std::byte> bytes = serialize_model(Mlp::random(3));
  std::uint32_t stored = 0;
  for (int i = 3; i >= 0; --i)
    stored = (stored << 8) |
             std::to_integer<std::uint32_t>(
                 bytes[bytes.size() - 4 + static_cast<std::size_t>(i)]);
  EXPECT_EQ(model_checksum(Mlp::random(3)), stored);
  EXPECT_NE(model_checksum(Mlp::random(3)), model_checksum(Mlp::random(4)));
}

}  // namespace
}  // namespace marketbench::ml
