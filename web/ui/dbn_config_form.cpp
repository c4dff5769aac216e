// dbn_config_form (see dbn_config_form.hpp).
#include "dbn_config_form.hpp"

#include <cstdio>

#include <imgui.h>

#include "widgets.hpp"

namespace latent::ui {

namespace {
constexpr Choice kBottoms[2] = {
    {"binary RBM", "Pixels as 0/1 units (binarised as the stack's RBMs say): the course's DBN on MNIST."},
    {"Gaussian (GRBM)", "Standardised grey levels as Gaussian units of variance 1, for real-valued data; it learns at "
                        "a tenth of the stack's learning rate."},
};
}  // namespace

void DbnConfigForm::draw(const LabState& lab, const ModelView& m) {
  if (!form_.begin(lab, m)) return;
  DbnConfig& edit = form_.edit();
  using Form = ConfigForm<DbnConfig>;
  const float label_w = ImGui::GetFontSize() * 10.5f;
  const std::string shown = layer_sizes_text(edit.layers);
  if (shown != layers_seen_ && layers_error_.empty()) {  // follow the worker unless a bad edit is pending
    std::snprintf(layers_text_, sizeof layers_text_, "%s", shown.c_str());
    layers_seen_ = shown;
  }

  section("The stack");
  if (begin_form("stack", label_w)) {
    form_.row("layers", "Hidden layers", "Sizes of the hidden layers above the 784 pixels, bottom to top, e.g. 500-500-2000.",
              true, [&] {
                ImGui::InputText("##v", layers_text_, sizeof layers_text_);
                if (!ImGui::IsItemDeactivatedAfterEdit()) return false;
                std::vector<int> sizes;
                if (!parse_layer_sizes(layers_text_, sizes, layers_error_)) return false;
                layers_error_.clear();
                edit.layers = sizes;
                return true;
              });
    field_error(layers_error_);
    form_.row("epochs_per_layer", "Epochs per layer", "Passes through the training digits before a layer freezes.", false,
              Form::int_field(edit.epochs_per_layer));
    form_.row("init_std", "Initial weights", "Standard deviation of every layer's random starting weights.", true,
              Form::float_field(edit.rbm.init_std, "%.4g"));
    form_.row("train_count", "Training digits", "How many of the 60,000 training digits are used (the first n).", true,
              Form::int_field(edit.rbm.train_count));
    form_.row("seed", "Seed", "The random seed: the same seed and settings give the same run.", true,
              Form::seed_field(edit.rbm.seed));
    int bottom = edit.gaussian_bottom ? 1 : 0;
    form_.row("bottom", "Bottom layer", "The RBM that sees the pixels.", true, [&] {
      const bool changed = choice_combo("##v", bottom, kBottoms, 2);
      if (changed) edit.gaussian_bottom = bottom == 1;
      return changed;
    });
    end_form();
  }

  section("Each layer's RBM");
  if (begin_form("rbm", label_w)) {
    form_.row("cd_k", "CD-k steps", "Gibbs steps k in each layer's contrastive divergence.", false,
              Form::int_field(edit.rbm.cd_k));
    form_.row("persistent", "Persistent CD", "Keep each layer's negative chains between updates (PCD).", false,
              Form::check_field(edit.rbm.persistent));
    form_.row("learning_rate", "Learning rate", "Step size of each weight update.", false,
              Form::float_field(edit.rbm.learning_rate, "%.4g"));
    form_.row("momentum", "Momentum", "Fraction of the previous update added to the next one.", false,
              Form::slider_field(edit.rbm.momentum, 0.0f, 0.99f, "%.2f"));
    form_.row("weight_decay", "Weight decay", "L2 penalty pulling the weights towards 0.", false,
              Form::float_field(edit.rbm.weight_decay, "%.3g"));
    form_.row("batch_size", "Minibatch size", "Examples averaged in each update.", false,
              Form::int_field(edit.rbm.batch_size));
    form_.row("sample_up", "Sample going up", "Train each layer on 0/1 samples of the layer below (off: on its probabilities).",
              false, Form::check_field(edit.sample_up));
    end_form();
  }

  section("Fine-tuning and the maps");
  if (begin_form("finetune", label_w)) {
    int opt = int(edit.finetune.kind);
    form_.row("finetune_optimizer", "Optimiser", "How the unrolled networks' gradients become steps.", false, [&] {
      const bool changed = choice_combo("##v", opt, kOptimizerChoices, 2);
      if (changed) edit.finetune.kind = OptimizerKind(opt);
      return changed;
    });
    form_.row("finetune_learning_rate", "Learning rate", "Fine-tuning step size (1e-3 suits Adam).", false,
              Form::float_field(edit.finetune.learning_rate, "%.4g"));
    if (edit.finetune.kind == OptimizerKind::Sgd)
      form_.row("finetune_momentum", "Momentum", "SGD's fraction of the previous step carried into the next.", false,
                Form::slider_field(edit.finetune.momentum, 0.0f, 0.99f, "%.2f"));
    form_.row("finetune_batch_size", "Minibatch size", "Digits per fine-tuning update.", false,
              Form::int_field(edit.finetune_batch_size));
    form_.row("finetune_epochs", "Classifier epochs", "Epochs of each classifier before the maps start.", false,
              Form::int_field(edit.finetune_epochs));
    form_.row("code_size", "Code units", "The deep autoencoder's linear code on top of the stack: 2 draws the map "
              "directly; wider codes are shown on their 2 principal axes.", true, Form::int_field(edit.code_size));
    form_.row("map_epochs", "Autoencoder epochs", "Epochs of the deep autoencoder for the map.", false,
              Form::int_field(edit.map_epochs));
    end_form();
  }
}

}  // namespace latent::ui
