// embed_view: the page as an embedded demo (a link with embed=<view>, for course
// notes in an iframe): one line of controls (Train/Pause, Step, Reset, the
// progress; hide= leaves any out) with a small "open in the full lab" at its end,
// then the view filling the rest: the model's whole page ("panel") or its picture
// alone (model_tabs.hpp), laid out for the iframe's size. No tabs, no title.
#pragma once
#include "bridge.hpp"
#include "link_state.hpp"

namespace latent::ui {

// link: the page's link (its model and embed options); open_hash: the link "open in
// the full lab" opens.
void draw_embed(const LabState& lab, const Link& link, const std::string& open_hash);

}  // namespace latent::ui
