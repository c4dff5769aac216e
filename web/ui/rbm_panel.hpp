// rbm_panel: the page a student sees once MNIST is loaded. A left column of
// controls (run state, Train/Pause, Step, Reset, exact log-likelihood, the
// hyper-parameters, the teacher's link) and a scrolling right area with the
// pictures (rbm_pictures.cpp) and the curves (rbm_curves.cpp).
#pragma once
#include "bridge.hpp"
#include "image_grid.hpp"

namespace latent::ui {

void draw_rbm_panel(const LabState& lab);

// The curves: reconstruction error, free energies and their gap, pseudo- and
// exact log-likelihood, against updates.
void draw_rbm_curves(const LabState& lab);

// The pictures, as textures rebuilt only when a new snapshot arrives.
class RbmPictures {
 public:
  void draw_main(const LabState& lab);      // filters, fantasy chains, data vs reconstructions
  void draw_gradient(const LabState& lab);  // the two CD terms and their difference
  void draw_probe(const LabState& lab);     // one digit's hidden-unit probabilities

 private:
  void update(const LabState& lab);
  ImageGrid filters_, fantasy_, data_, recon_, positive_, negative_, difference_, probe_;
  Colormap filter_colors_ = Colormap::Grey;
  int probe_choice_ = 0;  // the index typed in
  int probe_seen_ = -2;   // lab.probe_index when probe_choice_ was last synced
};

}  // namespace latent::ui
