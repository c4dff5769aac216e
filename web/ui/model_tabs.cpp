// model_tabs (see model_tabs.hpp): one line per kind.
#include "model_tabs.hpp"

#include "dbm_panel.hpp"
#include "dbn_panel.hpp"
#include "grbm_panel.hpp"
#include "rbm_panel.hpp"
#include "vae_panel.hpp"

namespace latent::ui {

const std::vector<ModelTab>& model_tabs() {
  static const std::vector<ModelTab> tabs = {
      {"rbm", draw_rbm_panel, draw_rbm_pictures},
      {"grbm2d", draw_grbm_plane_panel, draw_grbm_plane_picture},
      {"grbm", draw_grbm_mnist_panel, nullptr},
      {"vae", draw_vae_panel, draw_vae_latent_picture},
      {"dbn", draw_dbn_panel, draw_dbn_samples_picture},
      {"dbm", draw_dbm_panel, draw_dbm_samples_picture},
  };
  return tabs;
}

const ModelTab* find_model_tab(const std::string& kind) {
  for (const ModelTab& t : model_tabs())
    if (kind == t.kind) return &t;
  return nullptr;
}

}  // namespace latent::ui
