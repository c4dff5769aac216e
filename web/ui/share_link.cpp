// share_link (see share_link.hpp).
#include "share_link.hpp"

#include <imgui.h>

#include "json_values.hpp"
#include "link_state.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {

void ShareLink::refused(const std::vector<FieldError>& errors) {
  problem_ = "The settings in this link could not be used, so the defaults are in use:";
  for (const auto& e : errors) problem_ += "\n  " + e.field + ": " + e.message;
}

void ShareLink::apply_page_hash_once(const LabState& lab) {
  if (init_id_ >= 0) {  // the worker's answer to the link's settings
    const Json* r = lab.reply_to(init_id_);
    if (!r) return;
    init_id_ = -1;
    if (r->value("ok", false)) {
      note_ = "Started with the settings from the link.";
      return;
    }
    std::vector<FieldError> errors = protocol::errors_from_json(r->value("errors", Json::array()));
    if (errors.empty()) errors.push_back({"link", r->value("message", std::string("refused"))});
    refused(errors);
    return;
  }
  if (applied_ || !lab.ready) return;
  applied_ = true;
  const std::string hash = page_hash();
  if (hash.empty()) return;
  std::string kind;
  Json fields;
  const auto errors = config_from_hash(hash, lab, kind, fields);
  if (errors.empty()) init_id_ = init_model_quietly(kind, fields);
  else refused(errors);
}

void ShareLink::draw_button(const LabState& lab) {
  if (ImGui::Button("Copy link")) {
    share_hash(config_to_hash(lab.model, lab.view(lab.model).config));
    copy_pending_ = true;
    note_.clear();
    problem_.clear();
  }
  help("Puts this model and its settings into the page's address (#model=...&hidden=...) and copies it: "
       "whoever opens the link starts with the same model and settings.");
  if (copy_pending_) {
    const int status = share_status();
    if (status == 1) note_ = "Copied (also in the address bar).";
    if (status == 2) note_ = "The link is in the address bar; copy it from there.";
    if (status != 0) copy_pending_ = false;
  }
}

void ShareLink::draw_messages() {
  if (!note_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", note_.c_str());
    ImGui::PopTextWrapPos();
  }
  field_error(problem_);
}

}  // namespace latent::ui
