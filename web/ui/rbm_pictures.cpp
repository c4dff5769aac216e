// rbm_pictures: the pictures of the RBM panel (see rbm_panel.hpp), laid out in
// rows (picture_row.hpp).
#include <algorithm>
#include <functional>
#include <vector>

#include <imgui.h>

#include "picture_row.hpp"
#include "rbm_panel.hpp"
#include "widgets.hpp"

namespace latent::ui {

void RbmPictures::update(const LabState& lab, const ModelView& m) {
  const int v = m.snapshot_version, r = lab.image_rows, c = lab.image_cols;
  const GridLook unit{Colormap::Grey, Scaling::Unit, 0};
  const GridLook positive_tiles{Colormap::Grey, Scaling::PerTileMax, 0};
  const GridLook signed_tiles{Colormap::Diverging, Scaling::PerTileSymmetric, 0};
  filters_.update(m.buffer("filters"), v, r, c, {filter_colors_, Scaling::PerTileSymmetric, 0});
  fantasy_.update(m.buffer("fantasy"), v, r, c, unit);
  data_.update(m.buffer("data"), v, r, c, {Colormap::Grey, Scaling::Unit, 5});
  recon_.update(m.buffer("reconstructions"), v, r, c, {Colormap::Grey, Scaling::Unit, 5});
  positive_.update(m.buffer("positive_stats"), v, r, c, positive_tiles);
  negative_.update(m.buffer("negative_stats"), v, r, c, positive_tiles);
  difference_.update(m.buffer("stats_difference"), v, r, c, signed_tiles);
  probe_.update(m.buffer("probe"), v, r, c, unit);
}

void RbmPictures::draw_main(const LabState& lab, const ModelView& m, bool probe) {
  update(lab, m);
  const float max_h = std::clamp(ImGui::GetWindowHeight() * 0.58f, 200.0f, 640.0f);
  Picture filters = grid_picture("Weight filters",
                                 "Weights into each hidden unit (up to 100), each scaled on its own: "
                                 "mid-grey = 0, light = positive, dark = negative.",
                                 filters_, "filters", "hidden unit");
  Picture fantasy = grid_picture("Fantasy chains",
                                 "What the model generates: p(v|h) of Gibbs chains that run beside training.",
                                 fantasy_, "fantasy", "chain");
  const ImVec2 top_texels = data_.texels(), bottom_texels = recon_.texels();
  Picture pairs{"Digits and reconstructions",
                probe ? "Top: test digits. Bottom: the mean of p(v|h) after one up-down pass. Click a digit to probe it."
                      : "Top: test digits. Bottom: the mean of p(v|h) after one up-down pass.",
                ImVec2(std::max(top_texels.x, bottom_texels.x), top_texels.y + bottom_texels.y + 4.0f),
                [&](float scale) {
                  int probe_tile = -1;
                  for (size_t i = 0; i < m.digit_indices.size(); ++i) {
                    if (m.digit_indices[i] == m.probe_index) probe_tile = int(i);
                  }
                  const GridHit top = data_.draw("data", scale, probe_tile);
                  const GridHit bottom = recon_.draw("recon", scale, top.hovered);
                  const int k = top.hovered >= 0 ? top.hovered : bottom.hovered;
                  if (probe && top.clicked >= 0 && top.clicked < int(m.digit_indices.size())) {
                    probe_digit(m.digit_indices[size_t(top.clicked)]);
                  }
                  if (k >= 0) {
                    ImGui::BeginTooltip();
                    if (k < int(m.digit_labels.size()) && k < int(m.digit_indices.size())) {
                      ImGui::Text("test digit #%d, a %d", m.digit_indices[size_t(k)], m.digit_labels[size_t(k)]);
                    }
                    data_.draw_tile(k, 112.0f);
                    ImGui::SameLine();
                    recon_.draw_tile(k, 112.0f);
                    ImGui::TextDisabled(probe ? "left: the digit, right: its reconstruction; click to probe"
                                              : "left: the digit, right: its reconstruction");
                    ImGui::EndTooltip();
                  }
                }};
  picture_row({filters, fantasy, pairs}, max_h);
  int colors = int(filter_colors_);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  if (ImGui::Combo("filter colours", &colors, "grey\0blue-white-red\0")) filter_colors_ = Colormap(colors);
  help("Grey: mid-grey is 0. Blue-white-red: white is 0, red positive, blue negative.");
}

void RbmPictures::draw_gradient(const LabState& lab, const ModelView& m) {
  update(lab, m);
  if (positive_.empty()) {
    ImGui::TextDisabled("These appear after the first update (press Train or Step).");
    return;
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextDisabled("The weight change of one CD update is  learning rate x (<v h^T>_data - <v h^T>_model). "
                      "One square per hidden unit (the first 16), 784 visible units each, "
                      "each scaled on its own: the two terms are >= 0 (black = 0, white = largest); "
                      "in the difference red = positive, blue = negative.");
  ImGui::PopTextWrapPos();
  const float max_h = std::clamp(ImGui::GetWindowHeight() * 0.40f, 160.0f, 420.0f);
  picture_row({grid_picture("<v h^T>_data  (positive phase)",
                            "Pixel/unit co-activations with the minibatch's digits clamped on v.", positive_,
                            "positive", "hidden unit"),
               grid_picture("<v h^T>_model  (negative phase)",
                            "The same after k Gibbs steps: what the model believes.", negative_, "negative",
                            "hidden unit"),
               grid_picture("Difference  (the W gradient)",
                            "Data minus model: where the weights move next.", difference_, "difference",
                            "hidden unit")},
              max_h);
}

void RbmPictures::draw_probe(const LabState& lab, const ModelView& m) {
  update(lab, m);
  const Buffer* probs = m.buffer("hidden_probs");
  ImGui::BeginGroup();
  probe_.draw("probe", crisp_fit(probe_.texels(), 140.0f, 140.0f));
  if (m.probe_index >= 0) ImGui::Text("test digit #%d, a %d", m.probe_index, m.probe_label);
  if (m.probe_index != probe_seen_) probe_choice_ = std::max(0, probe_seen_ = m.probe_index);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
  ImGui::InputInt("##digit", &probe_choice_, 0, 0);
  const bool typed = ImGui::IsItemDeactivatedAfterEdit();
  help("The index of a test digit (0 to 9,999).");
  probe_choice_ = std::clamp(probe_choice_, 0, std::max(0, lab.test_count - 1));
  ImGui::SameLine();
  if (ImGui::Button("Show") || typed) probe_digit(probe_choice_);
  ImGui::SameLine();
  if (ImGui::Button("Next")) {
    probe_choice_ = (std::max(0, m.probe_index) + 1) % std::max(1, lab.test_count);
    probe_digit(probe_choice_);
  }
  help("The next test digit.");
  ImGui::EndGroup();

  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 3);
  ImGui::BeginGroup();
  if (!probs || probs->cols != 1 || probs->rows <= 0) {
    ImGui::TextDisabled("waiting for a snapshot...");
  } else {
    int on = 0;
    double mean = 0;
    for (float p : probs->data) { on += p > 0.5f; mean += p; }
    ImGui::Text("p(h_j = 1 | v) for all %d hidden units: %d above 0.5, mean %.2f", probs->rows, on,
                mean / probs->rows);
    const float width = ImGui::GetContentRegionAvail().x;
    const int j = prob_squares("probs", probs->data.data(), probs->rows, width, 260.0f);
    if (j >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("hidden unit %d: p = %.3f", j, probs->data[size_t(j)]);
      if (j < filters_.count()) filters_.draw_tile(j, 112.0f);
      ImGui::EndTooltip();
    }
    ImGui::TextDisabled("Dark = off, bright = on. Hover a square to see that unit's filter.");
  }
  ImGui::EndGroup();
}

}  // namespace latent::ui
