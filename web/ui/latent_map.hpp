// latent_map: the VAE's latent space as a scatter of test digits' codes (the
// snapshot's map, map_cov, map_labels: vae_session.hpp), coloured by label, each
// digit's q(z|x) drawn as its one-standard-deviation ellipse; hovering a point
// names the digit; a click anywhere asks for that point to be decoded.
#pragma once
#include <imgui.h>

#include "bridge.hpp"

namespace latent::ui {

struct LatentMapLook {
  bool ellipses = true;
  int ellipse_digits = 300;  // ellipses for the first n digits only (legibility)
};

// A square of side `side` CSS px at the cursor. Returns true (and the point) when clicked.
bool draw_latent_map(const ModelView& m, float side, const LatentMapLook& look, ImVec2& clicked);

}  // namespace latent::ui
