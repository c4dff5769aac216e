// DbnTrainer: greedy layer-wise pre-training of a deep belief network (dbn.hpp) on
// MNIST. One layer trains at a time, as an RBM with CD-k or persistent CD (cd.hpp's
// cd_statistics and apply_cd_update, the binary RBM trainer's update), minibatch
// SGD with momentum and L2 weight decay, on
//   layer 0:      the pixels, binarised as config.binarization says
//   layer l > 0:  q(h_l | v), the mean-field up pass of the same minibatch through the
//                 frozen layers 0..l-1 (config.sample_up: a Bernoulli sample of it)
// After config.epochs_per_layer epochs the layer freezes (its parameters are never
// written again) and the next one starts with a fresh velocity, chain and epoch order.
// Every layer is initialised at construction: W ~ N(0, init_std^2), c = 0, b = 0
// except the bottom layer's b = logit of the pixels' mean (Rbm::initialize).
// train() runs under the divergence guard of train_loop.hpp, watching the training
// layer only; a call never crosses a layer boundary (it returns early there).
#pragma once
#include <limits>
#include <vector>

#include "cd.hpp"
#include "dbn.hpp"
#include "dbn_config.hpp"
#include "idx.hpp"
#include "status.hpp"
#include "train_loop.hpp"

namespace latent {

class DbnTrainer {
 public:
  // config must pass validate(); train and test must outlive the trainer.
  DbnTrainer(const DbnConfig& config, const Dataset& train, const Dataset& test);

  const DbnConfig& config() const { return config_; }
  const Dbn& dbn() const { return dbn_; }

  // Learning rate, momentum, k, batch size, epochs per layer, fine-tuning settings.
  // An error if the config fails validation or needs a reset.
  Status apply_live(const DbnConfig& config);

  // Up to max_batches updates of the current layer; stops early at divergence and
  // at the end of the layer's epochs (the next call trains the next layer).
  TrainReport train(int max_batches);

  int current_layer() const { return layer_; }  // the training layer; layers() once all are done
  bool pretrained() const { return layer_ >= dbn_.layers(); }
  int layer_epoch() const { return order_.epoch(); }  // completed epochs of the current layer
  double layer_fraction() const { return order_.fraction(); }
  // The same two under the names every trainer has (the epoch is the training layer's).
  int epoch() const { return layer_epoch(); }
  double epoch_fraction() const { return layer_fraction(); }
  long long updates() const { return updates_; }           // every layer's, in total
  long long layer_updates(int l) const { return layer_updates_[size_t(l)]; }

  // Mean reconstruction error (per example, sum over the layer's visible units of
  // (x - p(x|h))^2, h ~ q(h|x)) of layer l's updates since the last call (NaN if none).
  double take_recent_recon_error(int l);
  // Layer l's mean-field reconstruction error on the first `subset` test digits:
  // x = the up pass to level l, mean over digits of ||x - p(x | q(h|x))||^2.
  // Deterministic for a given model.
  double test_recon_error(int l, int subset) const;

  // Ancestral samples: chains in the top RBM (from noise), advanced by `steps` Gibbs
  // sweeps and passed down; samples() holds the last pass. The chains restart when
  // the top layer's size changes (never within a run) or on restart_samples().
  void advance_samples(int chains, int steps);
  void restart_samples();
  const DbnSample& samples() const { return samples_; }

  // Pixels of the given test digits as fine-tuning and evaluation see them (grey levels).
  void test_digits(const std::vector<int>& indices, Matrix& v) const;

 private:
  void next_batch(Matrix& x);

  DbnConfig config_;
  const Dataset& train_;
  const Dataset& test_;
  Dbn dbn_;
  Rng rng_;         // training stream: batches, binarisation, Gibbs sampling
  Rng sample_rng_;  // ancestral sampling
  int layer_ = 0;
  ParamBuffer velocity_;
  EpochOrder order_;
  long long updates_ = 0;
  std::vector<long long> layer_updates_;
  std::vector<RecentMean> recon_;
  Matrix v0_, x_, chain_;
  CdScratch cd_;
  Matrix top_chain_;
  DbnSample samples_;
};

}  // namespace latent
