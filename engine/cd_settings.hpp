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
  float weight_decay = 1e-4f;  // L2 on the weights (not the biases)
  int batch_size = 20;
};

// cd_k, persistent, learning_rate, momentum, weight_decay, batch_size; the
// ranges of a binary RBM on MNIST (a config adjusts them with at()).
const ConfigFields<CdSettings>& cd_fields();

}  // namespace latent
