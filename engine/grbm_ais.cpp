// GrbmAis (see grbm_ais.hpp).
#include "grbm_ais.hpp"

#include <cmath>

namespace latent {

GrbmAis::GrbmAis(const Grbm& grbm, const Vector& base_mean, const Vector& base_variance, const AisSettings& settings)
    : grbm_(grbm), mean_(base_mean), variance_(base_variance), inv_var_(grbm.inverse_variances()),
      beta_(ais_schedule(settings.betas)), rng_(settings.seed) {
  const int M = std::max(settings.runs, 2);
  // v_1 ~ p_0 = p_A: independent Gaussians.
  const Vector sd = variance_.array().sqrt();
  sample_gaussian(V_, mean_.replicate(1, M), &sd, rng_);
  log_w_ = Eigen::VectorXd::Zero(M);
}

Eigen::VectorXd GrbmAis::log_unnormalised(double beta, const Matrix& X) const {
  const Eigen::ArrayXXd v = V_.cast<double>().array();
  const Eigen::ArrayXd m = mean_.cast<double>().array(), s2 = variance_.cast<double>().array();
  const Eigen::ArrayXd b = grbm_.b().cast<double>().array(), is2 = inv_var_.cast<double>().array();
  const Eigen::VectorXd base = ((v.colwise() - m).square().colwise() / (2 * s2)).colwise().sum().transpose();
  const Eigen::VectorXd target = ((v.colwise() - b).square().colwise() * (0.5 * is2)).colwise().sum().transpose();
  const Eigen::VectorXd hidden = softplus((beta * X.cast<double>().array()).eval()).colwise().sum().transpose();
  return -(1 - beta) * base - beta * target + hidden;
}

bool GrbmAis::advance(long steps) {
  const long K = long(beta_.size()) - 1;
  const Grbm& g = grbm_;
  for (long n = 0; n < steps && k_ < K; ++n) {
    const double b1 = beta_[size_t(k_)], b2 = beta_[size_t(k_) + 1];
    S_ = V_.array().colwise() * inv_var_.array();
    affine_tn(X_, g.W(), S_, g.c());
    log_w_ += log_unnormalised(b2, X_) - log_unnormalised(b1, X_);
    ++k_;
    if (k_ == K) break;  // the last weight is in; no transition at beta_K
    // v ~ T_{k+1}(v): h given v, then v given h, at the new temperature.
    H_ = sigmoid((float(b2) * X_).array()).matrix();
    sample_bernoulli(H_, H_, rng_);
    affine_nn(A_, g.W(), H_, g.b());  // b + W h
    const float w1 = float(1 - b2), w2 = float(b2);
    const Vector lambda = (w1 / variance_.array() + w2 * inv_var_.array()).matrix();
    const Vector pull = (w1 * mean_.array() / variance_.array()).matrix();
    A_ = ((w2 * (A_.array().colwise() * inv_var_.array())).colwise() + pull.array()).colwise() / lambda.array();
    const Vector sd = lambda.array().rsqrt();
    sample_gaussian(V_, A_, &sd, rng_);
  }
  return done();
}

AisEstimate GrbmAis::estimate() const {
  const double log_za = (0.5 * (2 * M_PI * variance_.cast<double>().array()).log()).sum();
  return ais_estimate(log_w_, log_za + grbm_.hidden() * std::log(2.0), int(beta_.size()) - 1);
}

}  // namespace latent
