// rbm_config_form (see rbm_config_form.hpp).
#include "rbm_config_form.hpp"

#include <imgui.h>

#include "protocol.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

// In the order of latent::Binarization.
constexpr Choice kBinarizations[] = {
    {"grey levels", "Pixels stay grey: v = intensity/255 is used as the probability itself."},
    {"fixed stochastic", "Each digit is sampled to 0/1 once (from its grey levels) and kept that way."},
    {"dynamic (per batch)", "A fresh 0/1 sample of each digit every time it is used: less overfitting."},
    {"threshold at 0.5", "Pixels brighter than half become 1, the rest 0: clean but loses detail."},
};
constexpr Choice kStarts[] = {
    {"noise", "The fantasy chains start from random pixels."},
    {"data", "The fantasy chains start from test digits."},
};

}  // namespace

void RbmConfigForm::draw(const LabState& lab, const ModelView& m) {
  if (!form_.begin(lab, m)) return;
  RbmConfig& edit = form_.edit();
  auto row = [&](auto&&... args) { form_.row(args...); };
  auto int_field = [](int& v) { return ConfigForm<RbmConfig>::int_field(v); };
  auto float_field = [](float& v, const char* f) { return ConfigForm<RbmConfig>::float_field(v, f); };
  const float label_w = ImGui::GetFontSize() * 9.5f;

  section("Model");
  if (begin_form("model", label_w)) {
    row("hidden", "Hidden units", "How many hidden units (feature detectors) the RBM has.", true, int_field(edit.hidden));
    row("init_std", "Initial weights", "Standard deviation of the random starting weights.", true,
        float_field(edit.init_std, "%.4g"));
    row("seed", "Seed", "The random seed: the same seed and settings give the same run.", true,
        ConfigForm<RbmConfig>::seed_field(edit.seed));
    int bin = int(edit.binarization);
    row("binarization", "Binarisation", "How grey MNIST pixels become the RBM's binary visible units.", true, [&] {
      const bool changed = choice_combo("##v", bin, kBinarizations, 4);
      if (changed) edit.binarization = Binarization(bin);
      return changed;
    });
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", kBinarizations[int(edit.binarization)].explanation);
    ImGui::PopTextWrapPos();
    row("train_count", "Training digits", "How many of the 60,000 training digits are used (the first n).", true,
        int_field(edit.train_count));
    end_form();
  }

  section("Learning");
  if (begin_form("learning", label_w)) {
    row("cd_k", "CD-k steps", "Gibbs steps k from the data to the negative sample in each update.", false,
        int_field(edit.cd_k));
    row("persistent", "Persistent CD", "Keep the negative chains running between updates (PCD) instead of restarting at the data.",
        false, ConfigForm<RbmConfig>::check_field(edit.persistent));
    row("learning_rate", "Learning rate", "Step size of each weight update.", false,
        float_field(edit.learning_rate, "%.4g"));
    row("momentum", "Momentum", "Fraction of the previous update added to the next one (smooths learning).", false,
        ConfigForm<RbmConfig>::slider_field(edit.momentum, 0.0f, 0.99f, "%.2f"));
    row("weight_decay", "Weight decay", "L2 penalty pulling the weights towards 0 (keeps filters clean).", false,
        float_field(edit.weight_decay, "%.3g"));
    row("batch_size", "Minibatch size", "Digits averaged in each update.", false, int_field(edit.batch_size));
    end_form();
  }

  section("Fantasy chains");
  if (begin_form("fantasy", label_w)) {
    row("fantasy_chains", "Chains", "How many independent Gibbs chains show what the model generates.", false,
        int_field(edit.fantasy_chains));
    int start = int(edit.fantasy_start);
    row("fantasy_start", "Start from", "Whether the chains start from random noise or from real digits.", false, [&] {
      const bool changed = choice_combo("##v", start, kStarts, 2);
      if (changed) edit.fantasy_start = ChainStart(start);
      return changed;
    });
    row("fantasy_steps", "Gibbs steps / picture",
        "Gibbs steps the chains take each time the pictures update (about 4 times a second while training), "
        "not per training update.",
        false,
        int_field(edit.fantasy_steps));
    end_form();
  }
}

}  // namespace latent::ui
