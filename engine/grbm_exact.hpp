// The Gaussian-Bernoulli RBM's exact marginal, by enumerating the 2^nh hidden
// states (double precision). With Sigma = diag(sigma^2) (grbm.hpp):
//   p(v)  = sum_h pi_h N(v; b + W h, Sigma),   log pi_h = s_h - logsumexp_h' s_h',
//   s_h   = c^T h + b^T Sigma^-1 W h + 1/2 (W h)^T Sigma^-1 (W h)
//         = a^T h + 1/2 h^T G h   with a = c + W^T Sigma^-1 b, G = W^T Sigma^-1 W
//           (so log Z needs no nv x 2^nh work: fine for MNIST's 784 visibles)
//   log Z = nv/2 log(2 pi) + sum_i log sigma_i + logsumexp_h s_h
//   log p(v) = -F(v) - log Z
// Component k is the hidden state whose bit j is (k >> j) & 1.
#pragma once
#include <Eigen/Core>

#include "grbm.hpp"

namespace latent {

constexpr int kMaxMixtureHidden = 16;  // grbm_mixture: 2^16 components at most

struct GaussianMixture {
  Eigen::MatrixXd means;        // nv x 2^nh, column k = b + W h_k
  Eigen::VectorXd variances;    // nv: every component's covariance is diag(variances)
  Eigen::VectorXd log_weights;  // 2^nh, normalised: logsumexp = 0
  Eigen::VectorXd weights() const { return log_weights.array().exp(); }
};

// The mixture (nh <= kMaxMixtureHidden; the means take nv x 2^nh doubles).
GaussianMixture grbm_mixture(const Grbm& grbm);
// log Z, enumerated in blocks (memory independent of 2^nh; time 2^nh nh^2).
double grbm_log_partition(const Grbm& grbm);
// The normalised log weights log pi_h alone (2^nh of them), without the means.
Eigen::VectorXd grbm_log_weights(const Grbm& grbm);
// Components whose weight is at least min_weight.
int count_components(const Eigen::VectorXd& log_weights, double min_weight);
// log p(v) for each column of V (evaluated a block of columns at a time).
Eigen::VectorXd grbm_log_density(const GaussianMixture& mixture, const Matrix& V);
// Mean log p(v) over the columns of V, through the mixture.
double grbm_exact_log_likelihood(const Grbm& grbm, const Matrix& V);
// Gradient of the mean log-likelihood of V: laid out like the parameter buffer
// [W | b | c], followed by the nv entries d/dz of the log-variances.
Eigen::VectorXd grbm_exact_gradient(const Grbm& grbm, const Matrix& V);

}  // namespace latent
