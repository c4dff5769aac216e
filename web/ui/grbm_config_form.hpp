// grbm_config_form: the GRBM's hyper-parameters as a form (config_form.hpp), for
// the 2-D lab (data set, points, d as a slider) or MNIST (training digits).
#pragma once
#include "bridge.hpp"
#include "config_form.hpp"

namespace latent::ui {

class GrbmConfigForm {
 public:
  // plane: the 2-D lab's fields; else MNIST's.
  void draw(const LabState& lab, const ModelView& m, bool plane);

 private:
  ConfigForm<GrbmConfig> form_;
};

}  // namespace latent::ui
