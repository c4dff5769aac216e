// dbn_maps_view: the DBN page's 2-D maps (the deep autoencoder's code, PCA, t-SNE
// of the same test digits; dbn_session.hpp lists the buffers) side by side, with the
// unseen digits placed by the two that can, hovering that shows the digit, clicks that
// decode a point; and the course's comparison table filled in from what they show.
#pragma once
#include "bridge.hpp"
#include "image_grid.hpp"

namespace latent::ui {

struct DbnMapsView {
  ImageGrid digits, unseen, decoded;  // the maps' digits (tooltips), the unseen row, the decoded point
  float rect[3][3] = {};  // each map's last x, y, side on the page (CSS px): the test hook lab_ui_dbn_map_rect
  void draw(const LabState& lab, const ModelView& m);
};

void draw_dbn_comparison(const ModelView& m);

}  // namespace latent::ui
