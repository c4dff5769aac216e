// config_form: a model's settings as a form, drawn from its config's field table
// (engine/config_fields.hpp): one section per field section, one row per field
// shown, the widget chosen by the field's type (whole numbers, numbers and
// sliders, check boxes, seeds, option lists, named presets, text). The form
// edits a local copy of the worker's config (ModelView::config); each edit is
// checked as it is typed (the field's sentence shows in red under it); a valid
// value is sent with set_config when the field is left (Enter, Tab or a click
// elsewhere). Fields that build a new model are tagged "(resets)". The worker's
// own refusals (LabState::field_errors) show under their fields too.
//
//   ConfigForm<RbmConfig> form;   // one per panel
//   form.draw(lab, lab.view("rbm"));
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "bridge.hpp"
#include "widgets.hpp"

namespace latent::ui {

template <class Config>
class ConfigForm {
 public:
  // label_em: the labels' column, in font sizes.
  explicit ConfigForm(float label_em = 10.5f) : label_em_(label_em) {}

  void draw(const LabState& lab, const ModelView& m) {
    lab_ = &lab;
    Config theirs;
    if (read_config(m, theirs)) sync(theirs);
    if (!synced_) {
      ImGui::TextDisabled("waiting for the worker's settings...");
      return;
    }
    local_ = check_fields(edit_);
    const ConfigFields<Config>& table = config_fields(edit_);
    std::vector<std::string> sections;  // in the order of their first field
    for (const Field<Config>& f : table.all())
      if (f.shown_in(edit_) && std::find(sections.begin(), sections.end(), f.section) == sections.end())
        sections.push_back(f.section);
    const float label_w = ImGui::GetFontSize() * label_em_;
    for (const std::string& s : sections) {
      section(s.c_str());
      if (!begin_form(s.c_str(), label_w)) continue;
      for (const Field<Config>& f : table.all())
        if (f.section == s && f.shown_in(edit_)) row(f);
      end_form();
    }
  }

 private:
  void row(const Field<Config>& f) {
    form_row(f.label.c_str(), f.tip.c_str(), f.resets);
    ImGui::PushID(f.name.c_str());
    const bool done = widget(f);
    help(f.tip.c_str());
    ImGui::PopID();
    if (done) {
      local_ = check_fields(edit_);
      commit(f.name);
    }
    field_error(error_for(f.name));
    if (f.type == FieldType::Choice && f.explain) {
      const std::string name = f.get(edit_).text;
      for (const FieldChoice& c : f.choices) {
        if (name != c.name) continue;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", c.explanation);
        ImGui::PopTextWrapPos();
      }
    }
  }

  // Draws the field's control over edit_; true when an edit is complete.
  bool widget(const Field<Config>& f) {
    FieldValue v = f.get(edit_);
    bool done = false;
    switch (f.type) {
      case FieldType::Int: {
        int x = int(v.number);
        if (f.widget == FieldWidget::Presets) return presets(f, x);
        if (f.widget == FieldWidget::Slider) ImGui::SliderInt("##v", &x, int(f.slider_lo), int(f.slider_hi), "%d");
        else ImGui::InputInt("##v", &x, 0, 0);
        done = ImGui::IsItemDeactivatedAfterEdit();
        v.number = x;
        break;
      }
      case FieldType::Real: {
        float x = float(v.number);
        if (f.widget == FieldWidget::Slider) ImGui::SliderFloat("##v", &x, float(f.slider_lo), float(f.slider_hi), f.format);
        else ImGui::InputFloat("##v", &x, 0, 0, f.format);
        done = ImGui::IsItemDeactivatedAfterEdit();
        v.number = double(x);
        break;
      }
      case FieldType::Bool:
        done = ImGui::Checkbox("##v", &v.flag);
        break;
      case FieldType::Seed:
        ImGui::InputScalar("##v", ImGuiDataType_U64, &v.seed);
        done = ImGui::IsItemDeactivatedAfterEdit();
        break;
      case FieldType::Choice:
        done = choice(f, v.text);
        break;
      case FieldType::Text:
        return text(f);
    }
    std::string ignored;
    f.set(edit_, v, ignored);
    return done;
  }

  bool choice(const Field<Config>& f, std::string& name) {
    const int shown = f.choices_shown < 0 ? int(f.choices.size()) : std::min(f.choices_shown, int(f.choices.size()));
    const char* current = name.c_str();
    for (const FieldChoice& c : f.choices)
      if (name == c.name) current = c.label;
    bool changed = false;
    if (ImGui::BeginCombo("##v", current)) {
      for (int i = 0; i < shown; ++i) {
        const FieldChoice& c = f.choices[size_t(i)];
        if (ImGui::Selectable(c.label, name == c.name) && name != c.name) {
          name = c.name;
          changed = true;
        }
        help(c.explanation);
      }
      ImGui::EndCombo();
    }
    return changed;
  }

  // An Int field's named values, and the value itself when it is not one of them.
  bool presets(const Field<Config>& f, int value) {
    char other[48];
    std::snprintf(other, sizeof other, f.other_preset.label, value);
    const char* current = other;
    for (const FieldPreset& p : f.presets)
      if (p.value == value) current = p.label;
    bool changed = false;
    if (ImGui::BeginCombo("##v", current)) {
      for (const FieldPreset& p : f.presets) {
        if (ImGui::Selectable(p.label, p.value == value) && p.value != value) {
          FieldValue v;
          v.number = p.value;
          std::string ignored;
          f.set(edit_, v, ignored);
          changed = true;
        }
        help(p.explanation);
      }
      if (current == other) {  // listed as it is, last
        ImGui::Selectable(other, true);
        help(f.other_preset.explanation);
      }
      ImGui::EndCombo();
    }
    return changed;
  }

  // A text field (a DBN's layer sizes): parsed when left; a text that does not
  // parse stays in the box with its sentence and is not sent.
  bool text(const Field<Config>& f) {
    const std::string shown = f.get(edit_).text;
    std::array<char, 128>& buffer = texts_[f.name];
    std::string& seen = texts_seen_[f.name];
    if (shown != seen && text_errors_[f.name].empty()) {  // follow the worker unless a bad edit is pending
      std::snprintf(buffer.data(), buffer.size(), "%s", shown.c_str());
      seen = shown;
    }
    ImGui::InputText("##v", buffer.data(), buffer.size());
    if (!ImGui::IsItemDeactivatedAfterEdit()) return false;
    FieldValue v;
    v.text = buffer.data();
    Config next = edit_;
    std::string error;
    if (!f.set(next, v, error)) {
      text_errors_[f.name] = error;
      return false;
    }
    text_errors_[f.name].clear();
    edit_ = next;
    return true;
  }

  void sync(const Config& theirs) {
    if (synced_ && differing_fields(seen_, theirs).empty()) return;
    // Take the worker's values, except where the student holds an invalid edit.
    protocol::Json merged = protocol::config_to_json(theirs);
    const protocol::Json mine = protocol::config_to_json(edit_);
    if (synced_) {
      for (const auto& e : check_fields(edit_))
        if (mine.contains(e.field)) merged[e.field] = mine[e.field];
    }
    std::vector<FieldError> ignored;
    edit_ = theirs;
    protocol::apply_config_fields(merged, edit_, ignored);
    seen_ = theirs;
    synced_ = true;
  }

  std::string error_for(const std::string& field) const {
    if (const auto t = text_errors_.find(field); t != text_errors_.end() && !t->second.empty()) return t->second;
    for (const auto& e : local_) if (e.field == field) return e.message;
    for (const auto& e : lab_->field_errors) if (e.field == field) return e.message;
    return std::string();
  }

  void commit(const std::string& field) {
    for (const auto& e : local_) if (e.field == field) return;  // shown in red, not sent
    const protocol::Json mine = protocol::config_to_json(edit_), theirs = protocol::config_to_json(seen_);
    if (mine.contains(field) && (!theirs.contains(field) || mine[field] != theirs[field]))
      set_config({{field, mine[field]}});
  }

  float label_em_;
  const LabState* lab_ = nullptr;
  Config edit_;   // what the form shows
  Config seen_;   // the worker's config when we last synced
  bool synced_ = false;
  std::vector<FieldError> local_;  // check_fields(edit_), refreshed every frame
  std::map<std::string, std::array<char, 128>> texts_;  // text fields' boxes
  std::map<std::string, std::string> texts_seen_, text_errors_;
};

}  // namespace latent::ui
