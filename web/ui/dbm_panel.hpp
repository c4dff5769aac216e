// dbm_panel: the deep Boltzmann machine's page, beside a deep belief network of the
// same sizes trained on the same digits (web/worker/dbm_session.hpp): the stages
// (pre-training each layer with doubled inputs, then joint training); the two graphs,
// the DBM's undirected, the DBN's directed below its top RBM; the mean field of a
// chosen test digit, round by round, converging; samples from the DBM's persistent
// chains beside the DBN's ancestral samples; what each model rebuilds of the digit;
// the curves (reconstruction error of both, -F(q), and the bound measured by AIS).
#pragma once
#include "bridge.hpp"

namespace latent::ui {

void draw_dbm_panel(const LabState& lab);
// The two models' samples alone, as large as fits: an embedded demo.
void draw_dbm_samples_picture(const LabState& lab);

}  // namespace latent::ui
