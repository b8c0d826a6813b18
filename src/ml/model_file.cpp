#include "marketbench/ml/model_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>

#include "core/checksum.hpp"
#include "core/enum_names.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {

namespace {

// magic (8) + version (4) + layer count (4) + payload bytes (8)
constexpr std::size_t kFixedHeaderBytes = 24;
constexpr std::size_t kChecksumBytes = 4;

[[noreturn]] void fail(ModelFormatProblem problem, std::string_view source,
                       const std::string& detail) {
  throw ModelFormatError(problem, std::string(source), detail);
}

std::uint32_t read_u32(const std::byte* p) {
  return static_cast<std::uint32_t>(p[0]) |
         static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 |
         static_cast<std::uint32_t>(p[3]) << 24;
}

std::uint64_t read_u64(const std::byte* p) {
  return static_cast<std::uint64_t>(read_u32(p)) |
         static_cast<std::uint64_t>(read_u32(p + 4)) << 32;
}

void read_floats(const std::byte* p, float* out, std::size_t n) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, p, n * sizeof(float));
  } else {
    for (std::size_t i = 0; i < n; ++i)
      out[i] = std::bit_cast<float>(read_u32(p + 4 * i));
  }
}

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<std::byte>((v >> shift) & 0xFFu));
}

void put_u64(std::vector<std::byte>& out, std::uint64_t v) {
  put_u32(out, static_cast<std::uint32_t>(v));
  put_u32(out, static_cast<std::uint32_t>(v >> 32));
}

void put_floats(std::vector<std::byte>& out, const float* values,
                std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    put_u32(out, std::bit_cast<std::uint32_t>(values[i]));
}

// Bytes of the normalisation, weights and biases for these widths.
std::uint64_t payload_bytes(std::span<const std::uint32_t> widths) {
  std::uint64_t floats = 2 * static_cast<std::uint64_t>(widths.front());
  for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
    floats +=
        static_cast<std::uint64_t>(widths[l]) * widths[l + 1] + widths[l + 1];
  }
  return floats * sizeof(float);
}

std::string hex_prefix(std::span<const std::byte> bytes) {
  std::string out;
  for (std::byte b :
       bytes.first(std::min<std::size_t>(bytes.size(), kModelMagic.size()))) {
    out += fmt::format("{:02x}", static_cast<unsigned>(b));
  }
  return out;
}

// Decodes n floats at `offset`, requiring each to be finite; `what(i)` names
// value i in the error.
template <typename Name>
void decode_finite(std::span<const std::byte> bytes, std::size_t offset,
                   float* out, std::size_t n, std::string_view source,
                   Name&& what) {
  read_floats(bytes.data() + offset, out, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(out[i])) {
      fail(ModelFormatProblem::kNonFiniteValue, source,
           fmt::format("{} is {} (byte offset {})", what(i), out[i],
                       offset + 4 * i));
    }
  }
}

}  // namespace

std::string_view problem_name(ModelFormatProblem problem) {
  using P = ModelFormatProblem;
  static constexpr auto kNames =
      core::enum_names<P>({{P::kUnreadable, "unreadable"},
                           {P::kTruncated, "truncated"},
                           {P::kBadMagic, "bad magic"},
                           {P::kUnsupportedVersion, "unsupported version"},
                           {P::kAbsurdDimensions, "absurd dimensions"},
                           {P::kWrongClassCount, "wrong class count"},
                           {P::kSizeMismatch, "size mismatch"},
                           {P::kChecksumMismatch, "checksum mismatch"},
                           {P::kNonFiniteValue, "non-finite value"},
                           {P::kInvalidNormalisation, "invalid normalisation"}},
                          "unknown problem");
  return kNames(problem);
}

ModelFormatError::ModelFormatError(ModelFormatProblem problem,
                                   std::string source,
                                   const std::string& detail)
    : std::runtime_error(fmt::format("model file '{}': {}: {}", source,
                                     problem_name(problem), detail)),
      problem_(problem),
      source_(std::move(source)) {}

std::uint64_t max_model_file_bytes() {
  std::array<std::uint32_t, kMaxLayers + 1> widths;
  widths.fill(static_cast<std::uint32_t>(kMaxLayerWidth));
  return kFixedHeaderBytes + 4 * widths.size() + payload_bytes(widths) +
         kChecksumBytes;
}

std::uint32_t model_checksum(const Mlp& model) {
  const std::vector<std::byte> bytes = serialize_model(model);
  return core::crc32c(std::span(bytes).first(bytes.size() - kChecksumBytes));
}

std::vector<std::byte> serialize_model(const Mlp& model) {
  std::vector<std::uint32_t> widths;
  for (std::size_t w : model.layer_sizes())
    widths.push_back(static_cast<std::uint32_t>(w));
  const std::uint64_t payload = payload_bytes(widths);

  std::vector<std::byte> out;
  out.reserve(kFixedHeaderBytes + 4 * widths.size() + payload + kChecksumBytes);
  for (char c : kModelMagic) out.push_back(static_cast<std::byte>(c));
  put_u32(out, kModelFormatVersion);
  put_u32(out, static_cast<std::uint32_t>(model.layers().size()));
  put_u64(out, payload);
  for (std::uint32_t w : widths) put_u32(out, w);
  const FeatureNormalisation& norm = model.normalisation();
  put_floats(out, norm.mean.data(), static_cast<std::size_t>(norm.mean.size()));
  put_floats(out, norm.stddev.data(),
             static_cast<std::size_t>(norm.stddev.size()));
  for (const DenseLayer& layer : model.layers()) {
    put_floats(out, layer.weights.data(),
               static_cast<std::size_t>(layer.weights.size()));
    put_floats(out, layer.bias.data(),
               static_cast<std::size_t>(layer.bias.size()));
  }
  put_u32(out, core::crc32c(out));
  return out;
}

Mlp load_model_from_bytes(std::span<const std::byte> bytes,
                          std::string_view source) {
  using P = ModelFormatProblem;
  const std::size_t size = bytes.size();

  const std::size_t magic_seen = std::min(size, kModelMagic.size());
  if (magic_seen > 0 &&
      std::memcmp(bytes.data(), kModelMagic.data(), magic_seen) != 0) {
    fail(P::kBadMagic, source,
         fmt::format("starts with bytes {} where a model starts with "
                     "4d424d4f44454c1a (\"MBMODEL\\x1a\")",
                     hex_prefix(bytes)));
  }
  if (size < kFixedHeaderBytes) {
    if (size >= 12 && read_u32(bytes.data() + 8) != kModelFormatVersion) {
      fail(P::kUnsupportedVersion, source,
           fmt::format("version {} (this build reads version {})",
                       read_u32(bytes.data() + 8), kModelFormatVersion));
    }
    fail(P::kTruncated, source,
         fmt::format("{} bytes, shorter than the {}-byte header", size,
                     kFixedHeaderBytes));
  }
  const std::uint32_t version = read_u32(bytes.data() + 8);
  if (version != kModelFormatVersion) {
    fail(P::kUnsupportedVersion, source,
         fmt::format("version {} (this build reads version {})", version,
                     kModelFormatVersion));
  }
  const std::uint32_t layer_count = read_u32(bytes.data() + 12);
  if (layer_count == 0 || layer_count > kMaxLayers) {
    fail(P::kAbsurdDimensions, source,
         fmt::format("{} layers (must be 1..{})", layer_count, kMaxLayers));
  }
  const std::size_t widths_end =
      kFixedHeaderBytes + 4 * (static_cast<std::size_t>(layer_count) + 1);
  if (size < widths_end) {
    fail(P::kTruncated, source,
         fmt::format("file is {} bytes, but its {} layer widths end at byte {}",
                     size, layer_count + 1, widths_end));
  }
  std::array<std::uint32_t, kMaxLayers + 1> width_storage{};
  const std::span<std::uint32_t> widths(width_storage.data(), layer_count + 1);
  for (std::size_t i = 0; i < widths.size(); ++i) {
    widths[i] = read_u32(bytes.data() + kFixedHeaderBytes + 4 * i);
    if (widths[i] == 0 || widths[i] > kMaxLayerWidth) {
      fail(P::kAbsurdDimensions, source,
           fmt::format("width {} of layer boundary {} (widths must be 1..{})",
                       widths[i], i, kMaxLayerWidth));
    }
  }
  if (widths.back() != kNumClasses) {
    fail(P::kWrongClassCount, source,
         fmt::format("the output layer has {} units; models predict {} classes "
                     "(SELL, HOLD, BUY)",
                     widths.back(), kNumClasses));
  }
  const std::uint64_t payload = payload_bytes(widths);
  const std::uint64_t declared_payload = read_u64(bytes.data() + 16);
  if (declared_payload != payload) {
    fail(P::kSizeMismatch, source,
         fmt::format("the header declares a {}-byte payload but its layer "
                     "widths need {} bytes",
                     declared_payload, payload));
  }
  const std::uint64_t total = widths_end + payload + kChecksumBytes;
  if (size < total) {
    fail(P::kTruncated, source,
         fmt::format("file is {} bytes, its header promises {}", size, total));
  }
  if (size > total) {
    fail(P::kSizeMismatch, source,
         fmt::format("trailing data after the checksum: file is {} bytes, its "
                     "header promises {}",
                     size, total));
  }
  const std::size_t checksum_at =
      static_cast<std::size_t>(total) - kChecksumBytes;
  const std::uint32_t stored = read_u32(bytes.data() + checksum_at);
  const std::uint32_t computed = core::crc32c(bytes.first(checksum_at));
  if (stored != computed) {
    fail(P::kChecksumMismatch, source,
         fmt::format("stored CRC-32C is 0x{:08x}, the content gives 0x{:08x}",
                     stored, computed));
  }

  // Every count is now known to fit the bytes present.
  std::size_t offset = widths_end;
  const std::uint32_t inputs = widths.front();
  FeatureNormalisation norm{Eigen::RowVectorXf(inputs),
                            Eigen::RowVectorXf(inputs)};
  decode_finite(
      bytes, offset, norm.mean.data(), inputs, source,
      [](std::size_t k) { return fmt::format("the mean of feature {}", k); });
  offset += std::size_t{4} * inputs;
  decode_finite(
      bytes, offset, norm.stddev.data(), inputs, source,
      [](std::size_t k) { return fmt::format("the stddev of feature {}", k); });
  offset += std::size_t{4} * inputs;
  for (Eigen::Index k = 0; k < norm.stddev.size(); ++k) {
    if (!(norm.stddev[k] > 0.0f)) {
      fail(P::kInvalidNormalisation, source,
           fmt::format("the stddev of feature {} is {} (must be > 0)", k,
                       norm.stddev[k]));
    }
  }
  std::vector<DenseLayer> layers;
  layers.reserve(layer_count);
  for (std::size_t l = 0; l < layer_count; ++l) {
    const std::uint32_t in = widths[l];
    const std::uint32_t out = widths[l + 1];
    DenseLayer layer{RowMatrixXf(in, out), Eigen::RowVectorXf(out)};
    decode_finite(bytes, offset, layer.weights.data(), std::size_t{in} * out,
                  source, [&](std::size_t i) {
                    return fmt::format("weight ({}, {}) of layer {}", i / out,
                                       i % out, l);
                  });
    offset += 4 * std::size_t{in} * out;
    decode_finite(bytes, offset, layer.bias.data(), out, source,
                  [&](std::size_t j) {
                    return fmt::format("bias {} of layer {}", j, l);
                  });
    offset += 4 * std::size_t{out};
    layers.push_back(std::move(layer));
  }
  return Mlp(std::move(layers), std::move(norm));
}

Mlp load_model(const std::filesystem::path& path) {
  using P = ModelFormatProblem;
  const std::string source = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    fail(P::kUnreadable, source, ec ? ec.message() : "no such file");
  }
  if (!std::filesystem::is_regular_file(status))
    fail(P::kUnreadable, source, "not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) fail(P::kUnreadable, source, ec.message());
  if (size > max_model_file_bytes()) {
    fail(P::kSizeMismatch, source,
         fmt::format("file is {} bytes, larger than any valid model ({} bytes)",
                     size, max_model_file_bytes()));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(
      std::fopen(source.c_str(), "rb"), &std::fclose);
  if (!file)
    fail(P::kUnreadable, source,
         std::error_code(errno, std::generic_category()).message());
  std::vector<std::byte> bytes(static_cast<std::size_t>(size));
  const std::size_t read =
      std::fread(bytes.data(), 1, bytes.size(), file.get());
  if (read != bytes.size()) {
    if (std::ferror(file.get())) fail(P::kUnreadable, source, "read error");
    bytes.resize(read);  // it shrank since file_size(): validate what is there
  }
  return load_model_from_bytes(bytes, source);
}

void save_model(const Mlp& model, const std::filesystem::path& path) {
  static std::atomic<std::uint64_t> sequence{0};
  const std::vector<std::byte> bytes = serialize_model(model);
  std::filesystem::path temp = path;
  temp += fmt::format(".tmp.{}.{}", static_cast<long>(::getpid()),
                      sequence.fetch_add(1));
  auto failure = [&](std::string_view what, int error) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return std::runtime_error(
        fmt::format("save_model: {} '{}': {}", what, temp.string(),
                    std::error_code(error, std::generic_category()).message()));
  };
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) throw failure("cannot create", errno);
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() &&
      std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const int write_errno = errno;
  if (std::fclose(file) != 0 || !written)
    throw failure("cannot write", written ? errno : write_errno);
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error(
        fmt::format("save_model: cannot rename '{}' to '{}': {}", temp.string(),
                    path.string(), ec.message()));
  }
}

}  // namespace marketbench::ml
