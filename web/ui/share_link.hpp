// share_link: the teacher's link. "Copy link" puts the active model's kind and
// config into the page's URL hash (link_state.hpp) and on the clipboard; on
// start the page's hash is read once and applied with init (which also opens that
// model's page). A malformed link, or one the worker refuses, gives a message
// naming the settings, and the defaults stay.
#pragma once
#include <string>

#include "bridge.hpp"

namespace latent::ui {

class ShareLink {
 public:
  // Once the lab is ready: applies the page's hash (if any) with init; then
  // watches for the worker's answer.
  void apply_page_hash_once(const LabState& lab);
  // The "Copy link" button; then (on a line of their own) what happened to the link.
  void draw_button(const LabState& lab);
  void draw_messages();

 private:
  void refused(const std::vector<FieldError>& errors);

  bool applied_ = false;
  int init_id_ = -1;        // the link's init, until its reply comes
  std::string note_;        // what happened to the link (dim)
  std::string problem_;     // a malformed link (red)
  bool copy_pending_ = false;
};

}  // namespace latent::ui
