// RbmParams: the parameter block every RBM variant shares, and the conditional
// they share. One flat aligned buffer
//   [ W (nv*nh, column-major) | b (nv, visible bias) | c (nh, hidden bias) ]
// with Eigen views, so optimisers, checks, save/load and snapshots read one block.
// Whatever the visible units are (binary, Gaussian), the hidden units are
// binary with p(h_j = 1 | v) = sigmoid(c_j + v^T W_:j) (a GRBM with learned
// variances feeds v / sigma^2 instead: Grbm::hidden_probs).
// Legend: V is nv x B (one example per column), H is nh x B.
#pragma once
#include <algorithm>

#include "kernels.hpp"
#include "rng.hpp"

namespace latent {

class RbmParams {
 public:
  RbmParams() = default;
  RbmParams(int visible, int hidden)
      : nv_(visible), nh_(hidden), params_(size_t(visible) * hidden + visible + hidden, 0.0f) {}

  int visible() const { return nv_; }
  int hidden() const { return nh_; }
  size_t param_count() const { return params_.size(); }

  ParamBuffer& params() { return params_; }
  const ParamBuffer& params() const { return params_; }
  MatrixMap W() { return MatrixMap(params_.data(), nv_, nh_); }
  VectorMap b() { return VectorMap(params_.data() + size_t(nv_) * nh_, nv_); }
  VectorMap c() { return VectorMap(params_.data() + size_t(nv_) * nh_ + nv_, nh_); }
  ConstMatrixMap W() const { return ConstMatrixMap(params_.data(), nv_, nh_); }
  ConstVectorMap b() const { return ConstVectorMap(params_.data() + size_t(nv_) * nh_, nv_); }
  ConstVectorMap c() const { return ConstVectorMap(params_.data() + size_t(nv_) * nh_ + nv_, nh_); }

  // W ~ N(0, init_std^2), b = 0, c = 0 (each model then sets b from the data).
  void randomize(float init_std, Rng& rng) {
    std::fill(params_.begin(), params_.end(), 0.0f);
    MatrixMap w = W();
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = init_std * rng.normal();
  }

  // p(h=1|v) for each column of V.
  void hidden_probs(const Matrix& V, Matrix& H) const { affine_tn_sigmoid(H, W(), V, c()); }

  // A gradient (in double, as the exact computations give it) laid out like the buffer.
  static Eigen::VectorXd flat(const Eigen::MatrixXd& dW, const Eigen::VectorXd& db, const Eigen::VectorXd& dc) {
    Eigen::VectorXd g(dW.size() + db.size() + dc.size());
    g << Eigen::Map<const Eigen::VectorXd>(dW.data(), dW.size()), db, dc;
    return g;
  }

 private:
  int nv_ = 0, nh_ = 0;
  ParamBuffer params_;
};

}  // namespace latent
