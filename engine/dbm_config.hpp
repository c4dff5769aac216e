// DbmConfig: every setting of a two-layer deep Boltzmann machine run on MNIST
// (dbm_trainer.hpp), as plain data with its defaults and the ranges the lab accepts:
// the layer sizes, the greedy pre-training of each layer (CD settings as an RBM's),
// and the joint training (mean field for the data's statistics, persistent chains for
// the model's; learning rate, momentum schedule, weight decay and minibatch size as
// CdSettings, whose k and persistence it does not use).
#pragma once
#include <cstdint>
#include <vector>

#include "batch.hpp"  // Binarization
#include "cd_settings.hpp"
#include "config_fields.hpp"
#include "status.hpp"

namespace latent {

constexpr int kDbmMaxUnits = 4000;  // units in one hidden layer

// Each layer's pre-training and the joint stage by default (the reasons in dbm_config.cpp).
CdSettings dbm_pretrain_defaults();
CdSettings dbm_joint_defaults();

struct DbmConfig {
  // structure (changing these resets the model)
  int hidden1 = 500, hidden2 = 500;
  float init_std = 0.01f;
  uint64_t seed = 1;
  Binarization binarization = Binarization::FixedStochastic;
  int train_count = 15000;  // the first n training digits
  int chains = 100;         // persistent chains of the joint stage

  // pre-training (live): each layer's CD settings and epochs
  CdSettings pretrain = dbm_pretrain_defaults();
  int pretrain_epochs = 1;

  // joint training (live): learning rate, momentum (and its schedule), weight decay,
  // minibatch size; then the mean-field rounds per minibatch and the chains' sweeps
  CdSettings joint = dbm_joint_defaults();
  int joint_epochs = 2;  // the worker's budget: then the run is done (the trainer goes on if asked)
  int mean_field = 10;
  int sweeps = 5;
};

// hidden1, hidden2, init_std, seed, binarization, train_count, chains; pretrain_<cd
// settings>, pretrain_epochs; joint_learning_rate, joint_momentum,
// joint_momentum_switch_epoch, joint_final_momentum, joint_weight_decay,
// joint_batch_size, joint_epochs, mean_field, sweeps.
const ConfigFields<DbmConfig>& config_fields(const DbmConfig&);

std::vector<FieldError> validate(const DbmConfig& config);
bool needs_reset(const DbmConfig& a, const DbmConfig& b);

}  // namespace latent
