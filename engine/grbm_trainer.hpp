// GrbmTrainer: trains a Gaussian-Bernoulli RBM (grbm.hpp) on RealData with CD-k
// or persistent CD (cd.hpp, shared with the binary RBM), minibatch SGD with
// momentum and L2 weight decay; with learn_variances also the per-visible
// log-variances. The same divergence guard as RbmTrainer (NaN/Inf/blow-up:
// parameters restored to the start of the chunk, reported).
// It runs the generation chains and the metrics of both GRBM labs: on the plane
// the exact mixture (every evaluation), on MNIST free energies and, for small
// hidden layers, the exact log-likelihood.
// Shared with RbmTrainer: the minibatch order and the chunk loop with its guard
// (train_loop.hpp), the CD pass and the Gibbs steps (cd.hpp).
//
// Variances (learn_variances): z = log sigma^2 moves with CD's estimate of
// d log p / dz (Grbm::log_variance_gradient) at 0.03 x the learning rate (so that
// W spreads the components before the variances widen onto the whole data set)
// with the same momentum, then is clamped to grbm.hpp's range. Visibles narrower
// than sigma = 0.2 take the steps they would take at 0.2 (the gradient of W and b
// carries 1/sigma^2; see grbm_trainer.cpp).
#pragma once
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cd.hpp"
#include "grbm.hpp"
#include "grbm_config.hpp"
#include "real_data.hpp"
#include "rbm_trainer.hpp"  // TrainReport
#include "train_loop.hpp"

namespace latent {

constexpr double kComponentWeight = 0.01;  // a mixture component "counts" from this weight on

struct GrbmMetrics {
  double recon_error = std::numeric_limits<double>::quiet_NaN();  // unused by evaluate()
  // Mean exact log p(v) per example (nats) on the training data (plane: all points;
  // MNIST: a fixed subset) and on held-out data (MNIST only). NaN when hidden is
  // above the exact limit.
  double exact_log_likelihood_train = std::numeric_limits<double>::quiet_NaN();
  double exact_log_likelihood_test = std::numeric_limits<double>::quiet_NaN();
  double free_energy_train = std::numeric_limits<double>::quiet_NaN();
  double free_energy_test = std::numeric_limits<double>::quiet_NaN();
  int components = -1;  // mixture components with weight >= kComponentWeight (-1: not computed)
};

class GrbmTrainer {
 public:
  // config must pass validate(); test may be null (the plane has no held-out set).
  // train should hold at least one example (with none, train() does nothing).
  GrbmTrainer(const GrbmConfig& config, std::unique_ptr<RealData> train, std::unique_ptr<RealData> test);

  const GrbmConfig& config() const { return config_; }
  const Grbm& grbm() const { return grbm_; }
  Grbm& grbm() { return grbm_; }  // a loaded model's parameters go here
  const RealData& train_data() const { return *train_; }
  const RealData* test_data() const { return test_.get(); }

  Status apply_live(const GrbmConfig& config);
  // New training data of the same dimension (the plane: points added or removed);
  // the model, velocity and update count are kept, the epoch restarts.
  Status replace_train_data(std::unique_ptr<RealData> train);

  TrainReport train(int max_batches);
  int epoch() const;
  long long updates() const;
  double epoch_fraction() const;
  double take_recent_recon_error();  // NaN if no update since the last call

  // subset: examples of each set evaluated (first n). log_z: the model's log Z if
  // known; else computed here when hidden <= max_exact_hidden.
  GrbmMetrics evaluate(int subset, int max_exact_hidden,
                       double log_z = std::numeric_limits<double>::quiet_NaN()) const;

  // Generation chains (fantasy_chains of them, from the data's mean plus noise).
  void advance_fantasy(int steps);
  void restart_fantasy();
  const Matrix& fantasy() const;        // the chains' visible samples v ~ p(v|h)
  const Matrix& fantasy_means() const;  // E[v|h] of each chain (b + W h)

  // One Gibbs step from data: recon = E[v | h ~ p(h|v)].
  void reconstruct(const RealData& data, const std::vector<int>& indices, Matrix& v, Matrix& recon) const;
  void reconstruct(const Matrix& v, Matrix& recon) const;  // of any values (columns), as above

  // The two terms of the last update's W gradient, each nv x nh, batch means.
  const Matrix& positive_stats() const { return cd_.pos; }
  const Matrix& negative_stats() const { return cd_.neg; }

 private:
  void next_batch(Matrix& v0);
  void update();

  GrbmConfig config_;
  std::unique_ptr<RealData> train_, test_;
  Grbm grbm_;
  Rng rng_;          // training stream: batches, Gibbs sampling
  Rng fantasy_rng_;  // generation chains
  ParamBuffer velocity_;
  Vector z_velocity_;
  Vector step_;       // per-visible step of narrow units (see grbm_trainer.cpp)
  Vector data_mean_;  // where the generation chains start
  EpochOrder order_;
  long long updates_ = 0;
  RecentMean recon_;  // reconstruction error of the updates since it was last taken
  Matrix v0_, chain_;
  CdScratch cd_;
  Matrix fantasy_, fantasy_means_;
};

}  // namespace latent
