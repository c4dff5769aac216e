// Gaussian-Bernoulli RBM: v in R^nv, h in {0,1}^nh, with per-visible variances
// sigma_i^2 = exp(z_i) (Cho, Ilin & Raiko 2011). z = 0 is the course's model with
// unit variances; z is learned only when the trainer is asked to.
// (The course writes a for the visible bias and b for the hidden bias; here they
// are b() and c(), as in every RBM of the engine: see rbm_params.hpp.)
// Sigma = diag(sigma^2).
//
//   energy        E(v,h)   = sum_i (v_i - b_i)^2 / (2 sigma_i^2) - sum_ij (v_i / sigma_i^2) W_ij h_j - c^T h
//   conditionals  p(v|h)   = N(b + W h, Sigma),   p(h_j=1|v) = sigmoid(c_j + sum_i W_ij v_i / sigma_i^2)
//   free energy   F(v)     = sum_i (v_i - b_i)^2 / (2 sigma_i^2) - sum_j softplus(c_j + (v / sigma^2)^T W_:j)
//   marginal      p(v)     = sum_h pi_h N(v; b + W h, Sigma),  a mixture of 2^nh Gaussians with
//                 pi_h ∝ exp(c^T h + b^T Sigma^-1 W h + 1/2 (W h)^T Sigma^-1 (W h))
//                 (integrate exp(-E) over v: a Gaussian integral for each h)
//   gradient      d log p(v)/dW_ij = <v_i h_j / sigma_i^2>_data - <same>_model,
//                 d/db_i = <(v_i - b_i) / sigma_i^2>_data - <same>_model,  d/dc = <h>_data - <h>_model,
//                 d/dz_i = <(v_i - b_i)^2 / (2 sigma_i^2) - v_i (W h)_i / sigma_i^2>_data - <same>_model
// With unit variances (every z_i = 0) every formula is the course's:
// E = 1/2 ||v - b||^2 - v^T W h - c^T h, p(v|h) = N(b + W h, I).
// The exact mixture and log-likelihood (small nh) are in grbm_exact; CD in cd.hpp.
#pragma once
#include "kernels.hpp"
#include "rbm_params.hpp"
#include "rng.hpp"

namespace latent {

// z is kept within [kMinLogVariance, kMaxLogVariance]: sigma from 0.01 to 100.
// The floor matters: the likelihood of a Gaussian grows without bound as its
// variance shrinks onto identical points (a single point, a repeated click), and
// every gradient of W and b carries a factor 1/sigma^2, so an unbounded z would
// turn a degenerate data set into an overflow. 0.01 is far below any spread the
// plane (+-8) or standardised pixels show; 100 is wider than the whole plane.
constexpr float kMinLogVariance = -9.2103404f;  // log(0.01^2)
constexpr float kMaxLogVariance = 9.2103404f;   // log(100^2)

class Grbm : public RbmParams {
 public:
  Grbm() = default;
  Grbm(int visible, int hidden) : RbmParams(visible, hidden), log_variances_(Vector::Zero(visible)) {}

  // z_i = log sigma_i^2, besides the flat [W|b|c] buffer (zero: unit variances).
  Vector& log_variances() { return log_variances_; }
  const Vector& log_variances() const { return log_variances_; }
  void clamp_log_variances();
  bool unit_variances() const { return (log_variances_.array() == 0.0f).all(); }
  Vector variances() const { return log_variances_.array().exp(); }             // sigma^2
  Vector inverse_variances() const { return (-log_variances_.array()).exp(); }  // 1 / sigma^2

  // W ~ N(0, init_std^2), c = 0, z = 0, b = the data's mean (pass an empty mean for b = 0).
  void initialize(float init_std, const Vector& data_mean, Rng& rng);

  // p(h=1|v) for each column of V (this hides RbmParams::hidden_probs, which
  // knows no variances: call it through a Grbm).
  void hidden_probs(const Matrix& V, Matrix& H) const;
  // The visible policy of cd.hpp: E[v|h] = b + W h for each column of H;
  // v ~ N(E[v|h], Sigma) given those means; the statistic v / sigma^2.
  void visible_means(const Matrix& H, Matrix& V) const;
  void sample_visible(const Matrix& means, Matrix& V, Rng& rng) const;
  const Matrix& visible_statistic(const Matrix& V, Matrix& scratch) const;

  // E(v,h) for one pair; F(v) for every column of V.
  double energy(const Vector& v, const Vector& h) const;
  Vector free_energy(const Matrix& V) const;

  // CD's estimate of d log p / dz from one pass (cd.hpp's scratch): v0 the data,
  // vk the chain's visibles, pos / neg the W statistics of the two phases:
  //   dz_i = [mean (v0_i - b_i)^2 - mean (vk_i - b_i)^2] / (2 sigma_i^2) - sum_j W_ij (pos - neg)_ij
  // (sum_j W_ij pos_ij = mean v_i (W p(h|v))_i / sigma_i^2, so no extra product is needed).
  Vector log_variance_gradient(const Matrix& v0, const Matrix& vk, const Matrix& pos, const Matrix& neg) const;

 private:
  Vector log_variances_;
};

}  // namespace latent
