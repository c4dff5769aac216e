// share_link: the teacher's link. "Copy link" puts the active model's kind and
// config, and the 2-D lab's own points (link_state.hpp), into the page's URL hash
// and on the clipboard; on start the page's hash is read once and applied, each
// command once the one before succeeded: init (which also opens that model's
// page), the points, the trained default (trained=1), train (train=1). A malformed
// link, or one the worker refuses, gives a message naming the settings, and the
// defaults stay; points beyond what a link holds are left out of it, with a
// message. The link's embed options (embed=, hide=) are kept for the page's layout.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "bridge.hpp"
#include "link_state.hpp"

namespace latent::ui {

class ShareLink {
 public:
  // Once the lab is ready: reads the page's hash (if any); then sends its commands
  // one by one as the worker answers.
  void apply_page_hash_once(const LabState& lab);
  // Applies a link's hash now (an exercise's "Set up"), as the page's is at start.
  void apply(const std::string& hash, const LabState& lab);
  // The "Copy link" button; then (on a line of their own) what happened to the link.
  void draw_button(const LabState& lab);
  // notes false: only a problem (an embedded demo says nothing when all is well).
  void draw_messages(bool notes = true);
  // The page's link as read (its embed options say how the page is laid out).
  const Link& link() const { return link_; }
  // The page loaded Fashion-MNIST (its link said images=fashion).
  bool fashion() const { return fashion_; }
  // The link of what the page shows now, without embed options ("open in the full
  // lab"); its points only while a link holds them.
  Link current_link(const LabState& lab) const;
  std::string current_hash(const LabState& lab) const { return link_to_hash(current_link(lab)); }

 private:
  struct Step {
    std::string what;         // "settings", "points", ...: named in a refusal
    std::function<int()> send;  // sends the command, returns its id
  };
  void refused(const std::string& what, const std::vector<FieldError>& errors);

  bool applied_ = false;
  bool fashion_ = false;
  Link link_;
  std::vector<Step> steps_;  // the link's commands
  size_t next_ = 0;          // the next one to send
  int waiting_ = -1;         // the id of the one sent, until its reply comes
  std::string note_;         // what happened to the link (dim)
  std::string problem_;      // a malformed or refused link (red)
  bool copy_pending_ = false;
};

}  // namespace latent::ui
