// RbmAis (see rbm_ais.hpp).
#include "rbm_ais.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace latent {
namespace {

using ArrayD = Eigen::ArrayXXd;

// sum_j softplus(beta x_j) per column of X (nh x M), in double.
Eigen::VectorXd softplus_sums(const ArrayD& X, double beta) {
  return softplus((beta * X).eval()).colwise().sum().transpose();
}

}  // namespace

std::vector<double> ais_schedule(int betas) {
  const int K = std::max(betas, 3);
  // The paper's 500 : 4000 : 10000 split of K, each stretch at least one step.
  const int n1 = std::max(1, int(std::lround(K * (500.0 / 14500.0))));
  const int n2 = std::max(1, int(std::lround(K * (4000.0 / 14500.0))));
  const int n3 = std::max(1, K - n1 - n2);
  std::vector<double> beta;
  beta.reserve(size_t(n1 + n2 + n3) + 1);
  for (int i = 0; i < n1; ++i) beta.push_back(0.5 * i / n1);
  for (int i = 0; i < n2; ++i) beta.push_back(0.5 + 0.4 * i / n2);
  for (int i = 0; i <= n3; ++i) beta.push_back(0.9 + 0.1 * i / n3);
  beta.back() = 1.0;
  return beta;
}

RbmAis::RbmAis(const Rbm& rbm, const Vector& base_bias, const AisSettings& settings)
    : rbm_(rbm), base_(base_bias), beta_(ais_schedule(settings.betas)), rng_(settings.seed) {
  const int M = std::max(settings.runs, 2);
  bias_gap_ = rbm_.b() - base_;
  // v_1 ~ p_0 = p_A: independent pixels with p(v_i = 1) = sigmoid(b_A,i).
  Matrix probs = base_.replicate(1, M);
  sigmoid_inplace(probs);
  sample_bernoulli(V_, probs, rng_);
  log_w_ = Eigen::VectorXd::Zero(M);
}

bool RbmAis::advance(long steps) {
  const long K = long(beta_.size()) - 1;
  const Rbm& rbm = rbm_;
  for (long n = 0; n < steps && k_ < K; ++n) {
    const double b1 = beta_[size_t(k_)], b2 = beta_[size_t(k_) + 1];
    // log p*_{k+1}(v) - log p*_k(v) at the runs' current v (drawn from T_k, or p_0).
    affine_tn(X_, rbm.W(), V_, rbm.c());
    const ArrayD Xd = X_.cast<double>().array();
    log_w_ += (b2 - b1) * (V_.transpose() * bias_gap_).cast<double>() + softplus_sums(Xd, b2) - softplus_sums(Xd, b1);
    ++k_;
    if (k_ == K) break;  // the last weight is in; no transition at beta_K
    // v ~ T_{k+1}(v): Gibbs at the new temperature.
    H_ = sigmoid((float(b2) * X_).array()).matrix();
    sample_bernoulli(H_, H_, rng_);
    affine_nn(A_, rbm.W(), H_, rbm.b());
    A_ = (float(b2) * A_).colwise() + float(1.0 - b2) * base_;
    sigmoid_inplace(A_);
    sample_bernoulli(V_, A_, rng_);
  }
  return done();
}

AisEstimate ais_estimate(const Eigen::VectorXd& log_w, double log_z_base, int betas) {
  AisEstimate e;
  e.log_z_base = log_z_base;
  e.betas = betas;
  e.runs = int(log_w.size());
  // mean and sd of w = exp(log w), scaled by exp(-max) to stay finite.
  const double top = log_w.maxCoeff();
  const Eigen::ArrayXd w = (log_w.array() - top).exp();
  const double M = double(w.size());
  const double mean = w.mean();
  const double sd = std::sqrt((w - mean).square().sum() / (M - 1));
  const double spread = 3.0 * sd / std::sqrt(M);
  e.log_z = log_z_base + top + std::log(mean);
  e.log_z_high = log_z_base + top + std::log(mean + spread);
  e.log_z_low = mean > spread ? log_z_base + top + std::log(mean - spread) : -std::numeric_limits<double>::infinity();
  return e;
}

AisEstimate RbmAis::estimate() const {
  const double nh_log2 = rbm_.hidden() * std::log(2.0);
  return ais_estimate(log_w_, softplus(base_.cast<double>().array()).sum() + nh_log2, int(beta_.size()) - 1);
}

}  // namespace latent
