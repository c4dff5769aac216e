// First-order optimisers on flat parameter buffers: a gradient of the loss in,
// the parameters moved downhill. Shared by every network trained by
// backpropagation (autoencoders, VAEs, a deep belief network's fine-tuning).
//
//   SGD with momentum   v <- mu v - lr g,   theta <- theta + v
//   Adam (Kingma & Ba)  m <- b1 m + (1 - b1) g,   s <- b2 s + (1 - b2) g^2       (t = 1, 2, ...)
//                       theta <- theta - lr m_hat / (sqrt(s_hat) + eps),
//                       m_hat = m / (1 - b1^t),  s_hat = s / (1 - b2^t)        (bias correction)
//                       defaults b1 = 0.9, b2 = 0.999, eps = 1e-8
// The state (v; m, s, t) belongs to one buffer of n parameters; it starts afresh
// on reset() and whenever the kind of optimiser changes.
#pragma once
#include <cstddef>
#include <string>

#include "kernels.hpp"

namespace latent {

enum class OptimizerKind { Adam = 0, Sgd = 1 };

const char* optimizer_name(OptimizerKind o);  // "adam", "sgd"
bool optimizer_from_name(const std::string& name, OptimizerKind& out);

struct OptimizerSettings {
  OptimizerKind optimizer = OptimizerKind::Adam;
  float learning_rate = 1e-3f;
  float momentum = 0.9f;  // SGD only
  float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;  // Adam only
};

class Optimizer {
 public:
  Optimizer() = default;
  explicit Optimizer(size_t n) { resize(n); }

  void resize(size_t n);  // n parameters; the state starts afresh
  void reset();           // the state starts afresh (after a divergence, say)

  // One step on params (n floats) from grad = dLoss/dparams (n floats).
  void step(const OptimizerSettings& s, float* params, const float* grad);

  long long steps() const { return t_; }  // since the last reset

 private:
  size_t n_ = 0;
  OptimizerKind kind_ = OptimizerKind::Adam;
  long long t_ = 0;
  ParamBuffer m_, s_;  // SGD: m_ is the velocity
};

}  // namespace latent
