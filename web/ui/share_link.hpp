// share_link: the teacher's link. The config travels in the page's URL hash as
// field=value pairs named like RbmConfig's members, e.g.
//   #hidden=25&learning_rate=0.1&binarization=threshold
// "Copy link" writes the config in use there (and to the clipboard); on start a
// hash is read once and applied with init; a malformed one gives a message and
// the defaults stay.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

std::string config_to_hash(const RbmConfig& config);
// Fills `out` (defaults + the hash's fields) when there are no errors.
std::vector<FieldError> config_from_hash(const std::string& hash, RbmConfig& out);

class ShareLink {
 public:
  // Once the lab is ready: applies the page's hash (if any) with init.
  void apply_page_hash_once(const LabState& lab);
  // The "Copy link" button and what happened.
  void draw(const LabState& lab);

 private:
  bool applied_ = false;
  std::string note_;        // what happened to the link (dim)
  std::string problem_;     // a malformed link (red)
  bool copy_pending_ = false;
};

}  // namespace latent::ui
