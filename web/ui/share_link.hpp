// share_link: the teacher's link. "Copy link" puts the active model's kind and
// config, and the 2-D lab's own points (link_state.hpp), into the page's URL hash
// and on the clipboard; on start the page's hash is read once and applied: init
// (which also opens that model's page), then the points. A malformed link, or one
// the worker refuses, gives a message naming the settings, and the defaults stay;
// points beyond what a link holds are left out of it, with a message.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

class ShareLink {
 public:
  // Once the lab is ready: applies the page's hash (if any); then watches for the
  // worker's answers.
  void apply_page_hash_once(const LabState& lab);
  // The "Copy link" button; then (on a line of their own) what happened to the link.
  void draw_button(const LabState& lab);
  void draw_messages();

 private:
  void refused(const std::string& what, const std::vector<FieldError>& errors);
  // The reply to command `id` (null while none): refusals become problem_.
  const Json* answer(const LabState& lab, int& id, const std::string& what);

  bool applied_ = false;
  int init_id_ = -1;            // the link's init, until its reply comes
  int points_id_ = -1;          // then its points, until their reply comes
  std::vector<float> points_;   // the link's points, sent once init succeeded
  std::string note_;            // what happened to the link (dim)
  std::string problem_;         // a malformed or refused link (red)
  bool copy_pending_ = false;
};

}  // namespace latent::ui
