// RbmConfig: every setting of a binary-RBM run, as plain data with its defaults
// in one place, and its fields (config_fields.hpp: names, ranges, which changes
// reset, the form's labels). The UI edits a copy; the worker owns the one in use.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"
#include "cd_settings.hpp"
#include "config_fields.hpp"

namespace latent {

enum class ChainStart { Noise = 0, Data = 1 };

// The contrastive-divergence settings (learning, live) come from CdSettings.
struct RbmConfig : CdSettings {
  // structure (changing these resets the model)
  int hidden = 200;
  float init_std = 0.01f;
  uint64_t seed = 1;
  Binarization binarization = Binarization::Dynamic;
  int train_count = 60000;  // digits of the training set used (first n)

  // generation (live)
  int fantasy_chains = 16;
  ChainStart fantasy_start = ChainStart::Noise;
  int fantasy_steps = 1;  // Gibbs steps per fantasy update
};

// hidden, init_std, seed, binarization, train_count, the CD settings, fantasy_*.
const ConfigFields<RbmConfig>& config_fields(const RbmConfig&);
// The options of a binarisation field, in Binarization's order, with these explanations.
std::vector<FieldChoice> binarization_choices(const char* const (&explanations)[4]);

// The MNIST training-set size, as every kind on MNIST declares it ("train_count").
template <class Config>
Field<Config>& training_digits(ConfigFields<Config>& table, int Config::*member) {
  return table.integer("train_count", member)
      .resetting()
      .range(100, 60000, "Training digits must be between 100 and 60000.")
      .form("Training digits", "How many of the 60,000 training digits are used (the first n).", "Model");
}

// Every violated range; empty when the config is usable.
std::vector<FieldError> validate(const RbmConfig& config);
// True when going from a to b needs a new model (structure or data changed).
bool needs_reset(const RbmConfig& a, const RbmConfig& b);

}  // namespace latent
