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
//             of dbm.hpp, momentum SGD (config.joint's schedule) with L2 weight decay on
//             W1 and W2. It goes on as long as it is asked (joint_epochs is the worker's
//             budget).
// Pre-training uses cd.hpp's statistics and update (CD-k or PCD, config.pretrain);
// every stage runs under train_loop.hpp's divergence guard.
#pragma once
#include <vector>

#include "cd.hpp"
#include "dbm.hpp"
#include "dbm_config.hpp"
#include "idx.hpp"
#include "train_loop.hpp"

namespace latent {


enum class DbmStage { PretrainBottom = 0, PretrainTop = 1, Joint = 2 };

// Digits [from, from + count) of data binarised as evaluations do (the fixed draw of
// seed, binarization), into V, and their mean field under dbm after `rounds` rounds.
void settle_digits(const Dbm& dbm, const Dataset& data, int from, int count, Binarization binarization,
                   uint64_t seed, int rounds, Matrix& V, Matrix& M1, Matrix& M2);

class DbmTrainer {
 public:
  // train and test must outlive the trainer.
  DbmTrainer(const DbmConfig& config, const Dataset& train, const Dataset& test);

  const DbmConfig& config() const { return config_; }
  // The live settings (pre-training's and the joint stage's): an error when the config
  // fails validation or needs a reset.
  Status apply_live(const DbmConfig& config);
  DbmStage stage() const { return stage_; }
  const Dbm& dbm() const { return dbm_; }  // composed once pre-training is done
  const Rbm& bottom() const { return bottom_; }
  const Rbm& top() const { return top_; }
  // A loaded model: bottom() and top() as given, then the stage it had reached (the
  // joint stage composes them, then takes joint's parameters when given, and starts its
  // chains afresh).
  Rbm& bottom() { return bottom_; }
  Rbm& top() { return top_; }
  void restore(DbmStage stage, const Dbm* joint);

  // Up to max_batches updates of the current stage; a call never crosses a stage
  // boundary (pre-training layers end after config.pretrain_epochs epochs).
  TrainReport train(int max_batches);
  int epoch() const { return order_.epoch(); }  // completed epochs of the current stage
  double epoch_fraction() const { return order_.fraction(); }
  // Minibatches until the current stage has had `epochs` epochs (0 once it has).
  long long batches_left(int epochs) const;
  long long updates() const { return updates_; }
  // The persistent chains' visible units (nv x chains), once joint training began.
  const Matrix& chain_visibles() const { return chain_v_; }
  const Matrix& chain_hidden1() const { return chain_h1_; }

  // The mean variational bound on log p(v) of the first `subset` test digits (binarised
  // by a fixed draw, as evaluations do), at their mean field (2 x config.mean_field
  // rounds), for a given log Z.
  double test_bound(int subset, double log_z) const;
  // The mean of q(h1|v) over the first `subset` training digits (binarised by a fixed
  // draw): the base rate AIS over h1 starts from.
  Vector mean_h1(int subset) const;

 private:
  void start_chains();  // at random training digits with their mean-field states, sampled
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
