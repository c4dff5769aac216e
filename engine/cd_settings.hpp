// CdSettings: how an RBM learns by contrastive divergence (cd.hpp), shared by
// every RBM config (RbmConfig, GrbmConfig, and a DBN's layers through its
// RbmConfig), with its fields declared once (config_fields.hpp). All are live:
// a change applies at the next update.
#pragma once
#include "config_fields.hpp"

namespace latent {

struct CdSettings {
  int cd_k = 1;               // Gibbs steps from the data to the negative sample
  bool persistent = true;     // PCD: the negative chains carry on between updates
  float learning_rate = 0.05f;
  float momentum = 0.5f;
  // The standard protocol's schedule (Hinton's practical guide; Salakhutdinov and
  // Murray): momentum for the first momentum_switch_epoch epochs, then final_momentum.
  // 0: momentum throughout.
  int momentum_switch_epoch = 0;
  float final_momentum = 0.9f;
  float weight_decay = 1e-4f;  // L2 on the weights (not the biases)
  int batch_size = 20;

  // The momentum of an update made during epoch `completed_epochs` (0 = the first).
  float momentum_at(int completed_epochs) const {
    return momentum_switch_epoch > 0 && completed_epochs >= momentum_switch_epoch ? final_momentum : momentum;
  }
};

// cd_k, persistent, learning_rate, momentum, momentum_switch_epoch, final_momentum,
// weight_decay, batch_size; the
// ranges of a binary RBM on MNIST (a config adjusts them with at()).
const ConfigFields<CdSettings>& cd_fields();

}  // namespace latent
