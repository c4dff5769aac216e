// vae_panel: the autoencoder / VAE page. Controls (run, the gap's importance
// sampling, the hyper-parameters) and the views: the ELBO and its two parts on
// training and test digits; the gap between log p(x) and the ELBO for a few test
// digits; the latent space (latent_map.hpp) with the decoded digit of a clicked
// point and, for a 2-D latent, the decoded manifold; samples from the prior and an
// interpolation between two digits; one digit's Gaussian latent beside an RBM's
// binary hidden units.
#pragma once
#include "bridge.hpp"

namespace latent::ui {

void draw_vae_panel(const LabState& lab);
// The latent map and the decoded manifold, as large as fits: an embedded demo.
void draw_vae_latent_picture(const LabState& lab);

}  // namespace latent::ui
