// VaeConfig (vae_config.hpp): the defaults of the VAE and the autoencoder, the
// fields (ranges in sentences a student can act on, which changes need a new
// model, the form).
#include "vae_config.hpp"

#include "optimizer_fields.hpp"
#include "rbm_config.hpp"  // binarization_choices

namespace latent {
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

namespace {

ConfigFields<VaeConfig> make_vae_fields() {
  ConfigFields<VaeConfig> t;
  t.flag("variational", &VaeConfig::variational)
      .resetting()
      .form("Variational", "On: a VAE (a Gaussian q(z|x), a prior, the ELBO). Off: a plain autoencoder.", "Model");
  t.integer("latent", &VaeConfig::latent)
      .resetting()
      .range(2, 100, "Latent size must be between 2 and 100 (2 can be drawn directly; 10 to 50 is usual for MNIST).")
      .form("Latent size", "Dimensions of the code z (2 draws the latent space directly).", "Model");
  t.integer("hidden", &VaeConfig::hidden)
      .resetting()
      .range(1, 2000, "Hidden units per layer must be between 1 and 2000.")
      .form("Hidden units", "Units in each hidden layer of the encoder and the decoder.", "Model");
  t.integer("layers", &VaeConfig::layers)
      .resetting()
      .range(1, 4, "Hidden layers (in each of the encoder and the decoder) must be between 1 and 4.")
      .form("Hidden layers", "Hidden layers in each network (the decoder mirrors the encoder).", "Model");
  t.choice("activation", &VaeConfig::activation,
           {{activation_name(Activation::Relu), "ReLU", "max(0, x): trains fast; the usual choice today."},
            {activation_name(Activation::Tanh), "tanh", "The IWAE paper's choice (784-200-200-50 with tanh)."},
            {activation_name(Activation::Sigmoid), "sigmoid", "The classic squashing unit; slower to train."}})
      .resetting()
      .refusal("Activation must be relu, tanh or sigmoid.")
      .form("Activation", "The hidden layers' nonlinearity.", "Model");
  constexpr const char* kExplained[] = {
      "Pixels stay grey: a Bernoulli likelihood of grey values (not a true probability).",
      "Each digit sampled to 0/1 once and kept.",
      "A fresh 0/1 sample every time a digit is used: the usual VAE benchmark setting.",
      "Pixels brighter than half become 1."};
  t.choice("binarization", &VaeConfig::binarization, binarization_choices(kExplained))
      .resetting()
      .refusal("Binarisation must be probabilities, fixed_stochastic, dynamic or threshold.")
      .form("Binarisation", "How grey MNIST pixels become the Bernoulli decoder's 0/1 targets.", "Model");
  training_digits(t, &VaeConfig::train_count);
  t.seed("seed", &VaeConfig::seed, "Model");
  t.include(optimizer_fields(), [](VaeConfig& c) -> OptimizerSettings& { return c; });
  t.integer("batch_size", &VaeConfig::batch_size)
      .range(1, 1000, "Minibatch size must be between 1 and 1000.")
      .form("Minibatch size", "Digits averaged in each update.", "Learning");
  const char* gap = "The gap (importance sampling)";
  t.integer("iw_samples", &VaeConfig::iw_samples)
      .range(1, 5000, "Importance samples k must be between 1 and 5000.")
      .form("Samples k", "Samples z ~ q(z|x) per digit for the importance-weighted log p(x) (up to 5,000).", gap);
  t.integer("iw_digits", &VaeConfig::iw_digits)
      .range(1, 1000, "Digits for the importance-weighted estimate must be between 1 and 1000.")
      .form("Test digits", "How many test digits the estimate is made on.", gap);
  return t;
}

}  // namespace

const ConfigFields<VaeConfig>& config_fields(const VaeConfig&) {
  static const ConfigFields<VaeConfig> table = make_vae_fields();
  return table;
}

std::vector<FieldError> validate(const VaeConfig& c) { return check_fields(c); }
bool needs_reset(const VaeConfig& a, const VaeConfig& b) { return fields_need_reset(a, b); }

}  // namespace latent
