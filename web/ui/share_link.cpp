// share_link (see share_link.hpp).
#include "share_link.hpp"

#include <imgui.h>

#include "json_values.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {

void ShareLink::refused(const std::string& what, const std::vector<FieldError>& errors) {
  problem_ = "The " + what + " in this link could not be used, so the defaults are in use:";
  for (const auto& e : errors) problem_ += "\n  " + e.field + ": " + e.message;
}

void ShareLink::apply_page_hash_once(const LabState& lab) {
  if (waiting_ >= 0) {
    const Json* r = lab.reply_to(waiting_);
    if (!r) return;
    waiting_ = -1;
    if (!r->value("ok", false)) {
      std::vector<FieldError> errors = protocol::errors_from_json(r->value("errors", Json::array()));
      if (errors.empty()) errors.push_back({"link", r->value("message", std::string("refused"))});
      refused(steps_[next_ - 1].what, errors);
      next_ = steps_.size();  // the rest depends on it
      return;
    }
    if (next_ == steps_.size()) {
      note_ = link_.points.empty() ? "Started with the settings from the link."
                                   : "Started with the settings and the " + std::to_string(link_.points.size() / 2) +
                                         " points from the link.";
    }
  }
  if (waiting_ < 0 && next_ < steps_.size()) waiting_ = quietly(steps_[next_++].send());
  if (applied_ || !lab.ready) return;
  applied_ = true;
  const std::string hash = page_hash();
  fashion_ = hash_asks_fashion(hash);
  if (!hash.empty()) apply(hash, lab);
}

void ShareLink::apply(const std::string& hash, const LabState& lab) {
  steps_.clear();
  next_ = 0;
  waiting_ = -1;
  note_.clear();
  problem_.clear();
  Link link;
  const auto errors = link_from_hash(hash, lab, link);
  if (!errors.empty()) {
    refused("settings", errors);
    return;
  }
  link_ = link;
  // Points of one's own arrive after init, which starts from the kind's own set.
  Json fields = link_.fields;
  if (!link_.points.empty()) fields.erase("dataset");
  const std::string kind = link_.kind;
  steps_.push_back({"settings", [kind, fields] { return init_model(kind, fields); }});
  if (!link_.points.empty()) steps_.push_back({"points", [this] { return send_points(link_.points); }});
  if (link_.embed.trained) steps_.push_back({"trained model", [kind] { return load_default(kind); }});
  if (link_.embed.train) steps_.push_back({"training", [] { return train(); }});
}

namespace {

// The 2-D lab's points of the student's own (its data set "custom"), else null.
const Buffer* own_points(const ModelView& m) {
  const Buffer* points = m.buffer("points");
  return m.config.value("dataset", std::string()) == "custom" && points && points->rows == 2 ? points : nullptr;
}

}  // namespace

Link ShareLink::current_link(const LabState& lab) const {
  const ModelView& m = lab.view(lab.model);
  Link link{lab.model, m.config, {}, {}, fashion_};
  if (const Buffer* points = own_points(m)) {
    link.fields.erase("dataset");  // a link's points make the data set one's own again
    link.fields.erase("points");
    if (points->cols <= kMaxLinkPoints) link.points = points->data;
  }
  return link;
}

void ShareLink::draw_button(const LabState& lab) {
  if (ImGui::Button("Copy link")) {
    note_.clear();
    problem_.clear();
    const Buffer* points = own_points(lab.view(lab.model));
    if (points && points->cols > kMaxLinkPoints) {
      problem_ = "A link holds at most " + std::to_string(kMaxLinkPoints) + " points and the plane has " +
                 std::to_string(points->cols) + ": this link has the settings but not your points.";
    }
    share_hash(current_hash(lab));
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

void ShareLink::draw_messages(bool notes) {
  if (notes && !note_.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", note_.c_str());
    ImGui::PopTextWrapPos();
  }
  field_error(problem_);
}

}  // namespace latent::ui
