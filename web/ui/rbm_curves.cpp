// rbm_curves: the training curves of the RBM and GRBM-on-MNIST pages (see rbm_panel.hpp).
#include <algorithm>

#include <imgui.h>

#include "line_plot.hpp"
#include "rbm_panel.hpp"

namespace latent::ui {

void draw_image_model_curves(const ModelView& lab, bool pseudo) {
  const bool exact = lab.series("exact_log_likelihood") != nullptr;
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.28f, 150.0f, 230.0f);
  if (!ImGui::BeginTable("curves", plots_per_row(2), ImGuiTableFlags_SizingStretchSame)) return;
  auto cell = [&](const char* id, const char* title, std::vector<PlotLine> lines, const char* tip) {
    ImGui::TableNextColumn();
    line_plot(id, title, lines, ImVec2(ImGui::GetContentRegionAvail().x, height), tip);
  };
  cell("recon", "Reconstruction error", {{"per digit", lab.series("recon_error"), kLineBlue}},
       "Squared difference between a training digit and its one-step reconstruction. "
       "It falls fast, but it is not what an RBM maximises.");
  cell("fe", "Free energy", {{"training", lab.series("free_energy_train"), kLineBlue},
                             {"held-out", lab.series("free_energy_test"), kLineOrange}},
       "Mean free energy F(v) of training and held-out test digits (lower = more probable "
       "under the model). Measured about once a second.");
  cell("gap", "Free-energy gap (held-out - training)", {{"gap", lab.series("free_energy_gap"), kLinePink}},
       "How much less probable held-out digits are than training digits. "
       "A gap that keeps growing means the model is overfitting its training digits.");
  if (pseudo) cell("pl", "Pseudo-log-likelihood", {{"per digit", lab.series("pseudo_likelihood"), kLineGreen}},
       "A cheap stand-in for the log-likelihood: how well each pixel is predicted from all the others "
       "(estimated by flipping one random pixel). Higher is better.");
  if (exact) {
    cell("exact", "Exact log-likelihood",
         {{"training", lab.series("exact_log_likelihood_train"), kLineBlue},
          {"held-out", lab.series("exact_log_likelihood"), kLineOrange}},
         "Mean log p(v) in nats per digit, computed exactly by summing over all 2^hidden hidden "
         "states (only possible for small models). Higher is better. (For the GRBM: a density of "
         "standardised pixels, so it can be positive.)");
  }
  if (lab.series("ais_log_likelihood")) {
    cell("ais", "Log-likelihood by AIS (each measurement)",
         {{"AIS, all test digits", lab.series("ais_log_likelihood"), kLineOrange},
          {"exact, the same digits", lab.series("ais_exact_log_likelihood"), kLineGreen}},
         "Mean log p(v) of the 10,000 test digits in nats, with log Z estimated by annealed importance "
         "sampling each time \"Measure log-likelihood (AIS)\" was pressed; for small models the exact "
         "figure beside it checks the estimate.");
  }
  ImGui::EndTable();
}

}  // namespace latent::ui
