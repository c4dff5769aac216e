// embed_view (see embed_view.hpp).
#include "embed_view.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "model_tabs.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

// The line of controls; true when "open in the full lab" was clicked.
bool draw_bar(const ModelView& m, const Embed& embed) {
  constexpr int kStep = 100;  // updates per Step
  const char* open_label = "open in the full lab \xE2\x86\x97";  // an arrow
  const float open_w = ImGui::CalcTextSize(open_label).x + ImGui::GetStyle().FramePadding.x * 2;
  bool first = true;
  auto next = [&] {
    if (!first) ImGui::SameLine();
    first = false;
  };
  if (!embed.hides("train")) {
    next();
    train_pause_button(m, ImGui::GetFontSize() * 4.5f);
    mark_item("embed train");
  }
  if (!embed.hides("step")) {
    next();
    if (ImGui::Button("Step")) step(kStep);
    help("100 updates, then pause.");
  }
  if (!embed.hides("reset")) {
    next();
    if (ImGui::Button("Reset")) reset();
    help("A new model with these settings.");
  }
  if (!embed.hides("progress")) {
    next();
    const float w = ImGui::GetContentRegionAvail().x - open_w - ImGui::GetStyle().ItemSpacing.x;
    if (w > ImGui::GetFontSize() * 6) run_progress(m, w, true);
    else ImGui::TextDisabled("%s", m.state.c_str());
  }
  next();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - open_w));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
  const bool open = ImGui::SmallButton(open_label);
  ImGui::PopStyleColor();
  mark_item("open in the full lab");
  help("This demo in the whole lab, in a new tab, with its settings.");
  return open;
}

}  // namespace

bool draw_embed(const LabState& lab, const Link& link) {
  const ModelTab* tab = find_model_tab(link.kind);
  const bool open = draw_bar(lab.view(lab.model), link.embed);
  if (!tab || lab.model != link.kind) ImGui::TextDisabled("Starting the demo...");  // the link's model is on its way
  else if (link.embed.view == "panel") tab->draw(lab);
  else if (tab->picture) tab->picture(lab);
  return open;
}

}  // namespace latent::ui
