// share_link (see share_link.hpp).
#include "share_link.hpp"

#include <imgui.h>

#include "json_values.hpp"
#include "link_state.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {

void ShareLink::refused(const std::string& what, const std::vector<FieldError>& errors) {
  problem_ = "The " + what + " in this link could not be used, so the defaults are in use:";
  for (const auto& e : errors) problem_ += "\n  " + e.field + ": " + e.message;
}

const Json* ShareLink::answer(const LabState& lab, int& id, const std::string& what) {
  const Json* r = lab.reply_to(id);
  if (!r) return nullptr;
  id = -1;
  if (r->value("ok", false)) return r;
  std::vector<FieldError> errors = protocol::errors_from_json(r->value("errors", Json::array()));
  if (errors.empty()) errors.push_back({"link", r->value("message", std::string("refused"))});
  refused(what, errors);
  return nullptr;
}

void ShareLink::apply_page_hash_once(const LabState& lab) {
  if (init_id_ >= 0) {
    if (!answer(lab, init_id_, "settings")) return;
    note_ = "Started with the settings from the link.";
    if (!points_.empty()) points_id_ = quietly(send_points(points_));
    return;
  }
  if (points_id_ >= 0) {
    if (answer(lab, points_id_, "points"))
      note_ = "Started with the settings and the " + std::to_string(points_.size() / 2) + " points from the link.";
    return;
  }
  if (applied_ || !lab.ready) return;
  applied_ = true;
  const std::string hash = page_hash();
  if (hash.empty()) return;
  Link link;
  const auto errors = link_from_hash(hash, lab, link);
  if (!errors.empty()) {
    refused("settings", errors);
    return;
  }
  // Points of one's own arrive after init, which starts from the kind's own set.
  if (!link.points.empty()) link.fields.erase("dataset");
  points_ = link.points;
  init_id_ = quietly(init_model(link.kind, link.fields));
}

void ShareLink::draw_button(const LabState& lab) {
  if (ImGui::Button("Copy link")) {
    const ModelView& m = lab.view(lab.model);
    Link link{lab.model, m.config, {}};
    note_.clear();
    problem_.clear();
    const Buffer* points = m.buffer("points");
    if (m.config.value("dataset", std::string()) == "custom" && points && points->rows == 2) {
      link.fields.erase("dataset");  // a link's points make the data set one's own again
      link.fields.erase("points");
      if (points->cols <= kMaxLinkPoints) {
        link.points = points->data;
      } else {
        problem_ = "A link holds at most " + std::to_string(kMaxLinkPoints) + " points and the plane has " +
                   std::to_string(points->cols) + ": this link has the settings but not your points.";
      }
    }
    share_hash(link_to_hash(link));
    copy_pending_ = true;
  }
  mark_item("Copy link");
  help("Puts this model and its settings (and the 2-D lab's own points) into the page's address "
       "(#model=...&hidden=...) and copies it: whoever opens the link starts with the same model and settings.");
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
