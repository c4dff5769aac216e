// grbm_panel: the Gaussian-Bernoulli RBM's two pages.
//   The 2-D mixture lab: controls (run, d, data set, hyper-parameters; how many
//   components carry weight) and the plane (plane_view.hpp) with clicks that
//   add/remove points, then curves of the exact log-likelihood, the component
//   count and the reconstruction error.
//   MNIST with standardised pixels: the RBM page's pictures and curves
//   (rbm_panel.hpp) on the GRBM's snapshots.
#pragma once
#include "bridge.hpp"

namespace latent::ui {

void draw_grbm_plane_panel(const LabState& lab);
// The plane alone (with its layer boxes), as large as fits: an embedded demo.
void draw_grbm_plane_picture(const LabState& lab);
void draw_grbm_mnist_panel(const LabState& lab);
// Where the plane was last drawn (0: x, 1: y, 2: side; CSS px), for the test hook
// lab_ui_plane_rect.
float plane_rect(int i);

}  // namespace latent::ui
