// dbn_panel: the deep belief network's page, first part: the stack drawn as
// layers with their sizes (which layer trains, which are frozen), per-layer
// filters in pixel space, ancestral samples with what each level above the
// pixels "had in mind", and per-layer reconstruction curves. (Fine-tuning and the
// 2-D maps beside PCA and t-SNE come with the rest of the DBN issue.)
#pragma once
#include "bridge.hpp"

namespace latent::ui {

void draw_dbn_panel(const LabState& lab);

}  // namespace latent::ui
