// DbmTrainer: a two-layer DBM (dbm.hpp) on MNIST, trained as Salakhutdinov and
// Hinton (2009) do, in three stages:
//   layer 0   greedy pre-training of an RBM (nv x n1) whose bottom-up input is doubled,
//             p(h1|v) = sigmoid(c1 + 2 W1^T v), p(v|h1) = sigmoid(b + W1 h1): in the DBM
//             h1 also hears h2, whose input the doubled v stands in for
//   layer 1   an RBM (n1 x n2) on 0/1 samples of that doubled up pass, with its top-down
//             input doubled instead: p(h1|h2) = sigmoid(a + 2 W2 h2), p(h2|h1) =
//             sigmoid(c2 + W2^T h1)
//   compose   W1, W2 as learned; b from layer 0; c1 = (layer 0's c + layer 1's a) / 2;
//             c2 from layer 1
//   joint     each minibatch: mean-field q(h|v) (config.mean_field rounds, from the
//             doubled up pass) for the data term; config.chains persistent Gibbs chains
//             (config.sweeps odd/even sweeps an update) for the model term; the gradient
//             of dbm.hpp, momentum SGD with L2 weight decay on W1 and W2
// Pre-training uses cd.hpp's statistics and update (CD-k or PCD, config.pretrain);
// every stage runs under train_loop.hpp's divergence guard.
#pragma once
#include <vector>

#include "cd.hpp"
#include "cd_settings.hpp"
#include "dbm.hpp"
#include "idx.hpp"
#include "train_loop.hpp"

namespace latent {

struct DbmConfig {
  int hidden1 = 500, hidden2 = 1000;
  uint64_t seed = 1;
  Binarization binarization = Binarization::FixedStochastic;
  int train_count = 60000;
  float init_std = 0.01f;
  CdSettings pretrain;       // each pre-trained layer's CD settings
  int pretrain_epochs = 1;   // per layer
  // joint training
  float learning_rate = 0.005f;
  float momentum = 0.5f;
  float weight_decay = 2e-4f;
  int batch_size = 100;
  int mean_field = 10;       // rounds per minibatch
  int chains = 100;          // persistent chains
  int sweeps = 1;            // Gibbs sweeps of the chains per update
};

enum class DbmStage { PretrainBottom = 0, PretrainTop = 1, Joint = 2 };

class DbmTrainer {
 public:
  // train and test must outlive the trainer.
  DbmTrainer(const DbmConfig& config, const Dataset& train, const Dataset& test);

  const DbmConfig& config() const { return config_; }
  DbmStage stage() const { return stage_; }
  const Dbm& dbm() const { return dbm_; }  // composed once pre-training is done
  const Rbm& bottom() const { return bottom_; }
  const Rbm& top() const { return top_; }

  // Up to max_batches updates of the current stage; a call never crosses a stage
  // boundary (pre-training layers end after config.pretrain_epochs epochs).
  TrainReport train(int max_batches);
  int epoch() const { return order_.epoch(); }  // completed epochs of the current stage
  long long updates() const { return updates_; }
  // The persistent chains' visible units (nv x chains), once joint training began.
  const Matrix& chain_visibles() const { return chain_v_; }

  // The mean variational bound on log p(v) of the first `subset` test digits (binarised
  // by a fixed draw, as evaluations do), at their mean field (2 x config.mean_field
  // rounds), for a given log Z.
  double test_bound(int subset, double log_z) const;

 private:
  void next_batch(Matrix& v);
  void batch(const int* indices, int n, Matrix& v);  // training digits as the model sees them (binarised)
  void enter(DbmStage stage);
  void compose();
  void joint_update();

  DbmConfig config_;
  const Dataset& train_;
  const Dataset& test_;
  Rng rng_;
  DbmStage stage_ = DbmStage::PretrainBottom;
  Rbm bottom_, top_;
  Dbm dbm_;
  EpochOrder order_;
  long long updates_ = 0;
  ParamBuffer velocity_;
  Matrix v_, x_, chain_, m1_, m2_, chain_v_, chain_h1_, chain_h2_;
  CdScratch cd_;
};

}  // namespace latent
