#pragma once

// The model file format (docs/MODEL_FORMAT.md): little-endian, a fixed
// header, the layer widths, the normalisation, weights and biases, and a
// CRC-32C of everything before it. Loading never trusts a count in the header
// before checking it against the number of bytes actually there.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

inline constexpr std::array<char, 8> kModelMagic = {'M', 'B', 'M', 'O',
                                                    'D', 'E', 'L', '\x1a'};
inline constexpr std::uint32_t kModelFormatVersion = 1;
// The extension ModelRegistry looks for.
inline constexpr std::string_view kModelFileExtension = ".mbm";

// What is wrong with a model file; each has its own message.
enum class ModelFormatProblem {
  kUnreadable,          // missing, not a regular file, or an I/O error
  kTruncated,           // fewer bytes than the header (or the magic) needs
  kBadMagic,            // not a marketbench model file
  kUnsupportedVersion,  // a version this build does not read
  kAbsurdDimensions,    // layer count or a width outside the sane bounds
  kWrongClassCount,     // the output layer is not SELL / HOLD / BUY
  kSizeMismatch,  // sizes disagree (payload field, trailing bytes, oversized
                  // file)
  kChecksumMismatch,  // the CRC-32C does not match the content
  kNonFiniteValue,  // a NaN or infinity in the normalisation, weights or biases
  kInvalidNormalisation,  // a standard deviation <= 0
};
std::string_view problem_name(ModelFormatProblem problem);

// Thrown by every load: the message names the source (file path or
// "<memory>"), the problem and the offending values.
class ModelFormatError : public std::runtime_error {
 public:
  ModelFormatError(ModelFormatProblem problem, std::string source,
                   const std::string& detail);
  ModelFormatProblem problem() const { return problem_; }
  const std::string& source() const { return source_; }

 private:
  ModelFormatProblem problem_;
  std::string source_;
};

// The exact bytes save_model writes.
std::vector<std::byte> serialize_model(const Mlp& model);

// The CRC-32C save_model stores in the last 4 bytes: the model's checksum.
// (Not the CRC of the whole file, which is the same constant for every valid
// file.)
std::uint32_t model_checksum(const Mlp& model);

// Writes `model` to a temporary file next to `path`, then renames it over
// `path`, so readers never see a half-written model. Throws std::runtime_error
// naming the path on an I/O failure.
void save_model(const Mlp& model, const std::filesystem::path& path);

// Reads and validates a model file; throws ModelFormatError.
Mlp load_model(const std::filesystem::path& path);

// The same checks on bytes already in memory; `source` names them in errors.
Mlp load_model_from_bytes(std::span<const std::byte> bytes,
                          std::string_view source = "<memory>");

// The largest file a valid model can be (kMaxLayers layers of kMaxLayerWidth).
std::uint64_t max_model_file_bytes();

}  // namespace marketbench::ml
