// VaeConfig: every setting of an autoencoder or variational autoencoder run on
// MNIST, as plain data with its defaults and the ranges the lab accepts (the
// lab's "vae" model kind; `variational` says VAE or plain autoencoder).
// The networks are multilayer perceptrons: encoder 784 -> hidden x layers -> code,
// decoder code -> hidden x layers -> 784 (mirrored), Bernoulli (sigmoid) outputs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"        // Binarization
#include "mlp.hpp"          // Activation, activation_name, activation_from_name
#include "config_fields.hpp"
#include "optimizer.hpp"    // OptimizerSettings

namespace latent {

// Activation (mlp.hpp: relu, tanh, sigmoid for hidden layers; identity for output
// layers) and OptimizerKind (optimizer.hpp: adam, sgd) live with the code using them.

// The optimiser (learning, live: optimizer, learning_rate, momentum) comes from
// OptimizerSettings, Adam at 1e-3 by default.
struct VaeConfig : OptimizerSettings {
  // structure (changing these resets the model)
  bool variational = true;  // a VAE; false: a deterministic autoencoder (the same networks)
  int latent = 2;          // code / latent size (2 .. 100)
  int hidden = 200;        // units per hidden layer
  int layers = 1;          // hidden layers in each of encoder and decoder (1 .. 4)
  Activation activation = Activation::Relu;
  uint64_t seed = 1;
  Binarization binarization = Binarization::Dynamic;  // the VAE default; stated in the UI
  int train_count = 60000;

  // learning (live)
  int batch_size = 100;

  // evaluation (live): the importance-weighted log p(x) on a few test digits
  int iw_samples = 1000;   // k (1 .. 5000)
  int iw_digits = 8;       // how many test digits (the first n of the evaluation set)
};

// Defaults of the VAE and of the plain autoencoder (variational = false).
VaeConfig vae_defaults();
VaeConfig ae_defaults();

const ConfigFields<VaeConfig>& config_fields(const VaeConfig&);

// Every violated range; empty when the config is usable.
std::vector<FieldError> validate(const VaeConfig& config);
// True when going from a to b needs a new model.
bool needs_reset(const VaeConfig& a, const VaeConfig& b);

}  // namespace latent
