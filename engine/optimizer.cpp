// Optimizer (optimizer.hpp): SGD with momentum and Adam, vectorised over the buffer.
#include "optimizer.hpp"

#include <algorithm>
#include <cmath>

namespace latent {

const char* optimizer_name(OptimizerKind o) {
  switch (o) {
    case OptimizerKind::Adam: return "adam";
    case OptimizerKind::Sgd: return "sgd";
  }
  return "unknown";
}

bool optimizer_from_name(const std::string& name, OptimizerKind& out) {
  for (OptimizerKind o : {OptimizerKind::Adam, OptimizerKind::Sgd}) {
    if (name == optimizer_name(o)) {
      out = o;
      return true;
    }
  }
  return false;
}

void Optimizer::resize(size_t n) {
  n_ = n;
  m_.assign(n, 0.0f);
  s_.assign(n, 0.0f);
  t_ = 0;
}

void Optimizer::reset() { resize(n_); }

void Optimizer::step(const OptimizerSettings& o, float* params, const float* grad) {
  if (o.optimizer != kind_) {
    kind_ = o.optimizer;
    reset();
  }
  ++t_;
  const Eigen::Index n = Eigen::Index(n_);
  auto p = VectorMap(params, n).array();
  const auto g = ConstVectorMap(grad, n).array();
  auto m = VectorMap(m_.data(), n).array();
  if (o.optimizer == OptimizerKind::Sgd) {
    m = o.momentum * m - o.learning_rate * g;
    p += m;
    return;
  }
  auto s = VectorMap(s_.data(), n).array();
  m = o.beta1 * m + (1.0f - o.beta1) * g;
  s = o.beta2 * s + (1.0f - o.beta2) * g.square();
  // lr m_hat / (sqrt(s_hat) + eps) = step_size m / (sqrt(s) / sqrt(1 - b2^t) + eps)
  const double t = double(t_);
  const float step_size = float(double(o.learning_rate) / (1.0 - std::pow(double(o.beta1), t)));
  const float inv_root_c2 = float(1.0 / std::sqrt(1.0 - std::pow(double(o.beta2), t)));
  p -= step_size * m / (s.sqrt() * inv_root_c2 + o.epsilon);
}

}  // namespace latent
