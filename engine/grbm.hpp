// Gaussian-Bernoulli RBM with unit variances: v in R^nv, h in {0,1}^nh.
// (The course writes a for the visible bias and b for the hidden bias; here they
// are b() and c(), as in every RBM of the engine: see rbm_params.hpp.)
//
//   energy        E(v,h)   = 1/2 (v - b)^T (v - b) - v^T W h - c^T h
//   conditionals  p(v|h)   = N(b + W h, I),   p(h_j=1|v) = sigmoid(c_j + v^T W_:j)
//   free energy   F(v)     = 1/2 ||v - b||^2 - sum_j softplus(c_j + v^T W_:j)
//   marginal      p(v)     = sum_h pi_h N(v; b + W h, I),  a mixture of 2^nh Gaussians with
//                 pi_h ∝ exp(c^T h + b^T W h + 1/2 ||W h||^2)
//                 (integrate exp(-E) over v: a Gaussian integral for each h)
//   gradient      d log p(v)/dW = <v h^T>_data - <v h^T>_model,  d/db = <v - b>_data - <v - b>_model,
//                 d/dc = <h>_data - <h>_model
// The exact mixture and log-likelihood (small nh) are in grbm_exact. Learned
// per-visible variances are not here yet.
#pragma once
#include "kernels.hpp"
#include "rbm_params.hpp"
#include "rng.hpp"

namespace latent {

class Grbm : public RbmParams {
 public:
  Grbm() = default;
  Grbm(int visible, int hidden) : RbmParams(visible, hidden) {}

  // W ~ N(0, init_std^2), c = 0, b = the data's mean (pass an empty mean for b = 0).
  void initialize(float init_std, const Vector& data_mean, Rng& rng);

  // The visible policy of cd.hpp: E[v|h] = b + W h for each column of H, and
  // v ~ N(E[v|h], I) given those means.
  void visible_means(const Matrix& H, Matrix& V) const;
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng);

  // E(v,h) for one pair; F(v) for every column of V.
  double energy(const Vector& v, const Vector& h) const;
  Vector free_energy(const Matrix& V) const;
};

}  // namespace latent
