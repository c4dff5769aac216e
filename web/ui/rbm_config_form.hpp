// rbm_config_form: the RBM's hyper-parameters as a form on a local copy of the
// worker's config. Each edit is checked with latent::validate() as it is typed
// (the message shows in red under the field); a valid value is sent with
// set_config when the field is left (Enter, Tab or a click elsewhere). Fields
// that build a new model are tagged "(resets)". The worker's own refusals
// (LabState::field_errors) show under their fields too.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

class RbmConfigForm {
 public:
  void draw(const LabState& lab);

 private:
  void sync(const LabState& lab);
  std::string error_for(const LabState& lab, const char* field) const;
  void commit(const LabState& lab, const char* field);  // sends the field if valid and changed

  RbmConfig edit_;   // what the form shows
  RbmConfig seen_;   // the worker's config when we last synced
  bool synced_ = false;
  std::vector<FieldError> local_;  // validate(edit_), refreshed every frame
};

}  // namespace latent::ui
