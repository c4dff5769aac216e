// The fields of OptimizerSettings (optimizer.hpp) that a student sets: which
// optimiser, its learning rate, SGD's momentum; declared once (config_fields.hpp)
// for every network trained by backpropagation (the VAE; a DBN's fine-tuning,
// whose names carry the prefix "finetune_"). Momentum is shown only for SGD.
#pragma once
#include "config_fields.hpp"
#include "optimizer.hpp"

namespace latent {

// optimizer, learning_rate, momentum; section "Learning", ranges of the VAE
// (a config adjusts them with at()).
const ConfigFields<OptimizerSettings>& optimizer_fields();

}  // namespace latent
