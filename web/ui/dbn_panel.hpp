// dbn_panel: the deep belief network's page: the stages (pre-training, then
// fine-tuning, then the 2-D maps) with buttons to start the later ones; the stack
// drawn as layers with their sizes (which layer trains, which are frozen); per-layer
// filters in pixel space; ancestral samples with what each level above the pixels
// "had in mind"; per-layer reconstruction curves; the pre-trained vs randomly
// initialised classifiers' curves; the maps and the comparison table (dbn_maps_view).
#pragma once
#include "bridge.hpp"

namespace latent::ui {

void draw_dbn_panel(const LabState& lab);
// The ancestral samples alone, as large as fits: an embedded demo.
void draw_dbn_samples_picture(const LabState& lab);
// The last position of map 0..2 (autoencoder, PCA, t-SNE): i = 0 x, 1 y, 2 side.
float dbn_map_rect(int map, int i);

}  // namespace latent::ui
