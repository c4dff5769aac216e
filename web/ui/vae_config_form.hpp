// vae_config_form: the autoencoder / VAE hyper-parameters as a form (config_form.hpp).
#pragma once
#include "bridge.hpp"
#include "config_form.hpp"

namespace latent::ui {

class VaeConfigForm {
 public:
  void draw(const LabState& lab, const ModelView& m);

 private:
  ConfigForm<VaeConfig> form_;
};

}  // namespace latent::ui
