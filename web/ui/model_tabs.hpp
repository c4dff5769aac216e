// model_tabs: the UI's table of model kinds, one line per kind in the worker's
// registry (web/worker/model_registry.cpp): the panel that draws its tab, and the
// picture an embedded demo of it shows (link_state.hpp embed_views). The
// tab's title, the kind's defaults and its fields come from the worker (the
// ready event's "kinds"). The tab bar reads this table; no other UI file lists
// the kinds.
#pragma once
#include <string>
#include <vector>

#include "bridge.hpp"

namespace latent::ui {

struct ModelTab {
  const char* kind;               // the registry's name: "rbm"
  void (*draw)(const LabState&);  // the tab's contents
  void (*picture)(const LabState&);  // its picture alone, as large as fits (embed=<view>)
};

const std::vector<ModelTab>& model_tabs();
const ModelTab* find_model_tab(const std::string& kind);  // null when the UI has no tab for it

}  // namespace latent::ui
