// rbm_curves: the training curves of the RBM panel (see rbm_panel.hpp).
#include <algorithm>

#include <imgui.h>

#include "line_plot.hpp"
#include "rbm_panel.hpp"

namespace latent::ui {

namespace {

// Okabe-Ito colours: distinguishable with colour-blindness.
constexpr ImU32 kBlue = IM_COL32(86, 180, 233, 255);
constexpr ImU32 kOrange = IM_COL32(230, 159, 0, 255);
constexpr ImU32 kGreen = IM_COL32(0, 190, 140, 255);
constexpr ImU32 kPink = IM_COL32(204, 121, 167, 255);

const Series* series(const LabState& lab, const char* name) {
  const auto it = lab.history.find(name);
  return it == lab.history.end() ? nullptr : &it->second;
}

}  // namespace

void draw_rbm_curves(const LabState& lab) {
  const bool exact = series(lab, "exact_log_likelihood") != nullptr;
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.28f, 150.0f, 230.0f);
  if (!ImGui::BeginTable("curves", 2, ImGuiTableFlags_SizingStretchSame)) return;
  auto cell = [&](const char* id, const char* title, std::vector<PlotLine> lines, const char* tip) {
    ImGui::TableNextColumn();
    line_plot(id, title, lines, ImVec2(ImGui::GetContentRegionAvail().x, height), tip);
  };
  cell("recon", "Reconstruction error", {{"per digit", series(lab, "recon_error"), kBlue}},
       "Squared difference between a training digit and its one-step reconstruction. "
       "It falls fast, but it is not what an RBM maximises.");
  cell("fe", "Free energy", {{"training", series(lab, "free_energy_train"), kBlue},
                             {"held-out", series(lab, "free_energy_test"), kOrange}},
       "Mean free energy F(v) of training and held-out test digits (lower = more probable "
       "under the model). Measured about once a second.");
  cell("gap", "Free-energy gap (held-out - training)", {{"gap", series(lab, "free_energy_gap"), kPink}},
       "How much less probable held-out digits are than training digits. "
       "A gap that keeps growing means the model is overfitting its training digits.");
  cell("pl", "Pseudo-log-likelihood", {{"per digit", series(lab, "pseudo_likelihood"), kGreen}},
       "A cheap stand-in for the log-likelihood: how well each pixel is predicted from all the others "
       "(estimated by flipping one random pixel). Higher is better.");
  if (exact) {
    cell("exact", "Exact log-likelihood",
         {{"training", series(lab, "exact_log_likelihood_train"), kBlue},
          {"held-out", series(lab, "exact_log_likelihood"), kOrange}},
         "Mean log p(v) in nats per digit, computed exactly by summing over all 2^hidden hidden "
         "states (only possible for small models). Higher is better.");
  }
  ImGui::EndTable();
}

}  // namespace latent::ui
