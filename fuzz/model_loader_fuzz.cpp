// libFuzzer target for the model file loader (load_model_from_bytes).
//
// Every input is tried twice: as given, and with its last 4 bytes replaced by
// the CRC-32C of the rest, so mutations also reach the checks behind the
// checksum (dimensions are checked before it, values after it). Anything but
// a ModelFormatError escaping, a crash, or a sanitizer report is a finding;
// so is an accepted model that does not serialise back to the same bytes
// (the format is canonical) or that returns non-finite probabilities instead
// of reporting an overflow.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <vector>

#include "core/checksum.hpp"
#include "marketbench/ml/model_file.hpp"

namespace {

namespace core = marketbench::core;
namespace ml = marketbench::ml;

void check(std::span<const std::byte> bytes) {
  try {
    const ml::Mlp model = ml::load_model_from_bytes(bytes, "fuzz-input");
    const std::vector<std::byte> again = ml::serialize_model(model);
    if (again.size() != bytes.size() ||
        !std::equal(again.begin(), again.end(), bytes.begin()))
      std::abort();
    ml::InferenceWorkspace workspace(model, 2);
    std::vector<float> features(2 * model.inputs());
    for (std::size_t i = 0; i < features.size(); ++i)
      features[i] = static_cast<float>(i % 7) - 3.0f;
    std::vector<float> probabilities(2 * ml::kNumClasses);
    try {
      model.infer(features, probabilities, workspace);
    } catch (const std::domain_error&) {
      return;  // huge (finite) weights overflowed float32: reported, not a bug
    }
    for (float p : probabilities) {
      if (!std::isfinite(p)) std::abort();
    }
  } catch (const ml::ModelFormatError&) {
    // The expected outcome for nearly every input.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto bytes = std::as_bytes(std::span(data, size));
  check(bytes);
  if (size >= 4) {
    std::vector<std::byte> resealed(bytes.begin(), bytes.end());
    const std::uint32_t crc = core::crc32c(std::span(resealed).first(size - 4));
    for (int i = 0; i < 4; ++i)
      resealed[size - 4 + i] = static_cast<std::byte>((crc >> (8 * i)) & 0xFFu);
    check(resealed);
  }
  return 0;
}
