// The Gaussian-Bernoulli RBM's exact marginal, by enumerating the 2^nh hidden
// states (double precision; nh up to kMaxMixtureHidden):
//   p(v) = sum_h pi_h N(v; b + W h, I),   log pi_h = s_h - logsumexp_h' s_h',
//   s_h  = c^T h + b^T W h + 1/2 ||W h||^2
//   log Z = nv/2 log(2 pi) + logsumexp_h s_h
// Component k is the hidden state whose bit j is (k >> j) & 1.
#pragma once
#include <Eigen/Core>

#include "grbm.hpp"

namespace latent {

constexpr int kMaxMixtureHidden = 16;

struct GaussianMixture {
  Eigen::MatrixXd means;        // nv x 2^nh, column k = b + W h_k
  Eigen::VectorXd log_weights;  // 2^nh, normalised: logsumexp = 0
  Eigen::VectorXd weights() const { return log_weights.array().exp(); }
};

GaussianMixture grbm_mixture(const Grbm& grbm);
double grbm_log_partition(const Grbm& grbm);
// log p(v) for each column of V, and the mean over the columns.
Eigen::VectorXd grbm_log_density(const GaussianMixture& mixture, const Matrix& V);
double grbm_exact_log_likelihood(const Grbm& grbm, const Matrix& V);
// Gradient of the mean log-likelihood of V, laid out like the parameter buffer.
Eigen::VectorXd grbm_exact_gradient(const Grbm& grbm, const Matrix& V);

}  // namespace latent
