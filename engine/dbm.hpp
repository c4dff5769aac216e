// Two-layer binary deep Boltzmann machine (Salakhutdinov and Hinton 2009):
// v in {0,1}^nv, h1 in {0,1}^n1, h2 in {0,1}^n2, one joint energy over all layers
//
//   energy        E(v,h1,h2) = -v^T W1 h1 - h1^T W2 h2 - b^T v - c1^T h1 - c2^T h2
//   joint         p(v,h1,h2) = exp(-E) / Z
//   conditionals  p(h1_j=1 | v,h2) = sigmoid(c1_j + v^T W1_:j + W2_j: h2)
//                 p(v_i=1 | h1)    = sigmoid(b_i + W1_i: h1)
//                 p(h2_k=1 | h1)   = sigmoid(c2_k + h1^T W2_:k)
//   mean field    q(h1,h2|v) = prod q(h1_j) prod q(h2_k), fixed point of
//                 mu1 = sigmoid(c1 + W1^T v + W2 mu2),   mu2 = sigmoid(c2 + W2^T mu1)
//   bound         log p(v) >= b^T v + v^T W1 mu1 + mu1^T W2 mu2 + c1^T mu1 + c2^T mu2
//                             + H(mu1) + H(mu2) - log Z        (H: Bernoulli entropies)
//   gradient      d/dW1 = <v mu1^T>_data - <v h1^T>_model,  d/dW2 = <mu1 mu2^T>_data - <h1 h2^T>_model
//                 (biases alike), the model term from persistent Gibbs chains that
//                 alternate odd and even layers: h1 | (v, h2), then (v, h2) | h1
//
// Given h1, v and h2 are independent: the DBM is a binary RBM whose "visible" layer
// is [v; h2] and whose hidden layer is h1 (weights [W1; W2^T], biases [b; c2] and c1).
// composite() builds that RBM, so log Z by enumeration over h1 (rbm_exact), AIS
// (rbm_ais) and the odd/even Gibbs sweep are the RBM's own. Its transpose,
// h1_marginal(), is the RBM over (h1, [v; h2]) whose visible marginal is the DBM's
// p(h1): the same Z, and AIS there anneals over h1 alone (v and h2 summed out), as
// Salakhutdinov and Hinton estimate a DBM's log Z.
//
// Parameters: one flat buffer [ W1 (nv x n1) | W2 (n1 x n2) | b | c1 | c2 ].
// Legend: V is nv x B, M1 / H1 n1 x B, M2 / H2 n2 x B (one example per column).
#pragma once
#include <Eigen/Core>

#include "kernels.hpp"
#include "rbm.hpp"

namespace latent {

class Dbm {
 public:
  Dbm() = default;
  Dbm(int visible, int hidden1, int hidden2);

  int visible() const { return nv_; }
  int hidden1() const { return n1_; }
  int hidden2() const { return n2_; }
  ParamBuffer& params() { return params_; }
  const ParamBuffer& params() const { return params_; }
  MatrixMap W1() { return MatrixMap(params_.data(), nv_, n1_); }
  MatrixMap W2() { return MatrixMap(params_.data() + w2_, n1_, n2_); }
  VectorMap b() { return VectorMap(params_.data() + b_, nv_); }
  VectorMap c1() { return VectorMap(params_.data() + b_ + nv_, n1_); }
  VectorMap c2() { return VectorMap(params_.data() + b_ + nv_ + n1_, n2_); }
  ConstMatrixMap W1() const { return ConstMatrixMap(params_.data(), nv_, n1_); }
  ConstMatrixMap W2() const { return ConstMatrixMap(params_.data() + w2_, n1_, n2_); }
  ConstVectorMap b() const { return ConstVectorMap(params_.data() + b_, nv_); }
  ConstVectorMap c1() const { return ConstVectorMap(params_.data() + b_ + nv_, n1_); }
  ConstVectorMap c2() const { return ConstVectorMap(params_.data() + b_ + nv_ + n1_, n2_); }

  // E(v,h1,h2) for one configuration, in double.
  double energy(const Vector& v, const Vector& h1, const Vector& h2) const;
  // The RBM over ([v; h2], h1) described above.
  Rbm composite() const;
  // Its transpose: visible h1 (biases c1), hidden [v; h2] (biases [b; c2]).
  Rbm h1_marginal() const;

  // Mean-field q(h|v) for each column of V: `iterations` rounds of the two updates,
  // from M1, M2 as given (resized and started at the up pass q(h1) = sigmoid(c1 +
  // 2 W1^T v) (the doubled bottom-up input), q(h2) = sigmoid(c2 + W2^T mu1) when their
  // shape does not fit). Returns the largest change of any mu in the last round.
  float mean_field(const Matrix& V, int iterations, Matrix& M1, Matrix& M2) const;
  // The variational bound on log p(v) of each column of V at the mean field (M1, M2),
  // for a given log Z; in double.
  Eigen::VectorXd lower_bound(const Matrix& V, const Matrix& M1, const Matrix& M2, double log_z) const;

  // p(v = 1 | h1) of each column of H1.
  void visible_probs(const Matrix& H1, Matrix& V) const { affine_nn_sigmoid(V, W1(), H1, b()); }

  // One odd/even Gibbs sweep of persistent chains: H1 ~ p(h1 | V, H2), then
  // V ~ p(v | H1) and H2 ~ p(h2 | H1).
  void gibbs_sweep(Matrix& V, Matrix& H1, Matrix& H2, Rng& rng) const;

 private:
  int nv_ = 0, n1_ = 0, n2_ = 0;
  size_t w2_ = 0, b_ = 0;
  ParamBuffer params_;
};

// log p(v) of each column of V, exactly, by enumerating the 2^n1 states of h1 (v and
// h2 summed out analytically); log Z from rbm_exact's log_partition(composite()).
Eigen::VectorXd exact_log_p(const Dbm& dbm, const Matrix& V, double log_z);

}  // namespace latent
