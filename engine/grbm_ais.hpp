// Annealed importance sampling of a Gaussian-Bernoulli RBM's partition function
// (grbm.hpp; the same method as rbm_ais.hpp, whose schedule and estimate it shares).
//
//   base model A   no hidden units, independent Gaussians N(m_i, s_i^2) (the training
//                  data's means and variances), so that
//                  log Z_A = sum_i 1/2 log(2 pi s_i^2)   and   v ~ p_A is exact
//   target B       the GRBM: p*_B(v) = exp(-sum_i (v_i - b_i)^2 / (2 sigma_i^2))
//                                      prod_j (1 + exp(c_j + (v / sigma^2)^T W_:j))
//   path           p*_k(v) = exp(-(1-beta_k) sum_i (v_i - m_i)^2 / (2 s_i^2)
//                                -    beta_k  sum_i (v_i - b_i)^2 / (2 sigma_i^2))
//                            prod_j (1 + exp(beta_k (c_j + (v / sigma^2)^T W_:j)))
//                  (p*_0 is p*_A times 2^nh: log Z_0 = log Z_A + nh log 2)
//   transition T_k h ~ sigmoid(beta_k (c + W^T (v / sigma^2))), then v ~ N(mu, 1 / lambda):
//                  lambda_i = (1-beta_k) / s_i^2 + beta_k / sigma_i^2,
//                  mu_i = ((1-beta_k) m_i / s_i^2 + beta_k (b + W h)_i / sigma_i^2) / lambda_i
//   one run, estimate and schedule as in rbm_ais.hpp.
#pragma once
#include <vector>

#include "grbm.hpp"
#include "rbm_ais.hpp"

namespace latent {

class GrbmAis {
 public:
  // base_mean, base_variance: m and s^2 (nv each; variances > 0).
  GrbmAis(const Grbm& grbm, const Vector& base_mean, const Vector& base_variance, const AisSettings& settings);

  bool advance(long steps);  // up to `steps` more temperatures for every run; true when done
  bool done() const { return k_ >= long(beta_.size()) - 1; }
  double fraction() const { return double(k_) / double(beta_.size() - 1); }
  long steps() const { return long(beta_.size()) - 1; }
  AisEstimate estimate() const;  // once done
  const Grbm& model() const { return grbm_; }
  const Eigen::VectorXd& log_weights() const { return log_w_; }

 private:
  // log p*_k(v) of each run at inverse temperature beta, given X = c + W^T (v / sigma^2).
  Eigen::VectorXd log_unnormalised(double beta, const Matrix& X) const;

  Grbm grbm_;
  Vector mean_, variance_, inv_var_;  // m, s^2; 1 / sigma^2
  std::vector<double> beta_;
  long k_ = 0;
  Rng rng_;
  Matrix V_, S_, X_, H_, A_;  // the runs' visibles (nv x M), V / sigma^2, c + W^T S, hiddens, W h
  Eigen::VectorXd log_w_;
};

}  // namespace latent
