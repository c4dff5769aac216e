// panels.cpp: TEMPORARY placeholder. The real RBM panel replaces this file.
#include "panels.hpp"

#include <imgui.h>

#include "bridge.hpp"

void draw_lab() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 16, vp->WorkPos.y + 16), ImGuiCond_FirstUseEver);
  if (ImGui::Begin("Latent Lab", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Restricted Boltzmann machines, trained live on MNIST in your browser.");
    ImGui::Separator();
    ImGui::TextDisabled("The RBM panel is not wired in yet.");
    const latent::ui::LabState& lab = latent::ui::lab_state();
    ImGui::Text("worker: %s, %d events%s", lab.state.c_str(), lab.events,
                lab.ready ? "" : " (loading MNIST)");
    if (lab.ready) ImGui::Text("MNIST: %d training + %d test digits", lab.train_count, lab.test_count);
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::Text("%.0f fps, %.0f x %.0f px (x%.2f)", io.Framerate, io.DisplaySize.x, io.DisplaySize.y,
                io.DisplayFramebufferScale.x);
  }
  ImGui::End();
}
