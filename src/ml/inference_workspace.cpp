#include "marketbench/ml/inference_workspace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <new>
#include <stdexcept>

#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

namespace {
constexpr std::align_val_t kAlignment{64};  // a cache line, an AVX-512 vector

std::size_t checked_size(std::size_t max_batch, std::size_t max_width) {
  if (max_batch == 0 || max_width == 0) {
    throw std::invalid_argument(
        fmt::format("InferenceWorkspace: max_batch ({}) and max_width ({}) "
                    "must be positive",
                    max_batch, max_width));
  }
  return max_batch * max_width;
}
}  // namespace

void InferenceWorkspace::AlignedDelete::operator()(float* p) const {
  ::operator delete[](p, kAlignment);
}

InferenceWorkspace::Buffer InferenceWorkspace::zeroed_buffer(
    std::size_t floats) {
  Buffer buffer(static_cast<float*>(
      ::operator new[](floats * sizeof(float), kAlignment)));
  std::fill_n(buffer.get(), floats, 0.0f);
  return buffer;
}

InferenceWorkspace::InferenceWorkspace(std::size_t max_batch,
                                       std::size_t max_width)
    : max_batch_(max_batch),
      max_width_(max_width),
      front_(zeroed_buffer(checked_size(max_batch, max_width))),
      back_(zeroed_buffer(checked_size(max_batch, max_width))) {}

InferenceWorkspace::InferenceWorkspace(const Mlp& model, std::size_t max_batch)
    : InferenceWorkspace(max_batch, model.workspace_width()) {}

}  // namespace marketbench::ml
