// DbnTrainer: greedy layer-wise pre-training of a deep belief network (dbn.hpp) on
// MNIST. One layer trains at a time, as an RBM with CD-k or persistent CD (cd.hpp's
// cd_statistics and apply_cd_update, the binary RBM trainer's update), minibatch
// SGD with momentum and L2 weight decay, on
//   layer 0:      the pixels, binarised as config.binarization says; with
//                 config.gaussian_bottom the standardised pixels z_i = (x_i/255 - m_i) / s_i
//                 (m, s: the per-pixel mean and std, floored at 0.2, of the training digits
//                 used; real_data.hpp), no binarisation, and layer 0 trains as a GRBM with
//                 unit variances (grbm.hpp's model; CD through cd.hpp with Dbn::visit's
//                 Gaussian visible policy) at kGaussianBottomRate x the learning rate
//   layer l > 0:  q(h_l | v), the mean-field up pass of the same minibatch through the
//                 frozen layers 0..l-1 (config.sample_up: a Bernoulli sample of it)
// After config.epochs_per_layer epochs the layer freezes (its parameters are never
// written again) and the next one starts with a fresh velocity, chain and epoch order.
// Every layer is initialised at construction: W ~ N(0, init_std^2), c = 0, b = 0
// except the binary bottom layer's b = logit of the pixels' mean (Rbm::initialize; a
// Gaussian bottom's b = 0 is the standardised pixels' mean).
// train() runs under the divergence guard of train_loop.hpp, watching the training
// layer only; a call never crosses a layer boundary (it returns early there).
//
// The Gaussian bottom's learning rate. Standardised pixels are larger than grey levels
// (unit variance, up to (1 - m_i) / 0.2 = 5 against [0, 1]), so CD's statistics and
// steps are larger than the binary RBM's at the same rate, and the reconstruction
// b + W h is not squashed by a sigmoid: an overshoot of W gives larger negative
// samples, which push W further. At lr 0.05 (CD-1, momentum 0.5, batch 20, 784-500)
// the GRBM diverges within 10 updates; layer 0 therefore trains at
// kGaussianBottomRate = 0.1 x config.rbm.learning_rate (0.005 at CD-1's 0.05, the rate
// of the GRBM on MNIST: grbm_config.cpp; 0.001 at the DBN's default PCD rate 0.01).
// The layers above keep the rate as is. The measurement is in dbn_trainer.cpp.
#pragma once
#include <limits>
#include <optional>
#include <vector>

#include "cd.hpp"
#include "dbn.hpp"
#include "dbn_config.hpp"
#include "idx.hpp"
#include "real_data.hpp"
#include "status.hpp"
#include "train_loop.hpp"

namespace latent {

// Layer 0's learning rate with a Gaussian bottom, as a fraction of config.rbm.learning_rate.
constexpr float kGaussianBottomRate = 0.1f;

// The digits as a stack sees them outside pre-training's binarisation: standardised by
// s (a Gaussian bottom), or grey levels x / 255 when s is null. Columns: indices[0..n).
void dbn_pixels(const Dataset& data, const int* indices, int n, const PixelStandardization* s, Matrix& v);
// A Gaussian bottom's standardisation: real_data.hpp's from the first
// config.rbm.train_count training digits (floor 0.2); none for a binary bottom.
std::optional<PixelStandardization> dbn_standardization(const DbnConfig& config, const Dataset& train);

class DbnTrainer {
 public:
  // config must pass validate(); train and test must outlive the trainer.
  DbnTrainer(const DbnConfig& config, const Dataset& train, const Dataset& test);

  const DbnConfig& config() const { return config_; }
  const Dbn& dbn() const { return dbn_; }
  // A loaded stack: its parameters go into dbn(); then its first `layers` layers
  // count as trained (pre-training goes on above them).
  Dbn& dbn() { return dbn_; }
  void mark_trained(int layers);

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
  // (x - E[x|h])^2, h ~ q(h|x)) of layer l's updates since the last call (NaN if none).
  double take_recent_recon_error(int l);
  // Layer l's mean-field reconstruction error on the first `subset` test digits:
  // x = the up pass to level l, mean over digits of ||x - E[x | q(h|x)]||^2 (layer 0 of
  // a Gaussian bottom: standardised pixels). Deterministic for a given model.
  double test_recon_error(int l, int subset) const;

  // New ancestral samples: `chains` chains in the top RBM, started as
  // config.sample_start says (the codes of random training digits, or noise), take
  // config.sample_sweeps Gibbs sweeps, then pass down; samples() holds them. The draws
  // come from their own stream, reset by restart_samples() (a new model).
  void draw_samples(int chains);
  void restart_samples();
  const DbnSample& samples() const { return samples_; }

  // Pixels of the given test digits as the network sees them in evaluation and
  // fine-tuning: grey levels, or standardised for a Gaussian bottom.
  void test_digits(const std::vector<int>& indices, Matrix& v) const;
  // A Gaussian bottom's standardisation (null for a binary bottom): its unstandardize()
  // maps test_digits, sample pictures (Dbn::level_pictures) and reconstructions back to
  // grey levels; projected filters are in standardised units too.
  const PixelStandardization* standardization() const {
    return standardization_ ? &*standardization_ : nullptr;
  }

 private:
  void next_batch(Matrix& x);
  void start_layer(int l);  // layer l trains next (from its first epoch); l = layers(): all done

  DbnConfig config_;
  const Dataset& train_;
  const Dataset& test_;
  std::optional<PixelStandardization> standardization_;
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
  Matrix top_chain_;  // draw_samples' chains (kept for their allocation)
  DbnSample samples_;
};

}  // namespace latent
