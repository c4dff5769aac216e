// rbm_config_form: the binary RBM's hyper-parameters as a form (config_form.hpp:
// checked as typed, sent when a field is left, "(resets)" on structural fields).
#pragma once
#include "bridge.hpp"
#include "config_form.hpp"

namespace latent::ui {

class RbmConfigForm {
 public:
  void draw(const LabState& lab, const ModelView& m);

 private:
  ConfigForm<RbmConfig> form_;
};

}  // namespace latent::ui
