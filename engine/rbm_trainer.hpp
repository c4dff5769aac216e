// RbmTrainer: trains a binary RBM on a Dataset with CD-k or persistent CD
// (cd.hpp: the update, shared with the other RBMs), minibatch SGD with momentum
// and L2 weight decay. With persistent CD the chains' visibles are kept between
// updates (one chain per minibatch row).
//
// It also runs the generation chains ("fantasy particles", persistent Gibbs
// chains started from noise or data) and the lab's metrics. Every update checks
// the parameters for NaN/Inf or a blow-up (|w| > 1e4); on divergence it restores
// the parameters from the start of the chunk (the train() call) and reports it.
// The minibatch order, the chunk loop with its guard (train_loop.hpp) and the
// Gibbs steps (cd.hpp) are shared with the GRBM trainer.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "cd.hpp"
#include "idx.hpp"
#include "rbm.hpp"
#include "rbm_config.hpp"
#include "train_loop.hpp"

namespace latent {

struct RbmMetrics {
  double recon_error = 0;        // mean over digits of sum_i (v_i - p(v_i|h))^2, recent updates
  double free_energy_train = 0;  // mean F(v) over a fixed subset of training digits
  double free_energy_test = 0;   // mean F(v) over a fixed subset of held-out digits
  double free_energy_gap = 0;    // test - train: grows when the model overfits
  double pseudo_likelihood = 0;  // stochastic pseudo-log-likelihood per digit (one flipped bit)
  // Exact mean log p(v) on the same subsets; NaN unless log Z was given.
  double exact_log_likelihood_train = std::numeric_limits<double>::quiet_NaN();
  double exact_log_likelihood_test = std::numeric_limits<double>::quiet_NaN();
};

class RbmTrainer {
 public:
  // config must pass validate(); train and test must outlive the trainer.
  RbmTrainer(const RbmConfig& config, const Dataset& train, const Dataset& test);

  const RbmConfig& config() const { return config_; }
  const Rbm& rbm() const { return rbm_; }
  Rbm& rbm() { return rbm_; }

  // Applies live-safe settings (learning rate, momentum, k, ...). Returns an
  // error if the new config fails validation or needs a reset.
  Status apply_live(const RbmConfig& config);

  // Up to max_batches minibatch updates; stops early on divergence.
  TrainReport train(int max_batches);

  int epoch() const { return order_.epoch(); }         // completed epochs
  long long updates() const { return updates_; }       // minibatch updates so far
  double epoch_fraction() const;                       // progress in the current epoch
  // Mean reconstruction error of the updates since the last call (NaN if none).
  double take_recent_recon_error();

  // Free energies and pseudo-likelihood on fixed subsets of `subset` digits
  // (deterministic for a given model; recon_error is left 0). Given the model's
  // log Z (log_partition, or a LogPartitionSum that has finished), also the exact
  // log-likelihoods.
  RbmMetrics evaluate(int subset, double log_z = std::numeric_limits<double>::quiet_NaN()) const;

  // Generation chains: advance each by `steps` Gibbs steps; restart from noise or data.
  void advance_fantasy(int steps);
  void restart_fantasy();
  const Matrix& fantasy_means() const { return fantasy_means_; }  // p(v|h) of each chain

  // One Gibbs step from data: recon = p(v | h ~ p(h|v)) for the given digits.
  void reconstruct(const Dataset& data, const std::vector<int>& indices, Matrix& v, Matrix& recon) const;

  // The two terms of the last update's gradient, each nv x nh, batch means.
  const Matrix& positive_stats() const { return cd_.pos; }
  const Matrix& negative_stats() const { return cd_.neg; }

 private:
  void next_batch(Matrix& v0);

  RbmConfig config_;
  const Dataset& train_;
  const Dataset& test_;
  Rbm rbm_;
  Rng rng_;          // training stream: batches, binarisation, Gibbs sampling
  Rng fantasy_rng_;  // generation chains
  ParamBuffer velocity_;
  EpochOrder order_;
  long long updates_ = 0;
  RecentMean recon_;  // reconstruction error of the updates since it was last taken
  Matrix v0_, chain_;  // the minibatch; the persistent chains (PCD)
  CdScratch cd_;
  Matrix fantasy_, fantasy_means_;
};

}  // namespace latent
