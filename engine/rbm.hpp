// Binary restricted Boltzmann machine: v in {0,1}^nv, h in {0,1}^nh.
//
//   energy        E(v,h)   = -b^T v - c^T h - v^T W h
//   joint         p(v,h)   = exp(-E(v,h)) / Z
//   free energy   F(v)     = -log sum_h exp(-E(v,h)) = -b^T v - sum_j softplus(c_j + v^T W_:j)
//   conditionals  p(h_j=1|v) = sigmoid(c_j + v^T W_:j),   p(v_i=1|h) = sigmoid(b_i + W_i: h)
//   gradient      d log p(v)/dW = <v h^T>_data - <v h^T>_model   (likewise b with v, c with h)
//
// CD-k estimates the model term with k steps of block Gibbs sampling started at
// the data; persistent CD (PCD) continues chains kept from the previous update.
// This file holds the model and its conditionals; training lives in rbm_trainer,
// exact (enumerated) quantities in rbm_exact.
//
// Parameters: the flat buffer of RbmParams, [ W | b | c ].
// Legend: V is nv x B (one example per column), H is nh x B.
#pragma once
#include <vector>

#include "kernels.hpp"
#include "rbm_params.hpp"
#include "rng.hpp"

namespace latent {

class Rbm : public RbmParams {
 public:
  Rbm() = default;
  Rbm(int visible, int hidden) : RbmParams(visible, hidden) {}

  // W ~ N(0, init_std^2), c = 0, b_i = log(m_i / (1 - m_i)) for the data's mean
  // activation m (pixel_mean.hpp's clamped_logits); pass an empty mean for b = 0.
  void initialize(float init_std, const Vector& data_mean, Rng& rng);

  // p(v=1|h) for each column of H (p(h=1|v): RbmParams::hidden_probs).
  void visible_probs(const Matrix& H, Matrix& V) const;
  // The visible policy of cd.hpp: E[v|h] = p(v=1|h), and v ~ Bernoulli(E[v|h]).
  void visible_means(const Matrix& H, Matrix& V) const { visible_probs(H, V); }
  static void sample_visible(const Matrix& means, Matrix& V, Rng& rng) { sample_bernoulli(V, means, rng); }
  // cd.hpp's visible statistic: the energy's factor of W h is v itself.
  static const Matrix& visible_statistic(const Matrix& V, Matrix& /*scratch*/) { return V; }

  // E(v,h) for one pair; F(v) for every column of V.
  double energy(const Vector& v, const Vector& h) const;
  Vector free_energy(const Matrix& V) const;
};

}  // namespace latent
