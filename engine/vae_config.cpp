// VaeConfig (vae_config.hpp): the defaults of the VAE and the autoencoder, the
// accepted ranges (in sentences a student can act on) and which changes need a
// new model.
#include "vae_config.hpp"

#include <cmath>

namespace latent {
namespace {

void check(std::vector<FieldError>& errors, bool ok, const char* field, const char* message) {
  if (!ok) errors.push_back({field, message});
}

}  // namespace

VaeConfig vae_defaults() {
  // 784-200-2 relu with Adam at 1e-3, minibatches of 100, dynamic binarisation:
  // a 2-D latent space to draw, learning visibly within seconds in the browser.
  return VaeConfig{};
}

VaeConfig ae_defaults() {
  VaeConfig c = vae_defaults();  // the same networks and learning
  c.variational = false;
  return c;
}

std::vector<FieldError> validate(const VaeConfig& c) {
  std::vector<FieldError> e;
  check(e, c.latent >= 2 && c.latent <= 100, "latent",
        "Latent size must be between 2 and 100 (2 can be drawn directly; 10 to 50 is usual for MNIST).");
  check(e, c.hidden >= 1 && c.hidden <= 2000, "hidden", "Hidden units per layer must be between 1 and 2000.");
  check(e, c.layers >= 1 && c.layers <= 4, "layers",
        "Hidden layers (in each of the encoder and the decoder) must be between 1 and 4.");
  check(e, c.activation == Activation::Relu || c.activation == Activation::Tanh || c.activation == Activation::Sigmoid,
        "activation", "Activation must be relu, tanh or sigmoid.");
  check(e, c.binarization >= Binarization::Probabilities && c.binarization <= Binarization::Threshold,
        "binarization", "Binarisation must be probabilities, fixed_stochastic, dynamic or threshold.");
  check(e, c.train_count >= 100 && c.train_count <= 60000, "train_count",
        "Training digits must be between 100 and 60000.");
  check(e, c.optimizer == OptimizerKind::Adam || c.optimizer == OptimizerKind::Sgd, "optimizer",
        "Optimizer must be adam or sgd.");
  check(e, std::isfinite(c.learning_rate) && c.learning_rate > 0.0f && c.learning_rate <= 1.0f, "learning_rate",
        "Learning rate must be above 0 and at most 1 (Adam: 1e-4 to 3e-3 is usual; SGD: 0.01 to 0.1).");
  check(e, std::isfinite(c.momentum) && c.momentum >= 0.0f && c.momentum <= 0.999f, "momentum",
        "Momentum must be between 0 and 0.999.");
  check(e, c.batch_size >= 1 && c.batch_size <= 1000, "batch_size", "Minibatch size must be between 1 and 1000.");
  check(e, c.iw_samples >= 1 && c.iw_samples <= 5000, "iw_samples",
        "Importance samples k must be between 1 and 5000.");
  check(e, c.iw_digits >= 1 && c.iw_digits <= 1000, "iw_digits",
        "Digits for the importance-weighted estimate must be between 1 and 1000.");
  return e;
}

bool needs_reset(const VaeConfig& a, const VaeConfig& b) {
  return a.variational != b.variational || a.latent != b.latent || a.hidden != b.hidden || a.layers != b.layers ||
         a.activation != b.activation || a.seed != b.seed || a.binarization != b.binarization ||
         a.train_count != b.train_count;
}

}  // namespace latent
