// vae_config_form (see vae_config_form.hpp).
#include "vae_config_form.hpp"

#include <imgui.h>

#include "widgets.hpp"

namespace latent::ui {

namespace {

// In the order of latent::Activation and Binarization.
constexpr Choice kActivations[] = {
    {"ReLU", "max(0, x): trains fast; the usual choice today."},
    {"tanh", "The IWAE paper's choice (784-200-200-50 with tanh)."},
    {"sigmoid", "The classic squashing unit; slower to train."},
};
constexpr Choice kBinarizations[] = {
    {"grey levels", "Pixels stay grey: a Bernoulli likelihood of grey values (not a true probability)."},
    {"fixed stochastic", "Each digit sampled to 0/1 once and kept."},
    {"dynamic (per batch)", "A fresh 0/1 sample every time a digit is used: the usual VAE benchmark setting."},
    {"threshold at 0.5", "Pixels brighter than half become 1."},
};

}  // namespace

void VaeConfigForm::draw(const LabState& lab, const ModelView& m) {
  if (!form_.begin(lab, m)) return;
  VaeConfig& edit = form_.edit();
  using Form = ConfigForm<VaeConfig>;
  const float label_w = ImGui::GetFontSize() * 10.5f;

  section("Model");
  if (begin_form("model", label_w)) {
    form_.row("variational", "Variational", "On: a VAE (a Gaussian q(z|x), a prior, the ELBO). Off: a plain autoencoder.",
              true, Form::check_field(edit.variational));
    form_.row("latent", "Latent size", "Dimensions of the code z (2 draws the latent space directly).", true,
              Form::int_field(edit.latent));
    form_.row("hidden", "Hidden units", "Units in each hidden layer of the encoder and the decoder.", true,
              Form::int_field(edit.hidden));
    form_.row("layers", "Hidden layers", "Hidden layers in each network (the decoder mirrors the encoder).", true,
              Form::int_field(edit.layers));
    int act = int(edit.activation);
    form_.row("activation", "Activation", "The hidden layers' nonlinearity.", true, [&] {
      const bool changed = choice_combo("##v", act, kActivations, 3);
      if (changed) edit.activation = Activation(act);
      return changed;
    });
    int bin = int(edit.binarization);
    form_.row("binarization", "Binarisation", "How grey MNIST pixels become the Bernoulli decoder's 0/1 targets.", true,
              [&] {
                const bool changed = choice_combo("##v", bin, kBinarizations, 4);
                if (changed) edit.binarization = Binarization(bin);
                return changed;
              });
    form_.row("train_count", "Training digits", "How many of the 60,000 training digits are used (the first n).", true,
              Form::int_field(edit.train_count));
    form_.row("seed", "Seed", "The random seed: the same seed and settings give the same run.", true,
              Form::seed_field(edit.seed));
    end_form();
  }

  section("Learning");
  if (begin_form("learning", label_w)) {
    int opt = int(edit.optimizer);
    form_.row("optimizer", "Optimiser", "How gradients become steps.", false, [&] {
      const bool changed = choice_combo("##v", opt, kOptimizerChoices, 2);
      if (changed) edit.optimizer = OptimizerKind(opt);
      return changed;
    });
    form_.row("learning_rate", "Learning rate", "Step size (1e-3 is usual for Adam).", false,
              Form::float_field(edit.learning_rate, "%.4g"));
    if (edit.optimizer == OptimizerKind::Sgd) {
      form_.row("momentum", "Momentum", "SGD's fraction of the previous step carried into the next.", false, Form::slider_field(edit.momentum, 0.0f, 0.99f, "%.2f"));
    }
    form_.row("batch_size", "Minibatch size", "Digits averaged in each update.", false, Form::int_field(edit.batch_size));
    end_form();
  }

  section("The gap (importance sampling)");
  if (begin_form("iw", label_w)) {
    form_.row("iw_samples", "Samples k", "Samples z ~ q(z|x) per digit for the importance-weighted log p(x) (up to 5,000).",
              false, Form::int_field(edit.iw_samples));
    form_.row("iw_digits", "Test digits", "How many test digits the estimate is made on.", false,
              Form::int_field(edit.iw_digits));
    end_form();
  }
}

}  // namespace latent::ui
