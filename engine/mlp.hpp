// Mlp: a feed-forward network of dense layers (a multilayer perceptron) with
// backpropagation. A batch is a matrix with one example per column (784 x B).
//
//   forward    H_0 = X,   A_l = W_l^T H_{l-1} + b_l,   H_l = f_l(A_l)        (l = 1..L)
//   f          relu max(0, a) | tanh a | sigmoid 1 / (1 + e^-a) | identity a
//   backward   given D_L = dLoss/dH_L:
//              G_l = D_l (.) f_l'(A_l), with f' read off H_l: relu [H > 0], tanh 1 - H^2,
//                    sigmoid H (1 - H), identity 1
//              dLoss/dW_l = H_{l-1} G_l^T,   dLoss/db_l = G_l 1,   D_{l-1} = W_l G_l
//   W_l is in_l x out_l, column-major: the layout of an RBM's W (visible x hidden),
//   so the RBMs of a deep belief network load as layers unchanged.
//
// Parameters are not owned: the caller passes one flat block laid out
//   [ W_1 | b_1 | W_2 | b_2 | ... ]
// (param_count() floats), so several networks (an encoder and a decoder) share one
// buffer, one optimiser and one divergence guard. Gradients use the same layout.
// Initialisation (initialize): W_l ~ N(0, 2 / in_l) for relu layers (He),
// N(0, 2 / (in_l + out_l)) otherwise (Glorot); biases 0.
#pragma once
#include <string>
#include <vector>

#include "kernels.hpp"
#include "rng.hpp"

namespace latent {

enum class Activation { Relu = 0, Tanh = 1, Sigmoid = 2, Identity = 3 };

const char* activation_name(Activation a);  // "relu", "tanh", "sigmoid", "identity"
// The hidden-layer choices only: "relu", "tanh", "sigmoid" (identity is for output layers).
bool activation_from_name(const std::string& name, Activation& out);

struct DenseLayer {
  int in = 0, out = 0;
  Activation activation = Activation::Identity;
  size_t offset = 0;  // of W_l in the block; b_l follows at offset + in * out
};

// What a forward pass keeps for the backward pass, and the backward pass's scratch.
struct MlpCache {
  const Matrix* input = nullptr;  // H_0 (not copied: must outlive the backward pass)
  std::vector<Matrix> h;          // h[l] = H_{l+1}, the output of layer l (0-based)
  std::vector<Matrix> dh;         // dh[l] = dLoss/dH_{l+1} for the inner layers
  const Matrix& output() const { return h.back(); }
};

class Mlp {
 public:
  Mlp() = default;
  // sizes = {in, n_1, ..., n_L}; one activation per layer (L of them).
  Mlp(const std::vector<int>& sizes, const std::vector<Activation>& activations);

  int layers() const { return int(layers_.size()); }
  int input_size() const { return layers_.empty() ? 0 : layers_.front().in; }
  int output_size() const { return layers_.empty() ? 0 : layers_.back().out; }
  const DenseLayer& layer(int l) const { return layers_[size_t(l)]; }
  size_t param_count() const { return count_; }

  ConstMatrixMap W(const float* params, int l) const;
  ConstVectorMap b(const float* params, int l) const;
  MatrixMap W(float* params, int l) const;
  VectorMap b(float* params, int l) const;

  void initialize(float* params, Rng& rng) const;

  // H_L for the columns of X; X must outlive a backward pass that uses the cache.
  void forward(const float* params, const Matrix& X, MlpCache& cache) const;
  // Layers first .. end-1 only (0-based), without a cache: X is H_first, out H_end.
  void forward_layers(const float* params, const Matrix& X, int first, int end, Matrix& out) const;

  // After forward(params, X, cache): delta = dLoss/dH_L on entry (used as scratch:
  // overwritten). Writes dLoss/dparams to grad (param_count() floats) and, when dX
  // is not null, dLoss/dX.
  void backward(const float* params, MlpCache& cache, Matrix& delta, float* grad, Matrix* dX) const;

 private:
  std::vector<DenseLayer> layers_;
  size_t count_ = 0;
};

}  // namespace latent
