#pragma once

#include <cstddef>
#include <memory>

namespace marketbench::ml {

class Mlp;

// Scratch activations for Mlp::infer: two buffers of max_batch x max_width
// floats, allocated once here, so that inference itself never allocates.
// One workspace per thread (inference writes into it); it serves any model
// whose layers fit in max_width.
class InferenceWorkspace {
 public:
  // Throws std::invalid_argument when max_batch or max_width is 0.
  InferenceWorkspace(std::size_t max_batch, std::size_t max_width);
  // Sized for `model`'s widest layer input.
  InferenceWorkspace(const Mlp& model, std::size_t max_batch);

  std::size_t max_batch() const { return max_batch_; }
  std::size_t max_width() const { return max_width_; }

  // Scratch buffer 0 or 1, each max_batch * max_width floats, 64-byte
  // aligned.
  float* buffer(int which) { return which == 0 ? front_.get() : back_.get(); }

 private:
  // Frees what operator new[] allocated with kAlignment.
  struct AlignedDelete {
    void operator()(float* p) const;
  };
  using Buffer = std::unique_ptr<float[], AlignedDelete>;
  static Buffer zeroed_buffer(std::size_t floats);

  std::size_t max_batch_;
  std::size_t max_width_;
  Buffer front_;
  Buffer back_;
};

}  // namespace marketbench::ml
