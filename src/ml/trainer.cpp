// GCC 12 reports -Wmaybe-uninitialized inside its own AVX-512 intrinsics when
// Eigen's double GEMM kernels inline them (a false positive, see
// dense_eigen.cpp); the pragma must precede every include.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "marketbench/ml/trainer.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "marketbench/core/random.hpp"
#include "ml/mlp_parameters.hpp"

namespace marketbench::ml {

namespace {

using MatrixXd =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Eigen::RowVectorXd;

struct Layer {
  MatrixXd w;  // inputs x outputs
  RowVectorXd b;
};

// First and second moment estimates of Adam, shaped like the parameters.
struct Moments {
  std::vector<Layer> m;
  std::vector<Layer> v;
};

std::vector<Layer> zeros_like(const std::vector<Layer>& layers) {
  std::vector<Layer> out;
  out.reserve(layers.size());
  for (const Layer& l : layers)
    out.push_back({MatrixXd::Zero(l.w.rows(), l.w.cols()),
                   RowVectorXd::Zero(l.b.size())});
  return out;
}

// He-normal weights (variance 2 / fan-in), zero biases.
std::vector<Layer> initial_layers(const std::vector<std::size_t>& sizes,
                                  core::Xoshiro256StarStar& rng) {
  std::vector<Layer> layers;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    const auto in = static_cast<Eigen::Index>(sizes[l]);
    const auto out = static_cast<Eigen::Index>(sizes[l + 1]);
    Layer layer{MatrixXd(in, out), RowVectorXd::Zero(out)};
    const double scale = std::sqrt(2.0 / static_cast<double>(in));
    for (Eigen::Index i = 0; i < in; ++i)
      for (Eigen::Index j = 0; j < out; ++j)
        layer.w(i, j) = scale * rng.normal();
    layers.push_back(std::move(layer));
  }
  return layers;
}

struct Normalisation {
  RowVectorXd mean;
  RowVectorXd inv_stddev;
  RowVectorXd stddev;
};

Normalisation normalisation_of(const LabelledRows& rows, std::size_t width) {
  const auto n = static_cast<double>(rows.rows());
  RowVectorXd sum = RowVectorXd::Zero(static_cast<Eigen::Index>(width));
  RowVectorXd sum_sq = sum;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    for (std::size_t k = 0; k < width; ++k) {
      const double x = rows.features[r * width + k];
      sum[static_cast<Eigen::Index>(k)] += x;
      sum_sq[static_cast<Eigen::Index>(k)] += x * x;
    }
  }
  Normalisation norm;
  norm.mean = sum / n;
  norm.stddev = RowVectorXd(sum.size());
  for (Eigen::Index k = 0; k < sum.size(); ++k) {
    const double var =
        std::max(0.0, sum_sq[k] / n - norm.mean[k] * norm.mean[k]);
    const double sd = std::sqrt(var);
    // Stored as float32: keep it a positive float even for a constant feature.
    norm.stddev[k] = sd > 1e-12 * (1.0 + std::abs(norm.mean[k])) ? sd : 1.0;
  }
  norm.inv_stddev = norm.stddev.cwiseInverse();
  return norm;
}

// Normalised features of the given rows (in that order).
MatrixXd gather(const LabelledRows& rows, std::span<const std::size_t> which,
                const Normalisation& norm) {
  const auto width = norm.mean.size();
  MatrixXd x(static_cast<Eigen::Index>(which.size()), width);
  for (std::size_t i = 0; i < which.size(); ++i) {
    const float* src =
        rows.features.data() + which[i] * static_cast<std::size_t>(width);
    for (Eigen::Index k = 0; k < width; ++k)
      x(static_cast<Eigen::Index>(i), k) =
          (static_cast<double>(src[k]) - norm.mean[k]) * norm.inv_stddev[k];
  }
  return x;
}

// Forward pass keeping every activation: acts[0] = x, acts[l + 1] = layer l's
// output (ReLU for hidden layers, softmax probabilities for the last).
void forward(const std::vector<Layer>& layers, const MatrixXd& x,
             std::vector<MatrixXd>& acts) {
  acts.resize(layers.size() + 1);
  acts[0] = x;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    MatrixXd z = acts[l] * layers[l].w;
    z.rowwise() += layers[l].b;
    if (l + 1 < layers.size()) {
      acts[l + 1] = z.cwiseMax(0.0);
    } else {
      for (Eigen::Index r = 0; r < z.rows(); ++r) {
        const double top = z.row(r).maxCoeff();
        z.row(r) = (z.row(r).array() - top).exp();
        z.row(r) /= z.row(r).sum();
      }
      acts[l + 1] = std::move(z);
    }
  }
}

double cross_entropy(const MatrixXd& probabilities,
                     std::span<const std::uint8_t> labels) {
  double loss = 0;
  for (Eigen::Index r = 0; r < probabilities.rows(); ++r)
    loss -= std::log(
        std::max(probabilities(r, labels[static_cast<std::size_t>(r)]), 1e-15));
  return loss / static_cast<double>(probabilities.rows());
}

// Gradients of the mean cross-entropy (plus the L2 penalty) into grads.
void backward(const std::vector<Layer>& layers,
              const std::vector<MatrixXd>& acts,
              std::span<const std::uint8_t> labels, double weight_decay,
              std::vector<Layer>& grads) {
  const auto n = static_cast<double>(labels.size());
  MatrixXd delta = acts.back();
  for (std::size_t r = 0; r < labels.size(); ++r)
    delta(static_cast<Eigen::Index>(r), labels[r]) -= 1.0;
  delta /= n;
  for (std::size_t l = layers.size(); l-- > 0;) {
    grads[l].w.noalias() = acts[l].transpose() * delta;
    grads[l].w += weight_decay * layers[l].w;
    grads[l].b = delta.colwise().sum();
    if (l > 0) {
      MatrixXd back = delta * layers[l].w.transpose();
      delta =
          back.cwiseProduct((acts[l].array() > 0.0).cast<double>().matrix());
    }
  }
}

void adam_step(std::vector<Layer>& layers, const std::vector<Layer>& grads,
               Moments& moments, const TrainerConfig& c, std::size_t step) {
  const double t = static_cast<double>(step);
  const double correct1 = 1.0 - std::pow(c.beta1, t);
  const double correct2 = 1.0 - std::pow(c.beta2, t);
  const double lr = c.learning_rate * std::sqrt(correct2) / correct1;
  auto update = [&](auto& p, const auto& g, auto& m, auto& v) {
    m = c.beta1 * m + (1.0 - c.beta1) * g;
    v = c.beta2 * v + (1.0 - c.beta2) * g.cwiseProduct(g);
    p.array() -= lr * m.array() / (v.array().sqrt() + c.epsilon);
  };
  for (std::size_t l = 0; l < layers.size(); ++l) {
    update(layers[l].w, grads[l].w, moments.m[l].w, moments.v[l].w);
    update(layers[l].b, grads[l].b, moments.m[l].b, moments.v[l].b);
  }
}

Mlp to_mlp(const std::vector<Layer>& layers, const Normalisation& norm) {
  std::vector<DenseLayer> out;
  out.reserve(layers.size());
  for (const Layer& l : layers)
    out.push_back({l.w.cast<float>(), l.b.cast<float>()});
  return Mlp(std::move(out),
             {norm.mean.cast<float>(), norm.stddev.cast<float>()});
}

void check_table(const LabelledRows& rows, std::size_t width,
                 const char* name) {
  if (rows.rows() == 0 || rows.features.size() != rows.rows() * width) {
    throw std::invalid_argument(fmt::format(
        "train_mlp: the {} table has {} rows and {} feature values (need >= 1 "
        "row of {} features)",
        name, rows.rows(), rows.features.size(), width));
  }
}

}  // namespace

void TrainerConfig::validate() const {
  if (layer_sizes.size() < 2 || layer_sizes.back() != kNumClasses ||
      std::find(layer_sizes.begin(), layer_sizes.end(), std::size_t{0}) !=
          layer_sizes.end()) {
    throw std::invalid_argument(
        "TrainerConfig: layer_sizes needs >= 2 non-zero widths ending in 3");
  }
  if (epochs == 0 || batch_size == 0)
    throw std::invalid_argument(
        "TrainerConfig: epochs and batch_size must be >= 1");
  if (!(learning_rate > 0) || !(beta1 >= 0 && beta1 < 1) ||
      !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weight_decay >= 0)) {
    throw std::invalid_argument(fmt::format(
        "TrainerConfig: learning_rate {} and epsilon {} must be > 0, beta1 {} "
        "and beta2 {} in [0, 1), weight_decay {} >= 0",
        learning_rate, epsilon, beta1, beta2, weight_decay));
  }
}

TrainingResult train_mlp(const LabelledRows& train,
                         const LabelledRows& validation,
                         const TrainerConfig& config) {
  config.validate();
  const std::size_t width = config.layer_sizes.front();
  check_table(train, width, "training");
  check_table(validation, width, "validation");

  core::Xoshiro256StarStar rng(config.seed);
  std::vector<Layer> layers = initial_layers(config.layer_sizes, rng);
  std::vector<Layer> grads = zeros_like(layers);
  Moments moments{zeros_like(layers), zeros_like(layers)};
  const Normalisation norm = normalisation_of(train, width);

  std::vector<std::size_t> all_validation(validation.rows());
  std::iota(all_validation.begin(), all_validation.end(), std::size_t{0});
  const MatrixXd x_validation = gather(validation, all_validation, norm);

  std::vector<std::size_t> order(train.rows());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::uint8_t> batch_labels;
  std::vector<MatrixXd> acts;
  std::vector<MatrixXd> validation_acts;
  std::size_t step = 0;

  TrainingResult result{to_mlp(layers, norm), 0, {}};
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t epoch = 0; epoch < config.epochs; ++epoch) {
    // Fisher-Yates with the seeded generator (std::shuffle's use of the
    // generator is not specified).
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[rng.uniform_below(i)]);
    double loss_sum = 0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < order.size();
         begin += config.batch_size) {
      const std::size_t count =
          std::min(config.batch_size, order.size() - begin);
      const std::span<const std::size_t> which(order.data() + begin, count);
      batch_labels.resize(count);
      for (std::size_t i = 0; i < count; ++i)
        batch_labels[i] = train.labels[which[i]];
      forward(layers, gather(train, which, norm), acts);
      loss_sum += cross_entropy(acts.back(), batch_labels);
      ++batches;
      backward(layers, acts, batch_labels, config.weight_decay, grads);
      adam_step(layers, grads, moments, config, ++step);
    }
    forward(layers, x_validation, validation_acts);
    const MatrixXd& p = validation_acts.back();
    std::size_t correct = 0;
    for (Eigen::Index r = 0; r < p.rows(); ++r) {
      Eigen::Index best_class = 0;
      p.row(r).maxCoeff(&best_class);
      correct += static_cast<std::size_t>(best_class) ==
                 validation.labels[static_cast<std::size_t>(r)];
    }
    EpochLog log;
    log.train_loss = loss_sum / static_cast<double>(batches);
    log.validation_loss = cross_entropy(p, validation.labels);
    log.validation_accuracy =
        static_cast<double>(correct) / static_cast<double>(p.rows());
    result.epochs.push_back(log);
    if (log.validation_loss < best) {
      best = log.validation_loss;
      result.best_epoch = epoch;
      result.model = to_mlp(layers, norm);
    }
  }
  return result;
}

}  // namespace marketbench::ml
