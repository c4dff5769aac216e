// RbmConfig: every setting of a binary-RBM run, as plain data with its defaults
// in one place, and the ranges the lab accepts. The UI edits a copy; the worker
// owns the one in use.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"

namespace latent {

enum class ChainStart { Noise = 0, Data = 1 };

struct RbmConfig {
  // structure (changing these resets the model)
  int hidden = 200;
  float init_std = 0.01f;
  uint64_t seed = 1;
  Binarization binarization = Binarization::Dynamic;
  int train_count = 60000;  // digits of the training set used (first n)

  // learning (live: applied at the next update)
  int cd_k = 1;
  bool persistent = true;
  float learning_rate = 0.05f;
  float momentum = 0.5f;
  float weight_decay = 1e-4f;
  int batch_size = 20;

  // generation (live)
  int fantasy_chains = 16;
  ChainStart fantasy_start = ChainStart::Noise;
  int fantasy_steps = 1;  // Gibbs steps per fantasy update
};

struct FieldError {
  std::string field;    // the member's name, e.g. "learning_rate"
  std::string message;  // what is wrong and what is allowed
};

// Every violated range; empty when the config is usable.
std::vector<FieldError> validate(const RbmConfig& config);

// True when going from a to b needs a new model (structure or data changed).
bool needs_reset(const RbmConfig& a, const RbmConfig& b);

}  // namespace latent
