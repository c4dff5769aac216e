// rbm_panel: the binary RBM's page. A left column of controls (run state,
// Train/Pause, Step, Reset, exact log-likelihood, the hyper-parameters) and a
// scrolling right area with the pictures (rbm_pictures.cpp) and the curves
// (rbm_curves.cpp). The pictures and curves also serve the GRBM on MNIST, whose
// snapshots carry the same buffers (filters, data, reconstructions, fantasy).
#pragma once
#include "bridge.hpp"
#include "image_grid.hpp"

namespace latent::ui {

void draw_rbm_panel(const LabState& lab);
// The filters, fantasy chains and reconstructions: an embedded demo.
void draw_rbm_pictures(const LabState& lab);

// The curves: reconstruction error, free energies and their gap, pseudo-
// (pseudo = true) and exact log-likelihood, against updates.
void draw_image_model_curves(const ModelView& m, bool pseudo);

// The pictures, as textures rebuilt only when a new snapshot arrives.
class RbmPictures {
 public:
  // Filters, fantasy chains, data vs reconstructions; probe: clicking a digit probes it.
  void draw_main(const LabState& lab, const ModelView& m, bool probe);
  void draw_gradient(const LabState& lab, const ModelView& m);  // the two CD terms and their difference
  void draw_probe(const LabState& lab, const ModelView& m);     // one digit's hidden-unit probabilities

 private:
  void update(const LabState& lab, const ModelView& m);
  ImageGrid filters_, fantasy_, data_, recon_, positive_, negative_, difference_, probe_;
  Colormap filter_colors_ = Colormap::Grey;
  int probe_choice_ = 0;  // the index typed in
  int probe_seen_ = -2;   // lab.probe_index when probe_choice_ was last synced
};

}  // namespace latent::ui
