// Exact t-SNE (van der Maaten & Hinton 2008) on a subsample of up to kTsneMaxPoints
// points, in double. Data X: D x N, one point per column; the map Y: 2 x N.
//   affinities   p_{j|i} = exp(-beta_i d_ij^2) / sum_{k != i} exp(-beta_i d_ik^2),
//                beta_i found by binary search so that the entropy of p_{.|i} is
//                log(perplexity) (nats);  p_ij = (p_{j|i} + p_{i|j}) / (2N)
//   map          q_ij = (1 + |y_i - y_j|^2)^-1 / sum_{k != l} (1 + |y_k - y_l|^2)^-1
//   cost         KL(P || Q) = sum_{i != j} p_ij log(p_ij / q_ij)
//   gradient     dC/dy_i = 4 sum_j (a p_ij - q_ij) (1 + |y_i - y_j|^2)^-1 (y_i - y_j),
//                a = the early exaggeration for the first iterations, then 1
//   descent      gains g += 0.2 where the step and the gradient disagree in sign, g *= 0.8
//                where they agree (at least 0.01); v <- mu v - lr g (.) grad; y <- y + v;
//                y re-centred; mu = momentum_start, then momentum_final; lr by default
//                max(N / exaggeration / 4, 50) (Belkina et al. 2019: the classic 200
//                tears small sets apart)
// Y starts at N(0, 1e-4) from the seed, so a run is deterministic. step(n) runs n
// iterations (the worker shows the map converging slice by slice). t-SNE has no
// mapping from data to the map: it cannot place unseen points (add them and rerun).
// Cost: N^2 / 2 pairs per iteration (N = 2000: 2 million), N^2 D once for the distances.
#pragma once
#include <cstdint>

#include "kernels.hpp"
#include "status.hpp"

namespace latent {

constexpr int kTsneMaxPoints = 2000;

struct TsneSettings {
  double perplexity = 30;           // effective neighbours; must be below N - 1
  double learning_rate = 0;         // 0: automatic, max(N / exaggeration / 4, 50) (as scikit-learn)
  double exaggeration = 12;
  int exaggeration_iterations = 250;
  double momentum_start = 0.5, momentum_final = 0.8;
  int momentum_switch = 250;        // iteration where momentum_final starts
  uint64_t seed = 1;
};

// p_{.|i} for the squared distances d2 from point `self` (d2[self] ignored, p_self = 0):
// the Gaussian whose entropy is log(perplexity) to 1e-5 nats (bisection on beta).
Eigen::VectorXd tsne_conditional(const Eigen::VectorXd& d2, Eigen::Index self, double perplexity);

class Tsne {
 public:
  // The affinities of the columns of X (N from 3 to kTsneMaxPoints) and the random start.
  Status init(const Matrix& X, const TsneSettings& settings);

  void step(int iterations);
  // A map made earlier (a model file's), as if at that iteration: at rest (no momentum).
  void restore(const Eigen::MatrixXd& Y, int iteration);
  int iteration() const { return iteration_; }
  int points() const { return int(Y_.cols()); }
  const Eigen::MatrixXd& embedding() const { return Y_; }  // 2 x N
  // KL(P || Q) at the current map (without exaggeration): O(N^2), for display.
  double kl_divergence() const;
  // dKL/dY at the current map (2 x N) with the attraction scaled by `exaggeration`
  // (1: the gradient of kl_divergence()); one pass over the N (N - 1) / 2 pairs.
  void gradient(double exaggeration, Eigen::MatrixXd& grad) const;
  const Eigen::MatrixXd& affinities() const { return P_; }  // p_ij, symmetric, sums to 1

 private:
  TsneSettings settings_;
  Eigen::MatrixXd P_, Y_, velocity_, gains_;
  int iteration_ = 0;
};

}  // namespace latent
