// Annealed importance sampling (AIS) of a binary RBM's partition function
// (Neal 2001; for RBMs, Salakhutdinov and Murray 2008).
//
//   base model A   no hidden units, visible biases b_A (the base rate: the logits of
//                  the training data's pixel means), so that
//                  log Z_A = sum_i softplus(b_A,i)   and   v ~ p_A is exact
//   target B       the RBM: p*_B(v) = exp(b^T v) prod_j (1 + exp(c_j + v^T W_:j))
//   path           p*_k(v) = exp(((1-beta_k) b_A + beta_k b)^T v) prod_j (1 + exp(beta_k (c_j + v^T W_:j)))
//                  for 0 = beta_0 < beta_1 < ... < beta_K = 1 (p*_0 is p*_A times 2^nh,
//                  counted in log Z_A below: log Z_0 = log Z_A + nh log 2)
//   transition T_k Gibbs sampling that leaves p_k invariant:
//                  h ~ sigmoid(beta_k (c + W^T v)),  v ~ sigmoid((1-beta_k) b_A + beta_k (b + W h))
//   one run        v_1 ~ p_0;  log w = sum_{k=1..K} [log p*_k(v_k) - log p*_{k-1}(v_k)],
//                  v_{k+1} ~ T_k(v_k)
//   estimate       Z_B / Z_0 ~ mean_r w_r over M independent runs (unbiased in Z; log Z
//                  is then slightly low on average: Jensen)
//                  log Z_B = log Z_0 + log mean_r w_r, and the bounds log(Z ± 3 sigma)
//                  with sigma = sd(w) / sqrt(M) (Salakhutdinov and Murray's error bars)
//   schedule       K inverse temperatures in three uniform stretches: beta in [0, 0.5)
//                  with 500/14500 of them, [0.5, 0.9) with 4000/14500, [0.9, 1] with
//                  10000/14500 (K = 14500 is the paper's schedule: steps 1e-3, 1e-4, 1e-5)
//
// The work is sliced (advance) so that a host stays responsive; the log weights are
// accumulated in double, the products and the sampling in float.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "rbm.hpp"

namespace latent {

struct AisSettings {
  int betas = 14500;  // K, intermediate distributions
  int runs = 100;     // M, independent runs
  uint64_t seed = 1;
};

struct AisEstimate {
  double log_z = 0;       // log Z_B
  double log_z_low = 0;   // log(Z - 3 sigma); -infinity when the spread reaches 0
  double log_z_high = 0;  // log(Z + 3 sigma)
  double log_z_base = 0;  // log Z_0
  int betas = 0, runs = 0;
};

// The K + 1 inverse temperatures beta_0 = 0 < ... < beta_K = 1 of the schedule above.
std::vector<double> ais_schedule(int betas);
// The estimate from M runs' log weights (the K = betas steps done) and log Z_0.
AisEstimate ais_estimate(const Eigen::VectorXd& log_weights, double log_z_base, int betas);

class RbmAis {
 public:
  // base_bias: b_A (nv), e.g. clamped_logits(pixel_mean(...)) of the training data.
  RbmAis(const Rbm& rbm, const Vector& base_bias, const AisSettings& settings);

  // Up to `steps` more temperatures for every run; true when all K are done.
  bool advance(long steps);
  bool done() const { return k_ >= long(beta_.size()) - 1; }
  double fraction() const { return double(k_) / double(beta_.size() - 1); }
  long steps() const { return long(beta_.size()) - 1; }
  AisEstimate estimate() const;  // once done
  const Eigen::VectorXd& log_weights() const { return log_w_; }
  const Rbm& model() const { return rbm_; }

 private:
  Rbm rbm_;
  Vector base_;            // b_A
  Vector bias_gap_;        // b - b_A
  std::vector<double> beta_;
  long k_ = 0;             // temperatures done
  Rng rng_;
  Matrix V_, X_, H_, A_;   // the runs' visibles (nv x M), c + W^T v, hiddens, visible pre-activations
  Eigen::VectorXd log_w_;  // per run
};

}  // namespace latent
