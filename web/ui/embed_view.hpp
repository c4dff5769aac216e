// embed_view: the page as an embedded demo (a link with embed=<view>, for course
// notes in an iframe): one line of controls (Train/Pause, Step, Reset, the
// progress; hide= leaves any out) with a small "open in the full lab" at its end,
// then the view filling the rest: the model's whole page ("panel") or its picture
// alone (model_tabs.hpp), laid out for the iframe's size. No tabs, no title.
#pragma once
#include "bridge.hpp"
#include "link_state.hpp"

namespace latent::ui {

// link: the page's link (its model and embed options). True when "open in the full
// lab" was clicked (the caller opens it with the link of what the page shows).
bool draw_embed(const LabState& lab, const Link& link);

}  // namespace latent::ui
