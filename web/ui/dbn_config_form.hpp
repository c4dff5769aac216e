// dbn_config_form: the deep belief network's settings as a form (config_form.hpp):
// the layer sizes as text ("500-500-2000"), the greedy pre-training of each layer.
#pragma once
#include <string>

#include "bridge.hpp"
#include "config_form.hpp"

namespace latent::ui {

class DbnConfigForm {
 public:
  void draw(const LabState& lab, const ModelView& m);

 private:
  ConfigForm<DbnConfig> form_;
  char layers_text_[64] = "";
  std::string layers_seen_;   // the layers (as text) the field last showed
  std::string layers_error_;  // why the typed text is not a list of sizes
};

}  // namespace latent::ui
