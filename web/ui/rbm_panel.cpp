// rbm_panel: layout of the binary RBM's page (see rbm_panel.hpp).
#include "rbm_panel.hpp"

#include <cstdio>

#include <imgui.h>

#include "config_form.hpp"
#include "rbm_config.hpp"
#include "rbm_exact.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {

struct Panel {
  ConfigForm<RbmConfig> form{9.5f};
  RbmPictures pictures;
  RunControls run;
};

Panel& panel() {
  static Panel p;
  return p;
}

void draw_controls(const LabState& lab, const ModelView& m, Panel& p) {
  RbmConfig config;
  read_config(m, config);
  char about[96];
  std::snprintf(about, sizeof about, "%d binary visible units (%d x %d pixels), %d binary hidden units",
                lab.image_rows * lab.image_cols, lab.image_rows, lab.image_cols, config.hidden);
  model_heading("Restricted Boltzmann machine", about);
  p.run.draw_status(m, "training digits");
  p.run.draw_buttons(m);
  p.run.draw_model_files("rbm", true);
  p.run.draw_exact(lab, m, config.hidden, kMaxExactHidden, "hidden states");
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

}  // namespace

void draw_rbm_pictures(const LabState& lab) { panel().pictures.draw_main(lab, lab.view("rbm"), true); }

void draw_rbm_panel(const LabState& lab) {
  Panel& p = panel();
  const ModelView& m = lab.view("rbm");
  panel_columns(m, [&] { draw_controls(lab, m, p); },
                [&] {
                  section("Pictures (live)");
                  p.pictures.draw_main(lab, m, true);
                  section("Curves");
                  draw_image_model_curves(m, true);
                  section("Inside one update: the two terms of the CD gradient");
                  p.pictures.draw_gradient(lab, m);
                  section("Hidden units for one digit");
                  p.pictures.draw_probe(lab, m);
                });
}

}  // namespace latent::ui
