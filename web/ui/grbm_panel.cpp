// grbm_panel (see grbm_panel.hpp).
#include "grbm_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <imgui.h>

#include "config_form.hpp"
#include "grbm_config.hpp"
#include "grbm_exact.hpp"
#include "line_plot.hpp"
#include "page_glue.hpp"
#include "plane_view.hpp"
#include "rbm_panel.hpp"
#include "run_controls.hpp"
#include "widgets.hpp"

namespace latent::ui {

namespace {


// ---------------------------------------------------------------- the plane

struct PlanePanel {
  ConfigForm<GrbmConfig> form;
  RunControls run;
  PlaneLayers layers;
  DensityPicture density;
  bool remove_mode = false;
  float rect[3] = {0, 0, 0};  // where the plane was last drawn: x, y, side (CSS px; the test hook)
};

PlanePanel& plane_panel() {
  static PlanePanel p;
  return p;
}

void draw_components_line(const ModelView& m, int hidden) {
  const Json& snap = m.snapshot;
  if (!snap.is_object() || !snap.contains("components")) return;
  const int total = 1 << std::max(0, hidden);
  ImGui::Text("%d of %d components carry weight", snap.value("components", 0), total);
  help("Components whose mixing weight is at least 1%. d hidden units give 2^d components, but training "
       "may leave many of them with almost no weight.");
}

void draw_plane_controls(const LabState& lab, const ModelView& m, PlanePanel& p) {
  GrbmConfig config;
  read_config(m, config);
  model_heading("Gaussian-Bernoulli RBM in 2-D",
                "Two real-valued visible units and d binary hidden units: p(v) is a mixture of 2^d "
                "Gaussians with means a + W h, one per hidden state h.");
  p.run.draw_status(m, "points");
  p.run.draw_buttons(m);
  p.run.draw_model_files("grbm2d", false);
  draw_components_line(m, config.hidden);
  if (m.has_metric("exact_log_likelihood_train"))
    ImGui::Text("exact log-likelihood %.3f nats per point", m.metric("exact_log_likelihood_train"));
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

// The layer boxes (wrapping on a narrow page).
void draw_layer_boxes(PlanePanel& p) {
  const ImGuiStyle& style = ImGui::GetStyle();
  bool first = true;
  auto box = [&](const char* label, bool* value) {
    if (!first) same_line_if_fits(ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x);
    first = false;
    ImGui::Checkbox(label, value);
  };
  box("density", &p.layers.density);
  box("data", &p.layers.data);
  box("samples", &p.layers.samples);
  box("components", &p.layers.components);
  box("W arrows", &p.layers.arrows);
  box("clicks remove", &p.remove_mode);
  help("Off: a click adds a point, a right-click removes the nearest. On: a click removes (for touch screens).");
}

// The plane of this side at the cursor; its clicks edit the points.
void draw_editable_plane(const ModelView& m, PlanePanel& p, float side) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  p.rect[0] = at.x;
  p.rect[1] = at.y;
  p.rect[2] = side;
  const PlaneClick click = draw_plane(m, side, p.layers, p.remove_mode, p.density);
  std::vector<float> edited;
  if ((click.add || click.remove) && edit_points(m.buffer("points"), click, 0.6f, edited)) send_points(edited);
}

void draw_plane_views(const ModelView& m, PlanePanel& p) {
  section("The plane (live)");
  draw_layer_boxes(p);
  if (ImGui::SmallButton("Load points from a CSV file...")) choose_data_file("points");
  mark_item("load points");
  help("Your own points: a text file with one \"x, y\" per line (a header line is fine), at most 5,000 points "
       "within ±100. They replace the data; training carries on with them.");
  // The legend beside the plane, or under it when that would leave the plane small.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float legend_w = ImGui::GetFontSize() * 12.0f;
  const bool beside = avail.x * 0.62f >= 320.0f && avail.x - avail.x * 0.62f >= legend_w;
  const float side = beside ? std::max(200.0f, std::min(avail.x * 0.62f, std::max(avail.y - 40.0f, 320.0f)))
                            : std::max(200.0f, std::min(avail.x, 560.0f));
  draw_editable_plane(m, p, side);
  if (beside) ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + (beside ? std::max(120.0f, avail.x - side - 16.0f) : side));
  ImGui::TextDisabled("Heat map: the model's exact density p(v).");
  ImGui::TextColored(ImVec4(0.92f, 0.93f, 0.95f, 1), "white dots: the data");
  ImGui::TextColored(ImVec4(0.90f, 0.62f, 0.0f, 1), "orange dots: samples from the Gibbs chains");
  ImGui::TextColored(ImVec4(0.80f, 0.47f, 0.65f, 1), "pink circles: component means a + W h, area ~ weight");
  ImGui::TextColored(ImVec4(0.34f, 0.71f, 0.91f, 1), "blue arrows: the columns of W, from a");
  ImGui::Spacing();
  ImGui::TextDisabled("Click to add points, right-click to remove them: the data set becomes your own and "
                      "training carries on with it.");
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();

  section("Curves");
  const float height = std::clamp(ImGui::GetWindowHeight() * 0.28f, 150.0f, 230.0f);
  if (!ImGui::BeginTable("curves", plots_per_row(3), ImGuiTableFlags_SizingStretchSame)) return;
  auto cell = [&](const char* id, const char* title, const PlotLine& line, const char* tip) {
    ImGui::TableNextColumn();
    line_plot(id, title, {line}, ImVec2(ImGui::GetContentRegionAvail().x, height), tip);
  };
  cell("ll", "Exact log-likelihood", {"nats per point", m.series("exact_log_likelihood_train"), kLineGreen},
       "The mean log p(v) of the data under the exact mixture (higher is better).");
  cell("components", "Components in use", {"weight >= 1%", m.series("components"), kLinePink},
       "How many of the 2^d Gaussians the model actually uses.");
  cell("recon", "Reconstruction error", {"per point", m.series("recon_error"), kLineBlue},
       "Squared distance between a point and E[v|h] after one up-down pass.");
  ImGui::EndTable();
}

// ---------------------------------------------------------------- MNIST

struct MnistPanel {
  ConfigForm<GrbmConfig> form;
  RunControls run;
  RbmPictures pictures;
};

void draw_mnist_controls(const LabState& lab, const ModelView& m, MnistPanel& p) {
  GrbmConfig config;
  read_config(m, config);
  char about[200];
  std::snprintf(about, sizeof about,
                "%d real-valued visible units: each pixel standardised with its mean and standard deviation "
                "over the training digits (floored at 0.2); %d binary hidden units.",
                lab.image_rows * lab.image_cols, config.hidden);
  model_heading("Gaussian-Bernoulli RBM on MNIST", about);
  p.run.draw_status(m, "training digits");
  p.run.draw_buttons(m);
  p.run.draw_model_files("grbm", true);
  p.run.draw_exact(lab, m, config.hidden, kMaxMixtureHidden, "mixture components");
  p.run.draw_error(lab);
  p.form.draw(lab, m);
}

}  // namespace

float plane_rect(int i) { return i >= 0 && i < 3 ? plane_panel().rect[i] : 0.0f; }

void draw_grbm_plane_panel(const LabState& lab) {
  PlanePanel& p = plane_panel();
  const ModelView& m = lab.view("grbm2d");
  panel_columns(m, [&] { draw_plane_controls(lab, m, p); }, [&] { draw_plane_views(m, p); });
}

void draw_grbm_plane_picture(const LabState& lab) {
  PlanePanel& p = plane_panel();
  const ModelView& m = lab.view("grbm2d");
  draw_layer_boxes(p);
  draw_components_line(m, m.config.value("hidden", 0));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(120.0f, std::min(avail.x, avail.y));
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (avail.x - side) * 0.5f));  // centred
  draw_editable_plane(m, p, side);
}

void draw_grbm_mnist_panel(const LabState& lab) {
  static MnistPanel p;
  const ModelView& m = lab.view("grbm");
  panel_columns(m, [&] { draw_mnist_controls(lab, m, p); },
                [&] {
                  section("Pictures (live)");
                  p.pictures.draw_main(lab, m, false);
                  section("Curves");
                  draw_image_model_curves(m, false);
                });
}

}  // namespace latent::ui

