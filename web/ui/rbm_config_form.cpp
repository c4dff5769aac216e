// rbm_config_form (see rbm_config_form.hpp).
#include "rbm_config_form.hpp"

#include <imgui.h>

#include "protocol.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

struct Choice {
  const char* label;
  const char* explanation;
};

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

// Combo over a table of choices; returns true when the selection changed.
bool choice_combo(const char* id, int& index, const Choice* choices, int count) {
  bool changed = false;
  if (ImGui::BeginCombo(id, choices[index].label)) {
    for (int i = 0; i < count; ++i) {
      if (ImGui::Selectable(choices[i].label, i == index) && i != index) {
        index = i;
        changed = true;
      }
      help(choices[i].explanation);
    }
    ImGui::EndCombo();
  }
  return changed;
}

bool left_after_edit() { return ImGui::IsItemDeactivatedAfterEdit(); }

}  // namespace

void RbmConfigForm::sync(const LabState& lab) {
  if (!lab.has_config) return;
  if (synced_ && protocol::changed_fields(seen_, lab.config).empty()) return;
  // Take the worker's values, except where the student holds an invalid edit.
  Json merged = protocol::config_to_json(lab.config);
  const Json mine = protocol::config_to_json(edit_);
  if (synced_) {
    for (const auto& e : validate(edit_)) merged[e.field] = mine[e.field];
  }
  std::vector<FieldError> ignored;
  protocol::apply_config_fields(merged, edit_, ignored);
  seen_ = lab.config;
  synced_ = true;
}

std::string RbmConfigForm::error_for(const LabState& lab, const char* field) const {
  for (const auto& e : local_) if (e.field == field) return e.message;
  for (const auto& e : lab.field_errors) if (e.field == field) return e.message;
  return std::string();
}

void RbmConfigForm::commit(const LabState& lab, const char* field) {
  for (const auto& e : local_) if (e.field == field) return;  // shown in red, not sent
  const Json mine = protocol::config_to_json(edit_), theirs = protocol::config_to_json(lab.config);
  if (mine[field] != theirs[field]) set_config({{field, mine[field]}});
}

void RbmConfigForm::draw(const LabState& lab) {
  sync(lab);
  if (!synced_) {
    ImGui::TextDisabled("waiting for the worker's settings...");
    return;
  }
  local_ = validate(edit_);
  if (edit_.seed > uint64_t(protocol::kMaxSeed)) {
    local_.push_back({"seed", "The seed must be at most 2^53 - 1 (it has to fit a JavaScript number)."});
  }
  const float label_w = ImGui::GetFontSize() * 9.5f;
  auto row = [&](const char* field, const char* label, const char* tip, bool resets, auto&& widget) {
    form_row(label, tip, resets);
    ImGui::PushID(field);
    const bool done = widget();
    help(tip);
    ImGui::PopID();
    if (done) {
      local_ = validate(edit_);
      commit(lab, field);
    }
    field_error(error_for(lab, field));
  };
  auto int_field = [&](int& v) { return [&v] { ImGui::InputInt("##v", &v, 0, 0); return left_after_edit(); }; };
  auto float_field = [&](float& v, const char* fmt) {
    return [&v, fmt] { ImGui::InputFloat("##v", &v, 0, 0, fmt); return left_after_edit(); };
  };

  section("Model");
  if (begin_form("model", label_w)) {
    row("hidden", "Hidden units", "How many hidden units (feature detectors) the RBM has.", true, int_field(edit_.hidden));
    row("init_std", "Initial weights", "Standard deviation of the random starting weights.", true,
        float_field(edit_.init_std, "%.4g"));
    row("seed", "Seed", "The random seed: the same seed and settings give the same run.", true, [&] {
      ImGui::InputScalar("##v", ImGuiDataType_U64, &edit_.seed);
      return left_after_edit();
    });
    int bin = int(edit_.binarization);
    row("binarization", "Binarisation", "How grey MNIST pixels become the RBM's binary visible units.", true, [&] {
      const bool changed = choice_combo("##v", bin, kBinarizations, 4);
      if (changed) edit_.binarization = Binarization(bin);
      return changed;
    });
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", kBinarizations[int(edit_.binarization)].explanation);
    ImGui::PopTextWrapPos();
    row("train_count", "Training digits", "How many of the 60,000 training digits are used (the first n).", true,
        int_field(edit_.train_count));
    end_form();
  }

  section("Learning");
  if (begin_form("learning", label_w)) {
    row("cd_k", "CD-k steps", "Gibbs steps k from the data to the negative sample in each update.", false,
        int_field(edit_.cd_k));
    row("persistent", "Persistent CD", "Keep the negative chains running between updates (PCD) instead of restarting at the data.",
        false, [&] { return ImGui::Checkbox("##v", &edit_.persistent); });
    row("learning_rate", "Learning rate", "Step size of each weight update.", false,
        float_field(edit_.learning_rate, "%.4g"));
    row("momentum", "Momentum", "Fraction of the previous update added to the next one (smooths learning).", false, [&] {
      ImGui::SliderFloat("##v", &edit_.momentum, 0.0f, 0.99f, "%.2f");
      return left_after_edit();
    });
    row("weight_decay", "Weight decay", "L2 penalty pulling the weights towards 0 (keeps filters clean).", false,
        float_field(edit_.weight_decay, "%.3g"));
    row("batch_size", "Minibatch size", "Digits averaged in each update.", false, int_field(edit_.batch_size));
    end_form();
  }

  section("Fantasy chains");
  if (begin_form("fantasy", label_w)) {
    row("fantasy_chains", "Chains", "How many independent Gibbs chains show what the model generates.", false,
        int_field(edit_.fantasy_chains));
    int start = int(edit_.fantasy_start);
    row("fantasy_start", "Start from", "Whether the chains start from random noise or from real digits.", false, [&] {
      const bool changed = choice_combo("##v", start, kStarts, 2);
      if (changed) edit_.fantasy_start = ChainStart(start);
      return changed;
    });
    row("fantasy_steps", "Gibbs steps / picture",
        "Gibbs steps the chains take each time the pictures update (about 4 times a second while training), "
        "not per training update.",
        false,
        int_field(edit_.fantasy_steps));
    end_form();
  }
}

}  // namespace latent::ui
