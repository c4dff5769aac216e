// embed_view (see embed_view.hpp).
#include "embed_view.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "model_tabs.hpp"
#include "page_glue.hpp"
#include "widgets.hpp"

namespace latent::ui {
namespace {

void draw_bar(const ModelView& m, const Embed& embed, const std::string& open_hash) {
  static int step_count = 100;
  const char* open_label = "open in the full lab \xE2\x86\x97";  // an arrow
  const float open_w = ImGui::CalcTextSize(open_label).x + ImGui::GetStyle().FramePadding.x * 2;
  bool first = true;
  auto next = [&] {
    if (!first) ImGui::SameLine();
    first = false;
  };
  if (!embed.hides("train")) {
    next();
    const bool training = m.state == "training";
    if (ImGui::Button(training ? "Pause" : "Train", ImVec2(ImGui::GetFontSize() * 4.5f, 0))) training ? pause() : train();
    mark_item("embed train");
  }
  if (!embed.hides("step")) {
    next();
    if (ImGui::Button("Step")) step(step_count);
    help("100 updates, then pause.");
  }
  if (!embed.hides("reset")) {
    next();
    if (ImGui::Button("Reset")) reset();
    help("A new model with these settings.");
  }
  if (!embed.hides("progress")) {
    next();
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s  %sepoch %d (%.0f%%)", m.state.c_str(),
                  m.loaded ? "trained model; since: " : "", m.epoch, m.epoch_fraction * 100.0);
    const float w = ImGui::GetContentRegionAvail().x - open_w - ImGui::GetStyle().ItemSpacing.x;
    if (w > ImGui::GetFontSize() * 6) ImGui::ProgressBar(float(std::clamp(m.epoch_fraction, 0.0, 1.0)), ImVec2(w, 0), overlay);
    else ImGui::TextDisabled("%s", m.state.c_str());
  }
  next();
  ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - open_w));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
  if (ImGui::SmallButton(open_label)) open_full_lab(open_hash);
  ImGui::PopStyleColor();
  mark_item("open in the full lab");
  help("This demo in the whole lab, in a new tab, with its settings.");
}

}  // namespace

void draw_embed(const LabState& lab, const Link& link, const std::string& open_hash) {
  const ModelView& m = lab.view(lab.model);
  const ModelTab* tab = find_model_tab(link.kind);
  draw_bar(m, link.embed, open_hash);
  if (!tab || lab.model != link.kind) {  // the link's model is on its way
    ImGui::TextDisabled("Starting the demo...");
    return;
  }
  if (link.embed.view == "panel") tab->draw(lab);
  else if (tab->picture) tab->picture(lab);
}

}  // namespace latent::ui
