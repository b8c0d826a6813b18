#include "marketbench/ml/inference_workspace.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "marketbench/ml/mlp.hpp"

namespace marketbench::ml {

namespace {
Eigen::Index checked_size(std::size_t max_batch, std::size_t max_width) {
  if (max_batch == 0 || max_width == 0) {
    throw std::invalid_argument(
        fmt::format("InferenceWorkspace: max_batch ({}) and max_width ({}) "
                    "must be positive",
                    max_batch, max_width));
  }
  return static_cast<Eigen::Index>(max_batch * max_width);
}
}  // namespace

InferenceWorkspace::InferenceWorkspace(std::size_t max_batch,
                                       std::size_t max_width)
    : max_batch_(max_batch),
      max_width_(max_width),
      front_(Eigen::VectorXf::Zero(checked_size(max_batch, max_width))),
      back_(Eigen::VectorXf::Zero(checked_size(max_batch, max_width))) {}

InferenceWorkspace::InferenceWorkspace(const Mlp& model, std::size_t max_batch)
    : InferenceWorkspace(max_batch, model.workspace_width()) {}

}  // namespace marketbench::ml
