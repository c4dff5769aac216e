// share_link: the teacher's link. The model kind and its config travel in the
// page's URL hash as field=value pairs named like the config's members, e.g.
//   #model=rbm&hidden=25&learning_rate=0.1&binarization=threshold
//   #model=grbm2d&dataset=ring&hidden=4
// (no model: "rbm"). "Copy link" writes the active model's config there (and to
// the clipboard); on start a hash is read once and applied with init (which also
// opens that model's page); a malformed one gives a message and the defaults stay.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

std::string config_to_hash(const std::string& kind, const Json& config);
// Reads the hash; when the model and every field are valid (checked over the
// model's defaults), sets kind and config (the fields given) and returns no errors.
std::vector<FieldError> config_from_hash(const std::string& hash, std::string& kind, Json& config);

class ShareLink {
 public:
  // Once the lab is ready: applies the page's hash (if any) with init.
  void apply_page_hash_once(const LabState& lab);
  // The "Copy link" button; then (on a line of their own) what happened to the link.
  void draw_button(const LabState& lab);
  void draw_messages();

 private:
  bool applied_ = false;
  std::string note_;        // what happened to the link (dim)
  std::string problem_;     // a malformed link (red)
  bool copy_pending_ = false;
};

}  // namespace latent::ui
