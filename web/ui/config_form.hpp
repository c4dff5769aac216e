// config_form: the machinery of a hyper-parameter form, for any config type with
// protocol::config_to_json / apply_config_fields / changed_fields and
// latent::validate (RbmConfig, GrbmConfig). The form edits a local copy of the
// worker's config (ModelView::config); each edit is checked with validate() as
// it is typed (the message shows in red under the field); a valid value is sent
// with set_config when the field is left (Enter, Tab or a click elsewhere).
// Fields that build a new model are tagged "(resets)". The worker's own refusals
// (LabState::field_errors) show under their fields too.
//
//   if (form.begin(lab, m)) {                        // false until the config arrives
//     if (begin_form("model", label_w)) {
//       form.row("hidden", "Hidden units", "tip", true, form.int_field(form.edit().hidden));
//       end_form();
//     }
//   }
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "bridge.hpp"
#include "protocol.hpp"
#include "widgets.hpp"

namespace latent::ui {

template <class Config>
class ConfigForm {
 public:
  // Syncs with the worker's config; false (with a note) while there is none.
  bool begin(const LabState& lab, const ModelView& m) {
    lab_ = &lab;
    Config theirs;
    if (read_config(m, theirs)) sync(theirs);
    if (!synced_) {
      ImGui::TextDisabled("waiting for the worker's settings...");
      return false;
    }
    seen_ = theirs;
    local_ = validate(edit_);
    const protocol::Json mine = protocol::config_to_json(edit_);
    if (mine.contains("seed") && mine["seed"].is_number_unsigned() &&
        mine["seed"].get<uint64_t>() > uint64_t(protocol::kMaxSeed)) {
      local_.push_back({"seed", "The seed must be at most 2^53 - 1 (it has to fit a JavaScript number)."});
    }
    return true;
  }

  Config& edit() { return edit_; }

  // One row: widget() draws the control and returns true when an edit is complete.
  template <class Widget>
  void row(const char* field, const char* label, const char* tip, bool resets, Widget&& widget) {
    form_row(label, tip, resets);
    ImGui::PushID(field);
    const bool done = widget();
    help(tip);
    ImGui::PopID();
    if (done) {
      local_ = validate(edit_);
      commit(field);
    }
    field_error(error_for(field));
  }

  static auto int_field(int& v) {
    return [&v] {
      ImGui::InputInt("##v", &v, 0, 0);
      return ImGui::IsItemDeactivatedAfterEdit();
    };
  }
  static auto float_field(float& v, const char* format) {
    return [&v, format] {
      ImGui::InputFloat("##v", &v, 0, 0, format);
      return ImGui::IsItemDeactivatedAfterEdit();
    };
  }
  static auto check_field(bool& v) {
    return [&v] { return ImGui::Checkbox("##v", &v); };
  }
  static auto seed_field(uint64_t& v) {
    return [&v] {
      ImGui::InputScalar("##v", ImGuiDataType_U64, &v);
      return ImGui::IsItemDeactivatedAfterEdit();
    };
  }
  static auto slider_field(float& v, float lo, float hi, const char* format) {
    return [&v, lo, hi, format] {
      ImGui::SliderFloat("##v", &v, lo, hi, format);
      return ImGui::IsItemDeactivatedAfterEdit();
    };
  }

 private:
  void sync(const Config& theirs) {
    if (synced_ && protocol::changed_fields(seen_, theirs).empty()) return;
    // Take the worker's values, except where the student holds an invalid edit.
    protocol::Json merged = protocol::config_to_json(theirs);
    const protocol::Json mine = protocol::config_to_json(edit_);
    if (synced_) {
      for (const auto& e : validate(edit_))
        if (mine.contains(e.field)) merged[e.field] = mine[e.field];
    }
    std::vector<FieldError> ignored;
    edit_ = theirs;
    protocol::apply_config_fields(merged, edit_, ignored);
    seen_ = theirs;
    synced_ = true;
  }
  std::string error_for(const char* field) const {
    for (const auto& e : local_) if (e.field == field) return e.message;
    for (const auto& e : lab_->field_errors) if (e.field == field) return e.message;
    return std::string();
  }
  void commit(const char* field) {
    for (const auto& e : local_) if (e.field == field) return;  // shown in red, not sent
    const protocol::Json mine = protocol::config_to_json(edit_), theirs = protocol::config_to_json(seen_);
    if (mine.contains(field) && (!theirs.contains(field) || mine[field] != theirs[field]))
      set_config({{field, mine[field]}});
  }

  const LabState* lab_ = nullptr;
  Config edit_;   // what the form shows
  Config seen_;   // the worker's config when we last synced
  bool synced_ = false;
  std::vector<FieldError> local_;  // validate(edit_), refreshed every frame
};

}  // namespace latent::ui
